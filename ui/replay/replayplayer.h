#pragma once

#include "poolevent.h"
#include "replay.h"
#include "sessionfeed.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

#include <optional>

// A recording played back: a moment of it (the position), which it shows to the views as the
// feeds a live session would have delivered, whether it plays and how fast. A jump to any
// moment (seek) first says rewound(), so the views forget what they were shown, then feeds
// them the session as it was a history before the moment (Replay::stateAt, with every workload
// report until then, which the statistics add up) and the recorded feeds from there to the
// moment, ending with moved(). Playing feeds what comes next, a tenth of a second at a time.
// Times are the recording's, MonotonicClock nanoseconds; positionNs() runs from startNs() to
// endNs().
class ReplayPlayer : public QObject
{
    Q_OBJECT
public:
    static constexpr int TickMs = 100; // as often as the live window takes a feed
    static constexpr qint64 DefaultHistoryNs = 60'000'000'000;

    // fileName names the recording in what the window says.
    ReplayPlayer(Replay replay, const QString &fileName, QObject *parent = nullptr);

    const Replay &replay() const { return m_replay; }
    const QString &fileName() const { return m_fileName; }
    // The pool the window shows: the recording's first.
    quint32 pool() const { return m_pool; }
    qint64 startNs() const { return m_replay.startNs(); }
    qint64 endNs() const { return m_replay.endNs(); }
    qint64 positionNs() const { return m_positionNs; }
    // Where a window on the recording opens: the first feed of the shown pool with its
    // snapshot, where its settings and connections are known.
    qint64 firstMomentNs() const;

    // How far before a moment a jump starts feeding: what the timelines show of the past.
    void setHistoryNs(qint64 ns) { m_historyNs = ns; }
    qint64 historyNs() const { return m_historyNs; }

    // The views afresh, as at timeNs (clamped to the recording).
    void seek(qint64 timeNs);
    // What happened from the position to timeNs, fed on top of what the views have; a moment
    // before the position is a seek.
    void advanceTo(qint64 timeNs);

    void setPlaying(bool playing);
    bool isPlaying() const { return m_timer.isActive(); }
    // 1, 10 or 100 recorded seconds a second.
    void setSpeed(int speed);
    int speed() const { return m_speed; }

    // Seeks to where the next (previous) event of the kind in the shown pool was delivered and
    // returns it; nullopt, and the position stays, when there is none.
    std::optional<PoolEvent> jumpToNext(EventKind kind);
    std::optional<PoolEvent> jumpToPrevious(EventKind kind);

Q_SIGNALS:
    void rewound();
    void fed(const SessionFeed &feed);
    // After the feeds of a seek or an advance: the views' "now".
    void moved(qint64 timeNs);
    void playingChanged(bool playing);

private:
    // A recording of poolscope run drives its pool with a bounded run, not the pool's own
    // workload: the views show the progress of either as the workload's.
    static QList<LoadProgress> progressOf(const PoolFeed &part);
    SessionFeed shown(const SessionFeed &feed) const;
    // stateAt(timeNs) with the shown pool's workload reports up to then, not only the latest.
    SessionFeed baselineAt(qint64 timeNs) const;
    void feedBetween(int afterFeed, int lastFeed);
    void tick();
    // Where a jump searches from: the event jumped to while the position is still the one it
    // gave (a little after the event, where the feed that told of it came), else the position.
    qint64 jumpOrigin() const;
    void jumpTo(const PoolEvent &event);

    Replay m_replay;
    QString m_fileName;
    quint32 m_pool = 0;
    qint64 m_positionNs = 0;
    qint64 m_historyNs = DefaultHistoryNs;
    int m_speed = 1;
    QTimer m_timer;
    QElapsedTimer m_sinceTick;
    qint64 m_jumpEventNs = -1;
    qint64 m_jumpPositionNs = -1;
};

#pragma once

#include "idlecutoffresult.h"
#include "probeconnection.h"
#include "proberesolver.h"
#include "probesettings.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QTimer>

// Finds after how long something on the path (the server, a NAT, a load balancer, a firewall)
// drops idle connections, and how it shows: FIN, RST or silence.
//
// Each trial opens a connection, makes one request to see it work, leaves it idle for a set
// time, then checks it with another request. A first round runs trials in parallel with idle
// times growing by doubling up to the max idle time; once one fails, each further round splits
// the interval between the longest idle seen usable and the shortest seen failing with
// SplitCount parallel trials, until it is narrower than the resolution. A drop that shows on
// its own while a connection is idle (a FIN or RST) is timed exactly. Trials that can no
// longer narrow the interval are dropped early, so the search takes little more than the
// cutoff itself per round.
//
// Asynchronous on the calling thread's event loop.
class IdleCutoffFinder : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 FirstIdleMs = 250;
    static constexpr int SplitCount = 16;
    static constexpr qint64 MinResolutionMs = 100;
    static constexpr double RelativeResolution = 0.05;
    // A check waits for its answer at least this long, and ten times the slowest answer seen
    // on a fresh connection, before calling the silence a drop (never longer than the
    // settings' timeout).
    static constexpr qint64 MinSilenceMs = 500;

    explicit IdleCutoffFinder(QObject *parent = nullptr);
    ~IdleCutoffFinder() override;

    // Needs a protocol: a connection counts as usable only when it answers a request.
    // Returns the errors; empty: started.
    QStringList start(const ProbeSettings &settings);
    // Ends now; emits finished() with the outcome Stopped.
    void stop();
    bool isRunning() const { return m_running; }
    const IdleCutoffResult &result() const { return m_result; }

Q_SIGNALS:
    void trialFinished(const IdleCutoffResult::Trial &trial);
    // percent: of the current round's longest wait; text: what it is doing.
    void progressChanged(int percent, const QString &text);
    void finished(const IdleCutoffResult &result);

private:
    struct Trial
    {
        qint64 targetIdleMs = 0;
        bool idle = false; // its first request was answered; now idle or checking
        qint64 checkedAfterNs = 0; // idle time when the check request went out
        QTimer *idleTimer = nullptr; // a child of the connection
    };

    void onResolved(const ProbeStep &step);
    void startRound(const QList<qint64> &idleTimesMs);
    void launch(qint64 targetIdleMs);
    void onStep(ProbeConnection *connection, const ProbeStep &step);
    void onIdleElapsed(ProbeConnection *connection);
    void conclude(ProbeConnection *connection, IdleCutoffResult::Fate fate, qint64 idleNs,
                  bool whileIdle, const QString &message);
    void prune();
    void drop(ProbeConnection *connection);
    void endRound();
    void fail(const ProbeVerdict &verdict);
    void finish(IdleCutoffResult::Outcome outcome);
    void reportProgress();
    qint64 silenceTimeoutMs() const;
    qint64 resolutionMs() const;

    ProbeSettings m_settings;
    ProbeResolver m_resolver;
    QHostAddress m_address;
    QHash<ProbeConnection *, Trial> m_trials;
    QTimer m_progressTimer;
    IdleCutoffResult m_result;
    qint64 m_startNs = 0;
    qint64 m_roundStartNs = 0;
    qint64 m_roundLongestMs = 0;
    qint64 m_slowestAnswerNs = 0;
    qint64 m_lowerNs = 0; // the longest idle seen usable
    qint64 m_upperNs = 0; // the shortest idle seen failing; 0: none yet
    qint64 m_closedWhileIdleNs = 0; // the shortest idle at which a FIN or RST came by itself
    bool m_upperAmbiguous = false; // m_upperNs is a FIN or RST met by a check request
    bool m_running = false;
};

#include "replayplayer.h"

#include <algorithm>

ReplayPlayer::ReplayPlayer(Replay replay, const QString &fileName, QObject *parent)
    : QObject(parent)
    , m_replay(std::move(replay))
    , m_fileName(fileName)
    , m_pool(m_replay.pools().value(0, 1))
    , m_positionNs(m_replay.startNs())
{
    m_timer.setInterval(TickMs);
    connect(&m_timer, &QTimer::timeout, this, &ReplayPlayer::tick);
}

qint64 ReplayPlayer::firstMomentNs() const
{
    for (int i = 0; i < m_replay.feedCount(); ++i) {
        if (const PoolFeed *part = m_replay.feed(i).pool(m_pool); part && part->snapshot)
            return m_replay.feed(i).timeNs;
    }
    return startNs();
}

QList<LoadProgress> ReplayPlayer::progressOf(const PoolFeed &part)
{
    QList<LoadProgress> progress = part.workload;
    for (const RunUpdate &run : part.runs) {
        if (run.progress)
            progress << *run.progress;
    }
    return progress;
}

SessionFeed ReplayPlayer::shown(const SessionFeed &feed) const
{
    const PoolFeed *part = feed.pool(m_pool);
    if (!part || part->runs.isEmpty())
        return feed;
    SessionFeed copy = feed;
    for (PoolFeed &pool : copy.pools) {
        if (pool.pool == m_pool)
            pool.workload = progressOf(pool);
    }
    return copy;
}

SessionFeed ReplayPlayer::baselineAt(qint64 timeNs) const
{
    SessionFeed feed = m_replay.stateAt(timeNs);
    PoolFeed *pool = nullptr;
    for (PoolFeed &part : feed.pools) {
        if (part.pool == m_pool)
            pool = &part;
    }
    if (!pool)
        return feed;
    // The statistics count the workload's requests from its reports, so they need every one.
    pool->workload.clear();
    const int last = m_replay.feedAt(timeNs);
    for (int i = 0; i <= last; ++i) {
        if (const PoolFeed *part = m_replay.feed(i).pool(m_pool))
            pool->workload += progressOf(*part);
    }
    return feed;
}

void ReplayPlayer::feedBetween(int afterFeed, int lastFeed)
{
    for (int i = afterFeed + 1; i <= lastFeed; ++i)
        Q_EMIT fed(shown(m_replay.feed(i)));
}

void ReplayPlayer::seek(qint64 timeNs)
{
    timeNs = std::clamp(timeNs, startNs(), endNs());
    const qint64 fromNs = std::max(startNs(), timeNs - m_historyNs);
    Q_EMIT rewound();
    Q_EMIT fed(baselineAt(fromNs));
    feedBetween(m_replay.feedAt(fromNs), m_replay.feedAt(timeNs));
    m_positionNs = timeNs;
    Q_EMIT moved(timeNs);
}

void ReplayPlayer::advanceTo(qint64 timeNs)
{
    timeNs = std::clamp(timeNs, startNs(), endNs());
    if (timeNs < m_positionNs) {
        seek(timeNs);
        return;
    }
    feedBetween(m_replay.feedAt(m_positionNs), m_replay.feedAt(timeNs));
    m_positionNs = timeNs;
    Q_EMIT moved(timeNs);
}

void ReplayPlayer::setPlaying(bool playing)
{
    if (playing == isPlaying())
        return;
    if (playing) {
        // Play at the end starts again from the beginning, as a media player does.
        if (m_positionNs >= endNs())
            seek(startNs());
        m_sinceTick.start();
        m_timer.start();
    } else {
        m_timer.stop();
    }
    Q_EMIT playingChanged(playing);
}

void ReplayPlayer::setSpeed(int speed)
{
    m_speed = std::max(1, speed);
}

void ReplayPlayer::tick()
{
    // The recorded time that passed is the real time since the last tick, however late the
    // timer came, times the speed.
    const qint64 elapsedNs = m_sinceTick.nsecsElapsed();
    m_sinceTick.start();
    advanceTo(m_positionNs + elapsedNs * m_speed);
    if (m_positionNs >= endNs())
        setPlaying(false);
}

qint64 ReplayPlayer::jumpOrigin() const
{
    return m_positionNs == m_jumpPositionNs ? m_jumpEventNs : m_positionNs;
}

void ReplayPlayer::jumpTo(const PoolEvent &event)
{
    // A feed delivers what happened before it: the views have the event once the feed after
    // it came.
    const int feed = std::min(m_replay.feedAt(event.timeNs) + 1, m_replay.feedCount() - 1);
    seek(std::max(event.timeNs, m_replay.feed(feed).timeNs));
    m_jumpEventNs = event.timeNs;
    m_jumpPositionNs = m_positionNs;
}

std::optional<PoolEvent> ReplayPlayer::jumpToNext(EventKind kind)
{
    const std::optional<PoolEvent> event = m_replay.nextEvent(kind, jumpOrigin(), m_pool);
    if (event)
        jumpTo(*event);
    return event;
}

std::optional<PoolEvent> ReplayPlayer::jumpToPrevious(EventKind kind)
{
    const std::optional<PoolEvent> event = m_replay.previousEvent(kind, jumpOrigin(), m_pool);
    if (event)
        jumpTo(*event);
    return event;
}

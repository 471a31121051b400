#include "feedstate.h"

#include "endpoint.h"

FeedState::FeedState(quint32 pool, QObject *parent)
    : QObject(parent)
    , m_pool(pool)
{ }

QString FeedState::labEndpoint() const
{
    const LabSettings &lab = m_profile.lab;
    return lab.port ? Endpoint::of(lab.address, quint16(lab.port)) : QString();
}

void FeedState::apply(const SessionFeed &feed)
{
    SessionProfile profile = m_profile;
    if (feed.lab.settings)
        profile.lab = *feed.lab.settings;
    bool running = m_workloadRunning;
    if (const PoolFeed *pool = feed.pool(m_pool)) {
        if (pool->config) {
            profile.pool = pool->config->settings;
            profile.load = pool->config->load;
            profile.targetsLab = pool->config->targetsLab;
            running = pool->config->workloadRunning;
        }
        m_droppedEvents = pool->droppedEvents;
        if (pool->snapshot)
            m_stats = pool->snapshot->stats;
    }
    if (!(profile == m_profile)) {
        m_profile = profile;
        Q_EMIT profileChanged(m_profile);
    }
    if (running != m_workloadRunning) {
        m_workloadRunning = running;
        Q_EMIT workloadRunningChanged(running);
    }
    if (feed.lab.listening && *feed.lab.listening != m_labListening) {
        m_labListening = *feed.lab.listening;
        Q_EMIT labListeningChanged(m_labListening);
    }
    if (feed.lab.counters) {
        m_labCounters = *feed.lab.counters;
        Q_EMIT labCountersChanged(m_labCounters);
    }
    for (const SessionReply &reply : feed.replies)
        Q_EMIT replied(reply);
    for (const ComparisonUpdate &update : feed.comparisons)
        Q_EMIT comparisonUpdated(update);
    if (!feed.probe.isEmpty())
        Q_EMIT probed(feed.probe);
}

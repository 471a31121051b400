#include "feedtail.h"

#include <algorithm>

using namespace Qt::StringLiterals;

void FeedTail::append(const SessionFeed &feed)
{
    m_feeds.push_back(feed);
    while (m_feeds.size() > 1 && feed.timeNs - m_feeds.front().timeNs > m_spanNs) {
        fold(m_past, m_feeds.front());
        m_feeds.pop_front();
        m_dropped = true;
    }
}

void FeedTail::clear()
{
    m_feeds.clear();
    m_past = SessionFeed();
    m_dropped = false;
}

SessionFeed FeedTail::stateNow() const
{
    SessionFeed state = m_past;
    for (const SessionFeed &feed : m_feeds)
        fold(state, feed);
    return state;
}

Recording FeedTail::toRecording(const RecordingHeader &header) const
{
    Recording recording;
    recording.header = header;
    if (m_dropped)
        recording.feeds.append(m_past);
    recording.feeds.append(QList<SessionFeed>(m_feeds.begin(), m_feeds.end()));
    if (!recording.feeds.isEmpty())
        recording.header.startNs = recording.feeds.front().timeNs;
    if (m_dropped)
        recording.setNotice(u"The window keeps the last %1 s of events; older ones are left "
                            "out, their lasting state kept"_s.arg(m_spanNs / 1'000'000'000));
    return recording;
}

void FeedTail::fold(SessionFeed &state, const SessionFeed &feed)
{
    state.sequence = feed.sequence;
    state.timeNs = feed.timeNs;
    for (const PoolFeed &part : feed.pools) {
        auto pool = std::find_if(state.pools.begin(), state.pools.end(),
                                 [&](const PoolFeed &p) { return p.pool == part.pool; });
        if (part.removed) {
            if (pool != state.pools.end())
                state.pools.erase(pool);
            continue;
        }
        if (pool == state.pools.end()) {
            state.pools.append(PoolFeed());
            pool = std::prev(state.pools.end());
            pool->pool = part.pool;
        }
        foldPool(*pool, part);
    }
    if (feed.lab.settings)
        state.lab.settings = feed.lab.settings;
    if (feed.lab.listening)
        state.lab.listening = feed.lab.listening;
    if (feed.lab.counters)
        state.lab.counters = feed.lab.counters;
    for (const ComparisonUpdate &update : feed.comparisons) {
        auto known = std::find_if(
            state.comparisons.begin(), state.comparisons.end(),
            [&](const ComparisonUpdate &c) { return c.comparison == update.comparison; });
        if (known == state.comparisons.end())
            state.comparisons.append(update);
        else
            *known = update;
    }
}

void FeedTail::foldPool(PoolFeed &state, const PoolFeed &part)
{
    if (part.snapshot)
        state.snapshot = part.snapshot;
    if (part.config)
        state.config = part.config;
    if (!part.workload.isEmpty())
        state.workload = {part.workload.back()};
    state.droppedEvents = part.droppedEvents;
    for (const RunUpdate &update : part.runs) {
        auto known = std::find_if(state.runs.begin(), state.runs.end(),
                                  [&](const RunUpdate &r) { return r.run == update.run; });
        if (known == state.runs.end()) {
            state.runs.append(update);
            continue;
        }
        if (update.progress)
            known->progress = update.progress;
        if (update.report) {
            known->report = update.report;
            known->dials = update.dials;
        }
    }
}

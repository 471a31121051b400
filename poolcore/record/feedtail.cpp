#include "feedtail.h"

#include <algorithm>

using namespace Qt::StringLiterals;

void FeedTail::append(const SessionFeed &feed)
{
    fold(m_now, feed);
    m_entries.push_back(entryOf(feed));
    while (m_entries.size() > 1 && feed.timeNs - m_entries.front().timeNs > m_spanNs) {
        m_entries.pop_front();
        m_dropped = true;
    }
}

void FeedTail::clear()
{
    m_entries.clear();
    m_now = SessionFeed();
    m_gaugesAtNs.clear();
    m_dropped = false;
}

FeedTail::Entry FeedTail::entryOf(const SessionFeed &feed)
{
    Entry entry;
    entry.sequence = feed.sequence;
    entry.timeNs = feed.timeNs;
    for (const PoolFeed &part : feed.pools) {
        PoolPart kept;
        kept.pool = part.pool;
        kept.events = part.events;
        kept.removed = part.removed;
        qint64 &last = m_gaugesAtNs.try_emplace(part.pool, -GaugeIntervalNs).first->second;
        if (part.snapshot && part.snapshot->timeNs - last >= GaugeIntervalNs) {
            const PoolStats &s = part.snapshot->stats;
            kept.gauges
                = Gauges{part.snapshot->timeNs, s.open, s.idle, s.inUse, s.dialing, s.waiting};
            last = part.snapshot->timeNs;
        }
        if (!kept.events.isEmpty() || kept.gauges || kept.removed)
            entry.pools.append(kept);
    }
    return entry;
}

SessionFeed FeedTail::feedOf(const Entry &entry)
{
    SessionFeed feed;
    feed.sequence = entry.sequence;
    feed.timeNs = entry.timeNs;
    for (const PoolPart &kept : entry.pools) {
        PoolFeed part;
        part.pool = kept.pool;
        part.events = kept.events;
        part.removed = kept.removed;
        if (kept.gauges) {
            PoolSnapshot snapshot;
            snapshot.timeNs = kept.gauges->timeNs;
            snapshot.stats.open = kept.gauges->open;
            snapshot.stats.idle = kept.gauges->idle;
            snapshot.stats.inUse = kept.gauges->inUse;
            snapshot.stats.dialing = kept.gauges->dialing;
            snapshot.stats.waiting = kept.gauges->waiting;
            part.snapshot = snapshot;
        }
        feed.pools.append(part);
    }
    return feed;
}

SessionFeed FeedTail::stateNow() const
{
    SessionFeed state = m_now;
    // A state, not a report of new work: what the progress reports' intervals counted was
    // counted before.
    for (PoolFeed &pool : state.pools) {
        for (LoadProgress &progress : pool.workload)
            progress = LoadProgress::totalsOf(progress);
        for (RunUpdate &run : pool.runs) {
            if (run.progress)
                run.progress = LoadProgress::totalsOf(*run.progress);
        }
    }
    return state;
}

Recording FeedTail::toRecording(const RecordingHeader &header) const
{
    Recording recording;
    recording.header = header;
    if (m_entries.empty())
        return recording;
    // The pools' configs and the lab first, for the trace's names and the replay's views.
    SessionFeed first;
    first.sequence = m_entries.front().sequence;
    first.timeNs = m_entries.front().timeNs;
    first.lab.settings = m_now.lab.settings;
    first.lab.listening = m_now.lab.listening;
    for (const PoolFeed &pool : m_now.pools) {
        PoolFeed part;
        part.pool = pool.pool;
        part.config = pool.config;
        first.pools.append(part);
    }
    recording.feeds.append(first);
    for (const Entry &entry : m_entries)
        recording.feeds.append(feedOf(entry));
    recording.header.startNs = first.timeNs;
    if (m_dropped)
        recording.setNotice(u"The window keeps the last %1 s of events; older ones are left "
                            "out"_s.arg(m_spanNs / 1'000'000'000));
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

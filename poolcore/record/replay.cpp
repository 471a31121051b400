#include "replay.h"

#include <algorithm>
#include <set>

Replay::Replay(Recording recording)
    : m_recording(std::move(recording))
{
    m_feedTimes.reserve(m_recording.feeds.size());
    for (int i = 0; i < feedCount(); ++i) {
        // Feeds go out in order; a clock that stepped back would break the binary searches.
        const qint64 t = m_recording.feeds[i].timeNs;
        m_feedTimes.push_back(m_feedTimes.empty() ? t : std::max(t, m_feedTimes.back()));
        index(i, m_recording.feeds[i]);
    }
    for (PoolIndex &pool : m_pools)
        indexEvents(pool);
    m_startNs = m_recording.header.startNs;
    if (!m_feedTimes.empty())
        m_startNs = std::min(m_startNs, m_feedTimes.front());
    m_endNs = m_feedTimes.empty() ? m_startNs : m_feedTimes.back();
}

void Replay::index(int feedIndex, const SessionFeed &feed)
{
    for (const PoolFeed &part : feed.pools) {
        auto pool = std::find_if(m_pools.begin(), m_pools.end(),
                                 [&](const PoolIndex &p) { return p.id == part.pool; });
        if (pool == m_pools.end()) {
            pool = m_pools.insert(m_pools.end(), PoolIndex());
            pool->id = part.pool;
            pool->firstFeed = feedIndex;
        }
        pool->parts.push_back(feedIndex);
        if (part.snapshot)
            pool->snapshots.push_back(feedIndex);
        if (part.config)
            pool->configs.push_back(feedIndex);
        if (!part.workload.isEmpty())
            pool->workload.push_back(feedIndex);
        for (const RunUpdate &run : part.runs) {
            if (run.progress)
                pool->runProgress[run.run].push_back(feedIndex);
            if (run.report)
                pool->runReports[run.run].push_back(feedIndex);
        }
        if (part.removed)
            pool->removedFeed = feedIndex;
        pool->events.insert(pool->events.end(), part.events.begin(), part.events.end());
    }
    if (feed.lab.settings)
        m_labSettings.push_back(feedIndex);
    if (feed.lab.listening)
        m_labListening.push_back(feedIndex);
    if (feed.lab.counters)
        m_labCounters.push_back(feedIndex);
    for (const ComparisonUpdate &update : feed.comparisons)
        m_comparisons[update.comparison].push_back(feedIndex);
}

void Replay::indexEvents(PoolIndex &pool)
{
    std::stable_sort(pool.events.begin(), pool.events.end(),
                     [](const PoolEvent &a, const PoolEvent &b) { return a.timeNs < b.timeNs; });
    pool.times.reserve(pool.events.size());
    for (int i = 0; i < int(pool.events.size()); ++i) {
        const PoolEvent &event = pool.events[i];
        pool.times.push_back(event.timeNs);
        pool.kindTimes[size_t(event.kind)].push_back(event.timeNs);
        pool.kindEvents[size_t(event.kind)].push_back(i);
    }
}

int Replay::feedAt(qint64 timeNs) const
{
    return int(std::upper_bound(m_feedTimes.begin(), m_feedTimes.end(), timeNs)
               - m_feedTimes.begin())
        - 1;
}

QList<quint32> Replay::pools() const
{
    QList<quint32> ids;
    for (const PoolIndex &pool : m_pools)
        ids << pool.id;
    return ids;
}

int Replay::lastOf(const Feeds &feeds, int feedIndex)
{
    const auto after = std::upper_bound(feeds.begin(), feeds.end(), feedIndex);
    return after == feeds.begin() ? -1 : *std::prev(after);
}

PoolFeed Replay::poolAt(const PoolIndex &pool, int feedIndex) const
{
    const auto partOf = [&](int at) -> const PoolFeed & { return *feed(at).pool(pool.id); };
    PoolFeed state;
    state.pool = pool.id;
    if (const int at = lastOf(pool.snapshots, feedIndex); at >= 0)
        state.snapshot = partOf(at).snapshot;
    if (const int at = lastOf(pool.configs, feedIndex); at >= 0)
        state.config = partOf(at).config;
    if (const int at = lastOf(pool.workload, feedIndex); at >= 0)
        state.workload = {partOf(at).workload.back()};
    state.droppedEvents = partOf(lastOf(pool.parts, feedIndex)).droppedEvents;
    std::set<quint64> runIds;
    for (const auto &[run, feeds] : pool.runProgress)
        runIds.insert(run);
    for (const auto &[run, feeds] : pool.runReports)
        runIds.insert(run);
    for (const quint64 run : runIds) {
        // The run's latest update that carried the part (progress or report).
        const auto latest
            = [&](const std::map<quint64, Feeds> &byRun, auto part) -> const RunUpdate * {
            const auto found = byRun.find(run);
            const int at = found == byRun.end() ? -1 : lastOf(found->second, feedIndex);
            if (at < 0)
                return nullptr;
            const QList<RunUpdate> &updates = partOf(at).runs;
            return &*std::find_if(updates.rbegin(), updates.rend(), [&](const RunUpdate &r) {
                return r.run == run && (r.*part).has_value();
            });
        };
        RunUpdate update;
        update.run = run;
        if (const RunUpdate *progress = latest(pool.runProgress, &RunUpdate::progress))
            update.progress = progress->progress;
        if (const RunUpdate *report = latest(pool.runReports, &RunUpdate::report)) {
            update.report = report->report;
            update.dials = report->dials;
        }
        state.runs << update;
    }
    return state;
}

SessionFeed Replay::stateAt(qint64 timeNs) const
{
    SessionFeed state;
    state.timeNs = timeNs;
    const int at = feedAt(timeNs);
    if (at < 0)
        return state;
    state.sequence = feed(at).sequence;
    for (const PoolIndex &pool : m_pools) {
        if (pool.firstFeed <= at && (pool.removedFeed < 0 || pool.removedFeed > at))
            state.pools << poolAt(pool, at);
    }
    if (const int settings = lastOf(m_labSettings, at); settings >= 0)
        state.lab.settings = feed(settings).lab.settings;
    if (const int listening = lastOf(m_labListening, at); listening >= 0)
        state.lab.listening = feed(listening).lab.listening;
    if (const int counters = lastOf(m_labCounters, at); counters >= 0)
        state.lab.counters = feed(counters).lab.counters;
    for (const auto &[comparison, feeds] : m_comparisons) {
        const int latest = lastOf(feeds, at);
        if (latest < 0)
            continue;
        for (const ComparisonUpdate &update : feed(latest).comparisons) {
            if (update.comparison == comparison)
                state.comparisons << update;
        }
    }
    return state;
}

const Replay::PoolIndex *Replay::poolIndex(quint32 id) const
{
    for (const PoolIndex &pool : m_pools) {
        if (pool.id == id)
            return &pool;
    }
    return nullptr;
}

QList<PoolEvent> Replay::events(quint32 pool, qint64 fromNs, qint64 toNs) const
{
    const PoolIndex *index = poolIndex(pool);
    if (!index || toNs <= fromNs)
        return {};
    const auto from = std::lower_bound(index->times.begin(), index->times.end(), fromNs);
    const auto to = std::lower_bound(from, index->times.end(), toNs);
    const auto first = index->events.begin() + (from - index->times.begin());
    return QList<PoolEvent>(first, first + (to - from));
}

std::optional<PoolEvent> Replay::nextEvent(EventKind kind, qint64 afterNs, quint32 pool) const
{
    const PoolEvent *best = nullptr;
    for (const PoolIndex &index : m_pools) {
        if (pool && index.id != pool)
            continue;
        const std::vector<qint64> &times = index.kindTimes[size_t(kind)];
        const auto found = std::upper_bound(times.begin(), times.end(), afterNs);
        if (found == times.end())
            continue;
        const PoolEvent &event
            = index.events[index.kindEvents[size_t(kind)][found - times.begin()]];
        if (!best || event.timeNs < best->timeNs)
            best = &event;
    }
    return best ? std::optional(*best) : std::nullopt;
}

std::optional<PoolEvent> Replay::previousEvent(EventKind kind, qint64 beforeNs, quint32 pool) const
{
    const PoolEvent *best = nullptr;
    for (const PoolIndex &index : m_pools) {
        if (pool && index.id != pool)
            continue;
        const std::vector<qint64> &times = index.kindTimes[size_t(kind)];
        const auto found = std::lower_bound(times.begin(), times.end(), beforeNs);
        if (found == times.begin())
            continue;
        const PoolEvent &event
            = index.events[index.kindEvents[size_t(kind)][found - times.begin() - 1]];
        if (!best || event.timeNs > best->timeNs)
            best = &event;
    }
    return best ? std::optional(*best) : std::nullopt;
}

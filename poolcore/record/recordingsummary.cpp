#include "recordingsummary.h"

#include "replay.h"

#include <algorithm>
#include <numeric>

using namespace Qt::StringLiterals;

namespace {

void addProgress(RecordingSummary &summary, const LoadProgress &progress)
{
    summary.loadSeconds += double(progress.intervalNs) / 1e9;
    summary.requests += progress.intervalCompleted;
    summary.failed += progress.intervalFailed;
    summary.staleRetries += progress.intervalStaleRetries;
    summary.acquireTimeouts += progress.intervalAcquireTimeouts;
    summary.requestTimeouts += progress.intervalRequestTimeouts;
    summary.latency.merge(progress.intervalLatency);
    summary.acquireWait.merge(progress.intervalAcquireWait);
}

// What the pool's counters gained from previous to now; after a statistics reset (a new
// sinceNs) everything they count is new.
void addGrowth(RecordingSummary &summary, const PoolStats &now, const PoolStats *previous)
{
    const bool continues = previous && previous->sinceNs == now.sinceNs;
    const auto gained = [&](quint64 PoolStats::*counter) {
        const quint64 before = continues ? (*previous).*counter : 0;
        return now.*counter >= before ? now.*counter - before : now.*counter;
    };
    summary.dials += gained(&PoolStats::dials);
    summary.dialFailures += gained(&PoolStats::dialFailures);
    summary.acquisitions += gained(&PoolStats::acquisitions);
    summary.reuses += gained(&PoolStats::reuses);
    for (size_t r = 0; r < summary.evictions.size(); ++r) {
        const quint64 before = continues ? previous->evictions[r] : 0;
        summary.evictions[r] += now.evictions[r] >= before ? now.evictions[r] - before : 0;
    }
}

} // namespace

quint64 RecordingSummary::totalEvictions() const
{
    return std::accumulate(evictions.begin(), evictions.end(), quint64(0));
}

RecordingSummary RecordingSummary::of(const Replay &replay, quint32 pool)
{
    RecordingSummary summary;
    summary.pool = pool ? pool : replay.pools().value(0);
    summary.target = replay.header().target;
    summary.seconds = double(replay.durationNs()) / 1e9;
    // The counters of a pool whose statistics began before the recording did were not all
    // gained while it was recorded: its first snapshot is where the recording starts counting.
    std::optional<PoolStats> previous;
    for (int i = 0; i < replay.feedCount(); ++i) {
        const PoolFeed *part = replay.feed(i).pool(summary.pool);
        if (!part)
            continue;
        for (const LoadProgress &progress : part->workload)
            addProgress(summary, progress);
        for (const RunUpdate &run : part->runs) {
            if (run.progress)
                addProgress(summary, *run.progress);
        }
        if (!part->snapshot)
            continue;
        const PoolStats &stats = part->snapshot->stats;
        const bool begunBefore = !previous && stats.sinceNs < replay.startNs();
        if (!begunBefore)
            addGrowth(summary, stats, previous ? &*previous : nullptr);
        summary.peakOpen = std::max(summary.peakOpen, stats.open);
        if (!begunBefore && stats.sinceNs >= replay.startNs())
            summary.peakOpen = std::max(summary.peakOpen, stats.peakOpen);
        previous = stats;
    }
    return summary;
}

QJsonObject RecordingSummary::toJson() const
{
    const auto ms = [](const LatencyHistogram &h, double q) {
        return h.count() ? double(h.percentile(q)) / 1e6 : 0.0;
    };
    QJsonObject evicted;
    for (size_t r = 0; r < evictions.size(); ++r) {
        if (evictions[r])
            evicted[enumName(EvictionReason(r))] = qint64(evictions[r]);
    }
    return QJsonObject{
        {u"pool"_s, qint64(pool)},
        {u"target"_s, target},
        {u"seconds"_s, seconds},
        {u"load_seconds"_s, loadSeconds},
        {u"requests"_s, qint64(requests)},
        {u"ok"_s, qint64(ok())},
        {u"failed"_s, qint64(failed)},
        {u"requests_per_second"_s, requestsPerSecond()},
        {u"latency_p50_ms"_s, ms(latency, 50)},
        {u"latency_p99_ms"_s, ms(latency, 99)},
        {u"acquire_wait_p99_ms"_s, ms(acquireWait, 99)},
        {u"stale_retries"_s, qint64(staleRetries)},
        {u"acquire_timeouts"_s, qint64(acquireTimeouts)},
        {u"request_timeouts"_s, qint64(requestTimeouts)},
        {u"dials"_s, qint64(dials)},
        {u"dial_failures"_s, qint64(dialFailures)},
        {u"acquisitions"_s, qint64(acquisitions)},
        {u"reuses"_s, qint64(reuses)},
        {u"evictions"_s, qint64(totalEvictions())},
        {u"evictions_by_reason"_s, evicted},
        {u"peak_open"_s, peakOpen},
    };
}

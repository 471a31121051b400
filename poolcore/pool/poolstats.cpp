#include "poolstats.h"

#include <numeric>

using namespace Qt::StringLiterals;

quint64 PoolStats::totalEvictions() const
{
    return std::accumulate(evictions.begin(), evictions.end(), quint64(0));
}

QJsonObject PoolStats::toJson() const
{
    QJsonObject evicted;
    for (int i = 1; i < ReasonCount; ++i) {
        if (evictions[i])
            evicted.insert(enumName(EvictionReason(i)), qint64(evictions[i]));
    }
    QJsonObject failures;
    for (int i = 1; i < DialErrorCount; ++i) {
        if (dialFailuresByError[i])
            failures.insert(enumName(DialError(i)), qint64(dialFailuresByError[i]));
    }
    return {
        {u"open"_s, open},
        {u"idle"_s, idle},
        {u"in_use"_s, inUse},
        {u"dialing"_s, dialing},
        {u"waiting"_s, waiting},
        {u"peak_open"_s, peakOpen},
        {u"generation"_s, qint64(generation)},
        {u"dials"_s, qint64(dials)},
        {u"dial_failures"_s, qint64(dialFailures)},
        {u"dial_failures_by_error"_s, failures},
        {u"early_closes"_s, qint64(earlyCloses)},
        {u"acquisitions"_s, qint64(acquisitions)},
        {u"reuses"_s, qint64(reuses)},
        {u"waits"_s, qint64(waits)},
        {u"dial_waits"_s, qint64(dialWaits)},
        {u"acquire_timeouts"_s, qint64(acquireTimeouts)},
        {u"acquire_failures"_s, qint64(acquireFailures)},
        {u"releases"_s, qint64(releases)},
        {u"evicted"_s, evicted},
        {u"misuses"_s, qint64(misuses)},
        {u"handshakes_saved"_s, qint64(handshakesSaved())},
        {u"reuse_ratio"_s, reuseRatio()},
        {u"acquire_wait_ms"_s, acquireWait.toJsonMs()},
        {u"dial_ms"_s, dialTime.toJsonMs()},
        {u"tls_ms"_s, tlsTime.toJsonMs()},
        {u"hold_ms"_s, holdTime.toJsonMs()},
        {u"idle_at_reuse_ms"_s, idleAtReuse.toJsonMs()},
        {u"age_at_close_ms"_s, ageAtClose.toJsonMs()},
    };
}

#pragma once

#include "labcounters.h"
#include "latencyhistogram.h"
#include "loadprogress.h"
#include "sessionfeed.h"

#include <QByteArray>
#include <QList>

#include <map>
#include <optional>

class PrometheusText;

// What /metrics serves (docs/metrics.md), from the session's feed alone: each pool's gauges,
// counters and histograms as its latest snapshot had them, named after OpenTelemetry's
// semantic conventions for client connection pools and converted to Prometheus names as its
// Prometheus exporters convert them, with a "pool" label; PoolScope's own series beside them
// (closes by reason, dial failures by class, stale retries, handshakes saved, request
// latency); and the lab's counters when the session runs one.
class MetricsCollector
{
public:
    // Explicit histogram buckets, in seconds: from a loopback round trip to a slow dial.
    static const QList<double> &bucketsSeconds();

    void addFeed(const SessionFeed &feed);
    QByteArray exposition() const;
    // The pools it has seen, removed ones too (they keep their last figures).
    int poolCount() const { return int(m_pools.size()); }

private:
    struct Requests
    {
        quint64 ok = 0;
        quint64 failed = 0;
        quint64 staleRetries = 0;
        quint64 acquireTimeouts = 0;
        quint64 requestTimeouts = 0;
        LatencyHistogram latency;
    };
    struct Pool
    {
        quint32 id = 0;
        std::optional<PoolConfig> config;
        std::optional<PoolStats> stats;
        Requests requests; // every progress report's interval, added up
        bool removed = false;
    };

    QString label(const Pool &pool) const;
    void addProgress(Pool &pool, const LoadProgress &progress);
    void writePoolInfo(PrometheusText &out) const;
    void writeConnections(PrometheusText &out) const;
    void writeLimits(PrometheusText &out) const;
    void writeDurations(PrometheusText &out) const;
    void writeCounters(PrometheusText &out) const;
    void writeRequests(PrometheusText &out) const;
    void writeLab(PrometheusText &out) const;

    std::map<quint32, Pool> m_pools;
    std::optional<LabCounters> m_lab;
    bool m_labListening = false;
};

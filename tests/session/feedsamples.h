#pragma once

#include "sessionfeed.h"

// Values of every part of a feed with every field away from its default, so a round trip
// that dropped or defaulted any of them shows.
struct FeedSamples
{
    // Several buckets, spread around scaleNs.
    static LatencyHistogram histogram(qint64 scaleNs, int values);
    static PoolEvent event(quint32 pool, quint64 sequence);
    static ConnectionInfo connection(quint64 id, const QString &peer);
    static PoolStats stats();
    static PoolSettings poolSettings();
    static LoadSettings loadSettings();
    static LabSettings labSettings();
    static LoadProgress progress();
    static LoadReport report(bool pooled);
    static ProbeTlsInfo tls();
    static ProbeResult probeResult();
    static ProbeVerdict verdict();
    static IdleCutoffResult cutoff();
    static ComparisonUpdate comparison();
    // Two pools (IPv4 and IPv6 peers), the lab, the probes, a comparison with both halves and
    // replies with errors.
    static SessionFeed fullFeed();
};

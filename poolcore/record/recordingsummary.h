#pragma once

#include "latencyhistogram.h"
#include "poolstats.h"

#include <QJsonObject>
#include <QString>

#include <array>

class Replay;

// What a recording shows of one of its pools over the recording's span, for setting two
// recordings side by side: the requests its workload and runs made (from their progress
// reports, interval by interval, so a statistics reset in the middle loses nothing) and what
// the pool did meanwhile (from its snapshots' counters, as they grew while recorded: a
// recording started in the middle of a session counts from its start).
struct RecordingSummary
{
    quint32 pool = 0;
    QString target;
    double seconds = 0; // the recording's span
    double loadSeconds = 0; // of it, while its workload or runs ran
    quint64 requests = 0; // completed, ok or not
    quint64 failed = 0;
    quint64 staleRetries = 0;
    quint64 acquireTimeouts = 0;
    quint64 requestTimeouts = 0;
    LatencyHistogram latency; // what each request took, connection included
    LatencyHistogram acquireWait;
    quint64 dials = 0;
    quint64 dialFailures = 0;
    quint64 acquisitions = 0;
    quint64 reuses = 0;
    std::array<quint64, PoolStats::ReasonCount> evictions{};
    int peakOpen = 0;

    quint64 ok() const { return requests - failed; }
    double requestsPerSecond() const { return loadSeconds > 0 ? double(ok()) / loadSeconds : 0; }
    quint64 totalEvictions() const;

    // Of the recording's first pool (the one the window shows, run's pooled one), or of pool.
    static RecordingSummary of(const Replay &replay, quint32 pool = 0);
    QJsonObject toJson() const;
};

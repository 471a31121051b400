#pragma once

#include "latencyhistogram.h"
#include "loadsettings.h"
#include "poolsettings.h"
#include "poolstats.h"
#include "requestrecord.h"

#include <QJsonObject>
#include <QString>

#include <array>

// The result of one load run: the driver's view of every request plus the pool's statistics
// for the run. Written as a readable table or as JSON (the shape scripts depend on).
struct LoadReport
{
    static constexpr int ErrorCount = int(EnumNames<RequestError>::last) + 1;

    QString target;
    PoolSettings poolSettings;
    LoadSettings loadSettings;
    double durationS = 0;
    quint64 ok = 0;
    quint64 failed = 0;
    quint64 staleRetries = 0;
    std::array<quint64, ErrorCount> errors{};
    // Of the failed: never sent, because the run gave up on a target it could not reach
    // (LoadSettings::giveUpUnreachable); gaveUp says why.
    quint64 notSent = 0;
    QString gaveUp;
    LatencyHistogram latency; // totalNs: what a caller waited, connection included
    LatencyHistogram failedLatency; // totalNs of the failed requests that were tried
    LatencyHistogram requestTime; // on the connection only
    LatencyHistogram acquireWait;
    PoolStats pool; // dials, reuses, evictions, dial times, peak open

    double throughput() const { return durationS > 0 ? double(ok) / durationS : 0; }
    void add(const RequestRecord &record);

    QJsonObject toJson() const;
    QString toText() const;

    // {"pooled": ..., "unpooled": ..., "ratios": {"throughput", "p50", "p99"}}
    static QJsonObject compareJson(const LoadReport &pooled, const LoadReport &unpooled);
    static QString compareText(const LoadReport &pooled, const LoadReport &unpooled);
};

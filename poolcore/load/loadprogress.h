#pragma once

#include "latencyhistogram.h"
#include "requestrecord.h"

#include <QMetaType>

#include <array>

// What the load driver did since its previous progress report, plus running totals. Emitted
// a few times a second: charts and progress lines are fed from these, never per request.
struct LoadProgress
{
    static constexpr int ErrorCount = int(RequestError::ErrorReply) + 1;

    qint64 timeNs = 0; // MonotonicClock
    qint64 intervalNs = 0; // since the previous report
    bool running = false;
    bool pooled = true;
    int inFlight = 0;

    // Totals since start()
    quint64 completed = 0;
    quint64 ok = 0;
    quint64 failed = 0;
    quint64 staleRetries = 0;
    std::array<quint64, ErrorCount> errors{}; // the failed, by how they ended
    // The latest failure, kept until the next one: how it ended, what it said, and for a
    // protocol error what the answer looked like.
    RequestError lastError = RequestError::None;
    QString lastErrorMessage;
    AnswerKind lastErrorAnswer = AnswerKind::Unknown;

    // This interval only
    quint64 intervalCompleted = 0;
    quint64 intervalFailed = 0;
    // Of those failed: no connection within the acquire timeout (or none free with timeout 0),
    // and no whole response within the request timeout.
    quint64 intervalAcquireTimeouts = 0;
    quint64 intervalRequestTimeouts = 0;
    quint64 intervalStaleRetries = 0; // requests retried on a new connection, failed or not
    LatencyHistogram intervalLatency; // totalNs of each request
    LatencyHistogram intervalAcquireWait;

    double intervalRate() const
    {
        return intervalNs > 0 ? double(intervalCompleted) * 1e9 / double(intervalNs) : 0;
    }
};

Q_DECLARE_METATYPE(LoadProgress)

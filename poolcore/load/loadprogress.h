#pragma once

#include "latencyhistogram.h"
#include "requestrecord.h"

#include <QList>
#include <QMetaType>

#include <array>

// What the load driver did since its previous progress report, plus running totals. Emitted
// a few times a second: charts and progress lines are fed from these, never per request.
struct LoadProgress
{
    static constexpr int ErrorCount = int(EnumNames<RequestError>::last) + 1;
    // recentRequests takes every request of an interval up to RecentAll, then only those that
    // dialed, failed or were retried, up to RecentLimit: a view of recent requests needs the
    // unusual ones, and a sample of the rest.
    static constexpr int RecentAll = 16;
    static constexpr int RecentLimit = 32;

    qint64 timeNs = 0; // MonotonicClock
    qint64 intervalNs = 0; // since the previous report (or the statistics reset)
    bool running = false;
    bool pooled = true;
    int inFlight = 0;
    // The pool's PoolStats::sinceNs when this report was made: a report from before a
    // statistics reset has an earlier one, and its numbers are from before it.
    qint64 statisticsSinceNs = 0;

    // Totals since start() or the last statistics reset
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
    QList<RequestRecord> recentRequests; // in the order they completed

    quint64 intervalOk() const { return intervalCompleted - intervalFailed; }
    // The report's totals alone, its interval empty: what it says as a state, not as news of
    // the last interval (a recording begun in the middle of a session starts with one).
    static LoadProgress totalsOf(LoadProgress progress)
    {
        progress.intervalNs = 0;
        progress.intervalCompleted = progress.intervalFailed = 0;
        progress.intervalAcquireTimeouts = progress.intervalRequestTimeouts = 0;
        progress.intervalStaleRetries = 0;
        progress.intervalLatency.reset();
        progress.intervalAcquireWait.reset();
        progress.recentRequests.clear();
        return progress;
    }
};

Q_DECLARE_METATYPE(LoadProgress)

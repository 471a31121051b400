#include "loadcodec.h"

#include "feedwriter.h"
#include "poolcodec.h"
#include "settingscodec.h"

using namespace Qt::StringLiterals;
using namespace FeedLimits;

namespace {

QJsonObject encodeHalf(const ComparisonUpdate::Half &half)
{
    FeedWriter w;
    w.object(u"report", LoadCodec::encode(half.report));
    w.count(u"dials", half.dials);
    return w.result();
}

ComparisonUpdate::Half decodeHalf(const FeedReader &in)
{
    return {LoadCodec::decodeReport(in.object(u"report")), in.count(u"dials")};
}

QJsonObject encodeRecord(const RequestRecord &r)
{
    FeedWriter w;
    w.integer(u"start_ns", r.startNs);
    w.integer(u"acquire_wait_ns", r.acquireWaitNs);
    w.integer(u"request_ns", r.requestNs);
    w.integer(u"total_ns", r.totalNs);
    w.integer(u"queue_ns", r.queueNs);
    w.integer(u"resolve_ns", r.dial.resolveNs);
    w.integer(u"connect_ns", r.dial.connectNs);
    w.integer(u"tls_ns", r.dial.tlsNs);
    w.integer(u"first_byte_ns", r.firstByteNs);
    w.integer(u"transfer_ns", r.transferNs);
    w.integer(u"stale_attempt_ns", r.staleAttemptNs);
    w.count(u"conn", r.connectionId);
    w.count(u"use", r.connectionUse);
    w.integer(u"since_connect_ns", r.sinceConnectNs);
    w.flag(u"reused", r.reused);
    w.flag(u"stale_retried", r.staleRetried);
    w.choice(u"error", r.error, RequestError::None);
    w.text(u"message", r.message);
    return w.result();
}

RequestRecord decodeRecord(const FeedReader &in)
{
    RequestRecord r;
    r.startNs = in.integer(u"start_ns", Min64, Max64);
    r.acquireWaitNs = in.integer(u"acquire_wait_ns", 0, Max64);
    r.requestNs = in.integer(u"request_ns", 0, Max64);
    r.totalNs = in.integer(u"total_ns", 0, Max64);
    r.queueNs = in.integer(u"queue_ns", 0, Max64);
    r.dial.resolveNs = in.integer(u"resolve_ns", 0, Max64);
    r.dial.connectNs = in.integer(u"connect_ns", 0, Max64);
    r.dial.tlsNs = in.integer(u"tls_ns", 0, Max64);
    r.firstByteNs = in.integer(u"first_byte_ns", 0, Max64);
    r.transferNs = in.integer(u"transfer_ns", 0, Max64);
    r.staleAttemptNs = in.integer(u"stale_attempt_ns", 0, Max64);
    r.connectionId = in.count(u"conn");
    r.connectionUse = in.count(u"use");
    r.sinceConnectNs = in.integer(u"since_connect_ns", 0, Max64);
    r.reused = in.flag(u"reused");
    r.staleRetried = in.flag(u"stale_retried");
    r.error = in.choice(u"error", RequestError::None);
    r.message = in.text(u"message");
    return r;
}

} // namespace

QJsonObject LoadCodec::encode(const LoadProgress &p)
{
    const LoadProgress d;
    FeedWriter w;
    w.integer(u"t_ns", p.timeNs);
    w.integer(u"interval_ns", p.intervalNs);
    w.flag(u"running", p.running, d.running);
    w.flag(u"pooled", p.pooled, d.pooled);
    w.integer(u"in_flight", p.inFlight);
    w.integer(u"statistics_since_ns", p.statisticsSinceNs);
    w.count(u"completed", p.completed);
    w.count(u"ok", p.ok);
    w.count(u"failed", p.failed);
    w.count(u"stale_retries", p.staleRetries);
    w.counts<RequestError>(u"errors", p.errors);
    w.choice(u"last_error", p.lastError, d.lastError);
    w.text(u"last_error_message", p.lastErrorMessage);
    w.choice(u"last_error_answer", p.lastErrorAnswer, d.lastErrorAnswer);
    w.count(u"interval_completed", p.intervalCompleted);
    w.count(u"interval_failed", p.intervalFailed);
    w.count(u"interval_acquire_timeouts", p.intervalAcquireTimeouts);
    w.count(u"interval_request_timeouts", p.intervalRequestTimeouts);
    w.count(u"interval_stale_retries", p.intervalStaleRetries);
    w.object(u"interval_latency", p.intervalLatency.toJson());
    w.object(u"interval_acquire_wait", p.intervalAcquireWait.toJson());
    w.list(u"recent_requests", p.recentRequests, encodeRecord);
    return w.result();
}

LoadProgress LoadCodec::decodeProgress(const FeedReader &in)
{
    const LoadProgress d;
    LoadProgress p;
    p.timeNs = in.integer(u"t_ns", Min64, Max64);
    p.intervalNs = in.integer(u"interval_ns", Min64, Max64);
    p.running = in.flag(u"running", d.running);
    p.pooled = in.flag(u"pooled", d.pooled);
    p.inFlight = int(in.integer(u"in_flight", 0, MaxInt));
    p.statisticsSinceNs = in.integer(u"statistics_since_ns", Min64, Max64);
    p.completed = in.count(u"completed");
    p.ok = in.count(u"ok");
    p.failed = in.count(u"failed");
    p.staleRetries = in.count(u"stale_retries");
    in.counts<RequestError>(u"errors", &p.errors);
    p.lastError = in.choice(u"last_error", d.lastError);
    p.lastErrorMessage = in.text(u"last_error_message");
    p.lastErrorAnswer = in.choice(u"last_error_answer", d.lastErrorAnswer);
    p.intervalCompleted = in.count(u"interval_completed");
    p.intervalFailed = in.count(u"interval_failed");
    p.intervalAcquireTimeouts = in.count(u"interval_acquire_timeouts");
    p.intervalRequestTimeouts = in.count(u"interval_request_timeouts");
    p.intervalStaleRetries = in.count(u"interval_stale_retries");
    p.intervalLatency = in.histogram(u"interval_latency");
    p.intervalAcquireWait = in.histogram(u"interval_acquire_wait");
    p.recentRequests = in.list(u"recent_requests", decodeRecord);
    return p;
}

QJsonObject LoadCodec::encode(const LoadReport &r)
{
    FeedWriter w;
    w.text(u"target", r.target);
    w.object(u"pool_settings", SettingsCodec::encode(r.poolSettings));
    w.object(u"load_settings", SettingsCodec::encode(r.loadSettings));
    w.number(u"duration_s", r.durationS);
    w.count(u"ok", r.ok);
    w.count(u"failed", r.failed);
    w.count(u"stale_retries", r.staleRetries);
    w.counts<RequestError>(u"errors", r.errors);
    w.count(u"not_sent", r.notSent);
    w.text(u"gave_up", r.gaveUp);
    w.object(u"latency", r.latency.toJson());
    w.object(u"failed_latency", r.failedLatency.toJson());
    w.object(u"request_time", r.requestTime.toJson());
    w.object(u"acquire_wait", r.acquireWait.toJson());
    w.object(u"pool", PoolCodec::encode(r.pool));
    return w.result();
}

LoadReport LoadCodec::decodeReport(const FeedReader &in)
{
    LoadReport r;
    r.target = in.text(u"target");
    r.poolSettings = SettingsCodec::decodePoolSettings(in.object(u"pool_settings"));
    r.loadSettings = SettingsCodec::decodeLoadSettings(in.object(u"load_settings"));
    r.durationS = in.number(u"duration_s");
    r.ok = in.count(u"ok");
    r.failed = in.count(u"failed");
    r.staleRetries = in.count(u"stale_retries");
    in.counts<RequestError>(u"errors", &r.errors);
    r.notSent = in.count(u"not_sent");
    r.gaveUp = in.text(u"gave_up");
    r.latency = in.histogram(u"latency");
    r.failedLatency = in.histogram(u"failed_latency");
    r.requestTime = in.histogram(u"request_time");
    r.acquireWait = in.histogram(u"acquire_wait");
    r.pool = PoolCodec::decodeStats(in.object(u"pool"));
    return r;
}

QJsonObject LoadCodec::encode(const RunUpdate &run)
{
    FeedWriter w;
    w.count(u"run", run.run);
    if (run.progress)
        w.part(u"progress", encode(*run.progress));
    if (run.report)
        w.part(u"report", encode(*run.report));
    w.count(u"dials", run.dials);
    return w.result();
}

RunUpdate LoadCodec::decodeRun(const FeedReader &in)
{
    RunUpdate run;
    run.run = in.count(u"run");
    if (in.has(u"progress"))
        run.progress = decodeProgress(in.object(u"progress"));
    if (in.has(u"report"))
        run.report = decodeReport(in.object(u"report"));
    run.dials = in.count(u"dials");
    return run;
}

QJsonObject LoadCodec::encode(const ComparisonUpdate &c)
{
    FeedWriter w;
    w.count(u"comparison", c.comparison);
    w.choice(u"phase", c.phase, ComparisonUpdate::Phase::Idle);
    w.number(u"seconds", c.seconds);
    if (c.progress)
        w.part(u"progress", encode(*c.progress));
    if (c.pooled)
        w.part(u"pooled", encodeHalf(*c.pooled));
    if (c.unpooled)
        w.part(u"unpooled", encodeHalf(*c.unpooled));
    w.flag(u"cancelled", c.cancelled);
    return w.result();
}

ComparisonUpdate LoadCodec::decodeComparison(const FeedReader &in)
{
    ComparisonUpdate c;
    c.comparison = in.count(u"comparison");
    c.phase = in.choice(u"phase", ComparisonUpdate::Phase::Idle);
    c.seconds = in.number(u"seconds");
    if (in.has(u"progress"))
        c.progress = decodeProgress(in.object(u"progress"));
    if (in.has(u"pooled"))
        c.pooled = decodeHalf(in.object(u"pooled"));
    if (in.has(u"unpooled"))
        c.unpooled = decodeHalf(in.object(u"unpooled"));
    c.cancelled = in.flag(u"cancelled");
    return c;
}

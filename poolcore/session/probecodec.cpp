#include "probecodec.h"

#include "feedwriter.h"
#include "settingscodec.h"

using namespace Qt::StringLiterals;
using namespace FeedLimits;

namespace {

// A certificate's dates are wall-clock times, not the monotonic clock: UTC, to the
// millisecond, as QDateTime holds them.
QString dateText(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QDateTime readDate(const FeedReader &in, QStringView key)
{
    const QString text = in.text(key);
    if (text.isEmpty())
        return {};
    const QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid())
        in.reject(key, u"a date and time in ISO 8601, e.g. 2030-01-31T12:00:00.000Z"_s);
    return time;
}

} // namespace

QJsonObject ProbeCodec::encode(const ProbeSettings &s)
{
    const ProbeSettings d;
    QStringList overrides;
    for (const HostOverride &entry : s.hostOverrides)
        overrides << entry.toString();
    FeedWriter w;
    w.text(u"host", s.host);
    w.integer(u"port", s.port);
    if (s.protocol)
        w.part(u"protocol", SettingsCodec::encode(*s.protocol));
    w.integer(u"count", s.count, d.count);
    w.integer(u"interval_ms", s.intervalMs, d.intervalMs);
    w.integer(u"timeout_ms", s.timeoutMs, d.timeoutMs);
    w.flag(u"tls", s.tls);
    w.flag(u"insecure", s.insecure);
    w.text(u"ca_file", s.caFile);
    w.texts(u"resolve", overrides);
    w.integer(u"max_idle_ms", s.maxIdleMs, d.maxIdleMs);
    return w.result();
}

ProbeSettings ProbeCodec::decodeSettings(const FeedReader &in)
{
    const ProbeSettings d;
    ProbeSettings s;
    s.host = in.text(u"host");
    s.port = int(in.integer(u"port", 0, MaxU16));
    if (in.has(u"protocol"))
        s.protocol = SettingsCodec::decodeProtocol(in.object(u"protocol"));
    s.count = int(in.integer(u"count", 0, MaxInt, d.count));
    s.intervalMs = in.integer(u"interval_ms", 0, Max64, d.intervalMs);
    s.timeoutMs = in.integer(u"timeout_ms", 0, Max64, d.timeoutMs);
    s.tls = in.flag(u"tls");
    s.insecure = in.flag(u"insecure");
    s.caFile = in.text(u"ca_file");
    for (const QString &entry : in.texts(u"resolve")) {
        const auto parsed = HostOverride::parse(entry, nullptr);
        if (!parsed)
            in.reject(u"resolve", u"a list of HOST:PORT:ADDRESS"_s);
        else
            s.hostOverrides << *parsed;
    }
    s.maxIdleMs = in.integer(u"max_idle_ms", 0, Max64, d.maxIdleMs);
    return s;
}

QJsonObject ProbeCodec::encode(const ProbeTlsInfo &t)
{
    FeedWriter w;
    w.flag(u"valid", t.valid);
    w.text(u"protocol", t.protocol);
    w.text(u"cipher", t.cipher);
    w.text(u"subject", t.subject);
    w.text(u"issuer", t.issuer);
    w.text(u"not_before", dateText(t.notBefore));
    w.text(u"expires", dateText(t.expires));
    w.flag(u"name_matches", t.nameMatches);
    w.flag(u"trusted", t.trusted);
    w.flag(u"in_date", t.inDate);
    w.texts(u"errors", t.errors);
    return w.result();
}

ProbeTlsInfo ProbeCodec::decodeTls(const FeedReader &in)
{
    ProbeTlsInfo t;
    t.valid = in.flag(u"valid");
    t.protocol = in.text(u"protocol");
    t.cipher = in.text(u"cipher");
    t.subject = in.text(u"subject");
    t.issuer = in.text(u"issuer");
    t.notBefore = readDate(in, u"not_before");
    t.expires = readDate(in, u"expires");
    t.nameMatches = in.flag(u"name_matches");
    t.trusted = in.flag(u"trusted");
    t.inDate = in.flag(u"in_date");
    t.errors = in.texts(u"errors");
    return t;
}

QJsonObject ProbeCodec::encode(const ProbeStep &s)
{
    QStringList addresses;
    for (const QHostAddress &address : s.addresses)
        addresses << address.toString();
    FeedWriter w;
    w.choice(u"kind", s.kind, ProbeStep::Kind::Resolve);
    w.text(u"address", s.address);
    w.flag(u"ok", s.ok);
    w.integer(u"duration_ns", s.durationNs);
    w.choice(u"failure", s.failure, ProbeFailure::None);
    w.text(u"message", s.message);
    w.texts(u"addresses", addresses);
    w.text(u"source", s.source);
    w.object(u"tls", encode(s.tls));
    w.integer(u"complete_ns", s.completeNs);
    w.integer(u"response_bytes", s.responseBytes);
    return w.result();
}

ProbeStep ProbeCodec::decodeStep(const FeedReader &in)
{
    ProbeStep s;
    s.kind = in.choice(u"kind", ProbeStep::Kind::Resolve);
    s.address = in.text(u"address");
    s.ok = in.flag(u"ok");
    s.durationNs = in.integer(u"duration_ns", Min64, Max64);
    s.failure = in.choice(u"failure", ProbeFailure::None);
    s.message = in.text(u"message");
    for (const QString &text : in.texts(u"addresses")) {
        QHostAddress address; // a null one is written as ""
        if (!text.isEmpty() && !address.setAddress(text))
            in.reject(u"addresses", u"a list of IPv4 or IPv6 addresses"_s);
        s.addresses << address;
    }
    s.source = in.text(u"source");
    s.tls = decodeTls(in.object(u"tls"));
    s.completeNs = in.integer(u"complete_ns", Min64, Max64);
    s.responseBytes = in.integer(u"response_bytes", Min64, Max64);
    return s;
}

QJsonObject ProbeCodec::encode(const ProbeAttempt &a)
{
    FeedWriter w;
    w.integer(u"seq", a.sequence);
    w.integer(u"started_ns", a.startedNs);
    w.list(u"steps", a.steps, [](const ProbeStep &s) { return encode(s); });
    return w.result();
}

ProbeAttempt ProbeCodec::decodeAttempt(const FeedReader &in)
{
    ProbeAttempt a;
    a.sequence = int(in.integer(u"seq", MinInt, MaxInt));
    a.startedNs = in.integer(u"started_ns", Min64, Max64);
    a.steps = in.list(u"steps", decodeStep);
    return a;
}

QJsonObject ProbeCodec::encode(const ProbeResult &r)
{
    FeedWriter w;
    w.object(u"settings", encode(r.settings));
    w.list(u"attempts", r.attempts, [](const ProbeAttempt &a) { return encode(a); });
    w.flag(u"stopped", r.stopped);
    return w.result();
}

ProbeResult ProbeCodec::decodeResult(const FeedReader &in)
{
    ProbeResult r;
    r.settings = decodeSettings(in.object(u"settings"));
    r.attempts = in.list(u"attempts", decodeAttempt);
    r.stopped = in.flag(u"stopped");
    return r;
}

QJsonObject ProbeCodec::encode(const ProbeVerdict &v)
{
    const ProbeVerdict d;
    FeedWriter w;
    w.choice(u"status", v.status, d.status);
    w.choice(u"failure", v.failure, d.failure);
    w.choice(u"step", v.step, d.step);
    w.text(u"address", v.address);
    w.text(u"detail", v.detail);
    w.integer(u"attempts", v.attempts);
    w.integer(u"succeeded", v.succeeded);
    w.text(u"sentence", v.sentence);
    w.text(u"cause", v.cause);
    w.text(u"next", v.next);
    w.texts(u"notes", v.notes);
    return w.result();
}

ProbeVerdict ProbeCodec::decodeVerdict(const FeedReader &in)
{
    const ProbeVerdict d;
    ProbeVerdict v;
    v.status = in.choice(u"status", d.status);
    v.failure = in.choice(u"failure", d.failure);
    v.step = in.choice(u"step", d.step);
    v.address = in.text(u"address");
    v.detail = in.text(u"detail");
    v.attempts = int(in.integer(u"attempts", 0, MaxInt));
    v.succeeded = int(in.integer(u"succeeded", 0, MaxInt));
    v.sentence = in.text(u"sentence");
    v.cause = in.text(u"cause");
    v.next = in.text(u"next");
    v.notes = in.texts(u"notes");
    return v;
}

QJsonObject ProbeCodec::encode(const IdleCutoffResult::Trial &t)
{
    const IdleCutoffResult::Trial d;
    FeedWriter w;
    w.integer(u"target_idle_ms", t.targetIdleMs);
    w.integer(u"idle_ms", t.idleMs);
    w.choice(u"fate", t.fate, d.fate);
    w.flag(u"while_idle", t.whileIdle);
    w.text(u"message", t.message);
    return w.result();
}

IdleCutoffResult::Trial ProbeCodec::decodeTrial(const FeedReader &in)
{
    const IdleCutoffResult::Trial d;
    IdleCutoffResult::Trial t;
    t.targetIdleMs = in.integer(u"target_idle_ms", Min64, Max64);
    t.idleMs = in.integer(u"idle_ms", Min64, Max64);
    t.fate = in.choice(u"fate", d.fate);
    t.whileIdle = in.flag(u"while_idle");
    t.message = in.text(u"message");
    return t;
}

QJsonObject ProbeCodec::encode(const IdleCutoffResult &r)
{
    const IdleCutoffResult d;
    FeedWriter w;
    w.choice(u"outcome", r.outcome, d.outcome);
    w.choice(u"drop", r.drop, d.drop);
    w.integer(u"cutoff_ms", r.cutoffMs);
    w.integer(u"lower_ms", r.lowerMs);
    w.integer(u"upper_ms", r.upperMs);
    w.integer(u"max_idle_ms", r.maxIdleMs);
    w.integer(u"silence_timeout_ms", r.silenceTimeoutMs);
    w.integer(u"rounds", r.rounds);
    w.integer(u"elapsed_ms", r.elapsedMs);
    w.text(u"address", r.address);
    w.object(u"failure", encode(r.failure));
    w.list(u"trials", r.trials, [](const IdleCutoffResult::Trial &t) { return encode(t); });
    return w.result();
}

IdleCutoffResult ProbeCodec::decodeCutoff(const FeedReader &in)
{
    const IdleCutoffResult d;
    IdleCutoffResult r;
    r.outcome = in.choice(u"outcome", d.outcome);
    r.drop = in.choice(u"drop", d.drop);
    r.cutoffMs = in.integer(u"cutoff_ms", Min64, Max64);
    r.lowerMs = in.integer(u"lower_ms", Min64, Max64);
    r.upperMs = in.integer(u"upper_ms", Min64, Max64);
    r.maxIdleMs = in.integer(u"max_idle_ms", Min64, Max64);
    r.silenceTimeoutMs = in.integer(u"silence_timeout_ms", Min64, Max64);
    r.rounds = int(in.integer(u"rounds", 0, MaxInt));
    r.elapsedMs = in.integer(u"elapsed_ms", Min64, Max64);
    r.address = in.text(u"address");
    r.failure = decodeVerdict(in.object(u"failure"));
    r.trials = in.list(u"trials", decodeTrial);
    return r;
}

QJsonObject ProbeCodec::encode(const ProbeFeed &f)
{
    FeedWriter w;
    if (f.started)
        w.part(u"started", encode(*f.started));
    w.list(u"attempts", f.attempts, [](const ProbeAttempt &a) { return encode(a); });
    if (f.finished)
        w.part(u"finished", encode(*f.finished));
    w.list(u"trials", f.trials, [](const IdleCutoffResult::Trial &t) { return encode(t); });
    if (f.cutoffProgress) {
        FeedWriter progress;
        progress.integer(u"percent", f.cutoffProgress->percent);
        progress.text(u"text", f.cutoffProgress->text);
        w.part(u"cutoff_progress", progress.result());
    }
    if (f.cutoff)
        w.part(u"cutoff", encode(*f.cutoff));
    return w.result();
}

ProbeFeed ProbeCodec::decodeFeed(const FeedReader &in)
{
    ProbeFeed f;
    if (in.has(u"started"))
        f.started = decodeSettings(in.object(u"started"));
    f.attempts = in.list(u"attempts", decodeAttempt);
    if (in.has(u"finished"))
        f.finished = decodeResult(in.object(u"finished"));
    f.trials = in.list(u"trials", decodeTrial);
    if (in.has(u"cutoff_progress")) {
        const FeedReader progress = in.object(u"cutoff_progress");
        f.cutoffProgress = ProbeFeed::CutoffProgress{
            int(progress.integer(u"percent", MinInt, MaxInt)), progress.text(u"text")};
    }
    if (in.has(u"cutoff"))
        f.cutoff = decodeCutoff(in.object(u"cutoff"));
    return f;
}

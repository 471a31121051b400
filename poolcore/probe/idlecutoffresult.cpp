#include "idlecutoffresult.h"

#include "poolsettings.h"

#include <QJsonArray>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// Settings stay this far below the cutoff: timers fire late, clocks on the path differ, and a
// request started just before the limit must still finish.
constexpr double IdleTimeoutShare = 0.8;
constexpr double KeepAliveIdleShare = 0.5;
constexpr double KeepAliveIntervalShare = 0.25;
// A max lifetime under this many idle timeouts retires connections about as soon as they go
// idle; such a lifetime is raised to PoolSettings' default, or this many idle timeouts.
constexpr qint64 NearLifetimeFactor = 2;
constexpr qint64 RaisedLifetimeFactor = 4;
constexpr qint64 DayMs = 86'400'000;

// What keeps clear of a cutoff whose longest idle seen usable was baseMs, whatever the pool
// has now.
struct Clearance
{
    qint64 idleTimeoutMs = 0;
    int keepAliveIdleS = 0; // silence: keepalive probes this soon ...
    int keepAliveIntervalS = 0; // ... and this often
    // Its first probe goes out with the idle timeout's margin before the cutoff: keepalive
    // counts whole seconds, so near a 1 s cutoff it cannot hold the flow.
    bool keepAliveHolds = false;
};

Clearance clearanceFor(qint64 baseMs)
{
    Clearance c;
    c.idleTimeoutMs = std::max<qint64>(1, qint64(double(baseMs) * IdleTimeoutShare));
    const double baseS = double(baseMs) / 1000.0;
    c.keepAliveIdleS = std::max(1, int(baseS * KeepAliveIdleShare));
    c.keepAliveIntervalS = std::max(1, int(baseS * KeepAliveIntervalShare));
    c.keepAliveHolds = double(c.keepAliveIdleS) * 1000.0 <= double(baseMs) * IdleTimeoutShare;
    return c;
}

QString onOff(bool on)
{
    return on ? u"on"_s : u"off"_s;
}

} // namespace

QString IdleCutoffResult::secondsText(qint64 ms)
{
    const double s = double(ms) / 1000.0;
    return u"%1 s"_s.arg(QString::number(s, 'f', s < 10 ? 2 : (s < 100 ? 1 : 0)));
}

std::pair<QString, QString> IdleCutoffResult::distinctSecondsText(qint64 aMs, qint64 bMs)
{
    std::pair<QString, QString> texts{secondsText(aMs), secondsText(bMs)};
    for (int decimals = 1; decimals <= 3 && aMs != bMs && texts.first == texts.second; ++decimals) {
        const auto text = [decimals](qint64 ms) {
            const double s = double(ms) / 1000.0;
            return u"%1 s"_s.arg(QString::number(s, 'f', decimals));
        };
        texts = {text(aMs), text(bMs)};
    }
    return texts;
}

QJsonObject IdleCutoffResult::Trial::toJson() const
{
    QJsonObject o{{u"target_idle_ms"_s, targetIdleMs},
                  {u"idle_ms"_s, idleMs},
                  {u"fate"_s, enumName(fate)},
                  {u"while_idle"_s, whileIdle}};
    if (!message.isEmpty())
        o.insert(u"message"_s, message);
    return o;
}

QString IdleCutoffResult::sentence() const
{
    const QString cutoff = u"about "_s + secondsText(cutoffMs);
    switch (outcome) {
    case Outcome::Failed:
        return failure.sentence;
    case Outcome::Stopped:
        return u"The search for the idle cutoff was stopped before it finished."_s;
    case Outcome::NotFound:
        return u"Idle connections stayed usable for the longest idle time tried, %1: nothing on "
               "the path drops them sooner."_s.arg(secondsText(maxIdleMs));
    case Outcome::Found:
        break;
    }
    switch (drop) {
    case Fate::Fin:
        return u"Connections idle for %1 are closed by the other side with a FIN: a server or "
               "proxy idle timeout. A pool that keeps them idle longer hands out dead "
               "connections."_s.arg(cutoff);
    case Fate::Reset:
        return u"Connections idle for %1 are reset (RST): typically a firewall, NAT or load "
               "balancer that forgot the flow and rejects its next packet."_s.arg(cutoff);
    case Fate::Silence:
        return u"Connections idle for %1 stop answering without being closed: something on the "
               "path (a NAT, firewall or load balancer) forgot the flow silently, so a request "
               "on such a connection hangs until it times out."_s.arg(cutoff);
    case Fate::Broken:
    case Fate::Usable:
        break;
    }
    return u"Connections idle for %1 stop working."_s.arg(cutoff);
}

QString IdleCutoffResult::boundsText() const
{
    if (outcome != Outcome::Found)
        return {};
    if (lowerMs >= upperMs) {
        // lowerMs is kept at most upperMs: a check met a connection still working at an idle
        // time another had already been dropped at.
        return u"failed after %1 idle, while one idle as long still answered: the other side "
               "counts idle time from its own last packet"_s.arg(secondsText(upperMs));
    }
    const auto [lower, upper] = distinctSecondsText(lowerMs, upperMs);
    return u"still answered after %1 idle, failed after %2"_s.arg(lower, upper);
}

QJsonObject IdleCutoffResult::recommendation(const PoolSettings &current) const
{
    if (outcome != Outcome::Found)
        return {};
    // Only the idle times seen usable are known to be safe.
    const Clearance want = clearanceFor(lowerMs > 0 ? lowerMs : cutoffMs / 2);
    QJsonObject changes;
    qint64 idleTimeoutMs = current.idleTimeoutMs;
    if (!idleTimeoutMs || idleTimeoutMs > want.idleTimeoutMs) {
        idleTimeoutMs = want.idleTimeoutMs;
        changes.insert(u"idle_timeout_ms"_s, idleTimeoutMs);
    }
    if (current.maxLifetimeMs && current.maxLifetimeMs < NearLifetimeFactor * idleTimeoutMs) {
        changes.insert(
            u"max_lifetime_ms"_s,
            std::min(DayMs,
                     std::max(PoolSettings().maxLifetimeMs, RaisedLifetimeFactor * idleTimeoutMs)));
    }
    const bool silent = drop == Fate::Silence;
    if (current.minIdle > 0 && !(silent && want.keepAliveHolds))
        changes.insert(u"min_idle"_s, 0);
    if (silent) {
        if (!current.keepAlive)
            changes.insert(u"keepalive"_s, true);
        if (!current.keepAlive || current.keepAliveIdleS > want.keepAliveIdleS)
            changes.insert(u"keepalive_idle_s"_s, want.keepAliveIdleS);
        if (!current.keepAlive || current.keepAliveIntervalS > want.keepAliveIntervalS)
            changes.insert(u"keepalive_interval_s"_s, want.keepAliveIntervalS);
    } else if ((drop == Fate::Fin || drop == Fate::Reset) && !current.checkBeforeReuse) {
        changes.insert(u"check_before_reuse"_s, true);
    }
    return changes;
}

QStringList IdleCutoffResult::advice(const PoolSettings &current) const
{
    if (outcome != Outcome::Found)
        return {};
    const QJsonObject changes = recommendation(current);
    const PoolSettings next = applyTo(current);
    const Clearance want = clearanceFor(lowerMs > 0 ? lowerMs : cutoffMs / 2);
    const QString cutoff = secondsText(cutoffMs);
    const auto was = [&](const QString &key, const QString &value) {
        return changes.contains(key) ? u" (from %1)"_s.arg(value) : u" (as now)"_s;
    };
    QStringList lines;
    lines << u"idle_timeout_ms %1%2: the pool closes idle connections before anything on the "
             "path does, a margin under the %3 cutoff."_s.arg(next.idleTimeoutMs)
                 .arg(was(u"idle_timeout_ms"_s,
                          current.idleTimeoutMs ? QString::number(current.idleTimeoutMs)
                                                : u"0 (never)"_s),
                      cutoff);
    const bool keepAliveHolds = drop == Fate::Silence && want.keepAliveHolds;
    if (keepAliveHolds) {
        lines << u"min_idle %1 (as now): TCP keepalive keeps the flow of idle connections alive, "
                 "those min idle keeps (which the idle timeout spares) included."_s.arg(
                     current.minIdle);
    } else {
        lines << u"min_idle 0%1: the connections min idle keeps are spared by the idle timeout, "
                 "so they would sit idle past the cutoff and be dropped (and redialed) every "
                 "%2."_s.arg(was(u"min_idle"_s, QString::number(current.minIdle)), cutoff);
    }
    if (changes.contains(u"max_lifetime_ms"_s)) {
        lines << u"max_lifetime_ms %1 (from %2): a lifetime that close to the idle timeout "
                 "retires connections about as soon as they go idle, so the pool would redial "
                 "all the time."_s.arg(next.maxLifetimeMs)
                     .arg(current.maxLifetimeMs);
    } else {
        lines << u"max_lifetime_ms %1 (as now): the cutoff is about idle time, which the idle "
                 "timeout covers; a lifetime under it would only make the pool redial busy "
                 "connections. Only if busy connections are closed at about %2 of age too (peer "
                 "closes in the event log) is it an age limit, for max_lifetime_ms."_s.arg(
                     current.maxLifetimeMs ? QString::number(current.maxLifetimeMs)
                                           : u"0 (never)"_s,
                     cutoff);
    }
    if (drop == Fate::Silence) {
        QString line
            = u"keepalive %1, keepalive_idle_s %2, keepalive_interval_s %3%4: TCP "
              "keepalive packets keep a NAT or firewall from forgetting the flow, and "
              "find dead connections without a request hanging."_s.arg(onOff(next.keepAlive))
                  .arg(next.keepAliveIdleS)
                  .arg(next.keepAliveIntervalS)
                  .arg(changes.contains(u"keepalive"_s) || changes.contains(u"keepalive_idle_s"_s)
                               || changes.contains(u"keepalive_interval_s"_s)
                           ? QString()
                           : u" (as now)"_s);
        if (!want.keepAliveHolds)
            line += u" Keepalive counts whole seconds, so with a cutoff this short the idle "
                    "timeout is what protects the pool."_s;
        lines << line;
    } else if (drop == Fate::Fin || drop == Fate::Reset) {
        lines << u"check_before_reuse on%1: a connection the other side closed shows as such "
                 "before reuse, so the pool drops it instead of failing a request."_s.arg(
                     was(u"check_before_reuse"_s, onOff(current.checkBeforeReuse)));
    }
    return lines;
}

PoolSettings IdleCutoffResult::applyTo(const PoolSettings &base) const
{
    return PoolSettings::fromJson(recommendation(base), nullptr, base);
}

QJsonObject IdleCutoffResult::toJson() const
{
    QJsonArray trialList;
    for (const Trial &trial : trials)
        trialList << trial.toJson();
    QJsonObject o{
        {u"outcome"_s, enumName(outcome)},
        {u"drop"_s, drop == Fate::Usable ? QJsonValue() : QJsonValue(enumName(drop))},
        {u"cutoff_ms"_s, outcome == Outcome::Found ? QJsonValue(cutoffMs) : QJsonValue()},
        {u"lower_ms"_s, lowerMs},
        {u"upper_ms"_s, upperMs ? QJsonValue(upperMs) : QJsonValue()},
        {u"max_idle_ms"_s, maxIdleMs},
        {u"silence_timeout_ms"_s, silenceTimeoutMs},
        {u"rounds"_s, rounds},
        {u"elapsed_ms"_s, elapsedMs},
        {u"address"_s, address},
        {u"sentence"_s, sentence()},
        {u"recommendation"_s, recommendation(PoolSettings())},
        {u"advice"_s, QJsonArray::fromStringList(advice(PoolSettings()))},
        {u"trials"_s, trialList},
    };
    if (outcome == Outcome::Failed)
        o.insert(u"failure"_s, failure.toJson());
    return o;
}

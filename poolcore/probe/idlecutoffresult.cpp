#include "idlecutoffresult.h"

#include "poolsettings.h"

#include <QJsonArray>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// Settings stay this far below the cutoff: timers fire late, clocks on the path differ, and a
// request started just before the limit must still finish.
constexpr double IdleTimeoutShare = 0.8;
constexpr double MaxLifetimeShare = 0.9;
constexpr double KeepAliveIdleShare = 0.5;
constexpr double KeepAliveIntervalShare = 0.25;

} // namespace

QString IdleCutoffResult::secondsText(qint64 ms)
{
    const double s = double(ms) / 1000.0;
    return u"%1 s"_s.arg(QString::number(s, 'f', s < 10 ? 2 : (s < 100 ? 1 : 0)));
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

QJsonObject IdleCutoffResult::recommendation() const
{
    if (outcome != Outcome::Found)
        return {};
    // Only the idle times seen usable are known to be safe.
    const qint64 baseMs = lowerMs > 0 ? lowerMs : cutoffMs / 2;
    QJsonObject settings{
        {u"idle_timeout_ms"_s, std::max<qint64>(1, qint64(double(baseMs) * IdleTimeoutShare))},
        {u"max_lifetime_ms"_s, std::max<qint64>(1, qint64(double(baseMs) * MaxLifetimeShare))},
    };
    if (drop == Fate::Silence) {
        const double baseS = double(baseMs) / 1000.0;
        settings.insert(u"keepalive"_s, true);
        settings.insert(u"keepalive_idle_s"_s,
                        std::max<qint64>(1, qint64(baseS * KeepAliveIdleShare)));
        settings.insert(u"keepalive_interval_s"_s,
                        std::max<qint64>(1, qint64(baseS * KeepAliveIntervalShare)));
    } else if (drop == Fate::Fin || drop == Fate::Reset) {
        settings.insert(u"check_before_reuse"_s, true);
    }
    return settings;
}

QStringList IdleCutoffResult::advice() const
{
    const QJsonObject settings = recommendation();
    if (settings.isEmpty())
        return {};
    const QString cutoff = secondsText(cutoffMs);
    QStringList lines;
    lines << u"idle_timeout_ms %1: the pool closes idle connections before anything on the path "
             "does (a margin under the %2 cutoff)."_s
                 .arg(settings[u"idle_timeout_ms"_s].toInteger())
                 .arg(cutoff);
    lines << u"max_lifetime_ms %1: the finder's connections were idle from their start, so it "
             "cannot tell an idle limit from an age limit; keeping lifetimes under the cutoff "
             "covers both."_s.arg(settings[u"max_lifetime_ms"_s].toInteger());
    if (settings.contains(u"keepalive"_s)) {
        QString line = u"keepalive on, keepalive_idle_s %1, keepalive_interval_s %2: TCP "
                       "keepalive packets keep a NAT or firewall from forgetting the flow, and "
                       "find dead connections without a request hanging."_s
                           .arg(settings[u"keepalive_idle_s"_s].toInteger())
                           .arg(settings[u"keepalive_interval_s"_s].toInteger());
        if (lowerMs < 2000)
            line += u" Keepalive counts whole seconds, so with a cutoff this short the idle "
                    "timeout is what protects the pool."_s;
        lines << line;
    }
    if (settings.contains(u"check_before_reuse"_s)) {
        lines << u"check_before_reuse on: a connection the other side closed shows as such "
                 "before reuse, so the pool drops it instead of failing a request."_s;
    }
    return lines;
}

PoolSettings IdleCutoffResult::applyTo(const PoolSettings &base) const
{
    return PoolSettings::fromJson(recommendation(), nullptr, base);
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
        {u"recommendation"_s, recommendation()},
        {u"advice"_s, QJsonArray::fromStringList(advice())},
        {u"trials"_s, trialList},
    };
    if (outcome == Outcome::Failed)
        o.insert(u"failure"_s, failure.toJson());
    return o;
}

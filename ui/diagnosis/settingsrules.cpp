#include "settingsrules.h"

#include <algorithm>
#include <cmath>

qint64 SettingsRules::roundUp(qint64 value)
{
    if (value <= 1)
        return 1;
    qint64 power = 1;
    while (power * 10 < value)
        power *= 10;
    for (const qint64 step : {1, 2, 5, 10}) {
        if (step * power >= value)
            return step * power;
    }
    return 10 * power;
}

qint64 SettingsRules::roundDownMs(qint64 ms)
{
    const qint64 step = ms < 1'000 ? 10 : (ms < 100'000 ? 100 : 1'000);
    return ms < step ? std::max<qint64>(1, ms) : ms / step * step;
}

QList<SettingsRules::Warning> SettingsRules::check(const Facts &facts)
{
    QList<Warning> warnings;
    checkIdle(facts, &warnings);
    checkLifetime(facts, &warnings);
    checkAcquireTimeout(facts, &warnings);
    checkMaxConnections(facts, &warnings);
    // A fix the pool would refuse is no fix.
    warnings.removeIf(
        [&](const Warning &w) { return !apply(w, facts.settings).validate().isEmpty(); });
    return warnings;
}

PoolSettings SettingsRules::apply(const Warning &warning, PoolSettings base)
{
    switch (warning.kind) {
    case Kind::IdleTimeoutAboveCutoff:
        base.idleTimeoutMs = warning.proposed;
        break;
    case Kind::MinIdleClosedByServer:
        base.minIdle = int(warning.proposed);
        break;
    case Kind::LifetimeTooShort:
        base.maxLifetimeMs = warning.proposed;
        break;
    case Kind::AcquireTimeoutBelowHold:
        base.acquireTimeoutMs = warning.proposed;
        break;
    case Kind::MaxConnectionsUnused:
        base.maxConnections = int(warning.proposed);
        break;
    }
    return base;
}

void SettingsRules::checkIdle(const Facts &facts, QList<Warning> *warnings)
{
    const PoolSettings &s = facts.settings;
    const bool probed = facts.probedCutoffMs > 0;
    const qint64 cutoffMs = probed ? facts.probedCutoffMs : facts.observedCutoffNs / 1'000'000;
    if (cutoffMs <= 0)
        return;
    if (s.idleTimeoutMs == 0 || s.idleTimeoutMs >= cutoffMs) {
        Warning w;
        w.kind = Kind::IdleTimeoutAboveCutoff;
        w.current = s.idleTimeoutMs;
        w.observed = cutoffMs;
        w.probed = probed;
        w.proposed = roundDownMs(qint64(double(cutoffMs) * IdleTimeoutShare));
        warnings->append(w);
    }
    // Connections min idle keeps are exempt from the idle timeout: only fewer of them helps.
    if (s.minIdle > 0 && facts.observedCutoffNs > 0 && facts.serverIdleCloses >= MinServerCloses) {
        Warning w;
        w.kind = Kind::MinIdleClosedByServer;
        w.current = s.minIdle;
        w.observed = facts.serverIdleCloses;
        w.among = facts.observedCutoffNs / 1'000'000;
        w.proposed = 0;
        warnings->append(w);
    }
}

void SettingsRules::checkLifetime(const Facts &facts, QList<Warning> *warnings)
{
    const PoolSettings &s = facts.settings;
    if (s.maxLifetimeMs <= 0 || facts.windowS <= 0 || facts.lifetimeCloses < MinLifetimeCloses
        || facts.lifetimeCloses * 2 <= facts.closes)
        return;
    const double perS = double(facts.lifetimeCloses) / facts.windowS;
    if (perS < LifetimeClosesPerS)
        return;
    Warning w;
    w.kind = Kind::LifetimeTooShort;
    w.current = s.maxLifetimeMs;
    w.observed = qint64(facts.lifetimeCloses);
    w.among = qint64(facts.closes);
    w.perS = perS;
    w.proposed = std::max(SaneLifetimeMs, roundUp(s.maxLifetimeMs * 10));
    warnings->append(w);
}

void SettingsRules::checkAcquireTimeout(const Facts &facts, QList<Warning> *warnings)
{
    const PoolSettings &s = facts.settings;
    if (s.acquireTimeoutMs <= 0 || facts.holds < MinHolds
        || s.acquireTimeoutMs * 1'000'000 >= facts.p99HoldNs)
        return;
    Warning w;
    w.kind = Kind::AcquireTimeoutBelowHold;
    w.current = s.acquireTimeoutMs;
    w.observed = (facts.p99HoldNs + 999'999) / 1'000'000;
    // Twice the p99: a waiter behind one busy lease nearly always gets it.
    w.proposed = roundUp(2 * w.observed);
    warnings->append(w);
}

void SettingsRules::checkMaxConnections(const Facts &facts, QList<Warning> *warnings)
{
    const PoolSettings &s = facts.settings;
    const int peak = facts.peakInUse;
    if (facts.observedS < ObservationS || s.maxConnections < UnusedFactor * std::max(peak, 1)
        || s.maxConnections - peak < UnusedMargin)
        return;
    Warning w;
    w.kind = Kind::MaxConnectionsUnused;
    w.current = s.maxConnections;
    w.observed = peak;
    // Room for twice the peak, and never below what min idle keeps open.
    w.proposed = std::max({2 * peak, peak + 2, s.minIdle, 1});
    warnings->append(w);
}

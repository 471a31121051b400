#include "exhaustionrules.h"

#include <algorithm>

qint64 ExhaustionRules::longHoldNs(const Facts &facts)
{
    const double typical = facts.usualHoldNs > 0 ? facts.usualHoldNs : facts.meanHoldNs;
    return std::max(MinLongHoldNs, qint64(typical * LongHoldFactor));
}

// The hold time leases have now. While none comes back (every one stuck), those out say at
// least how long they take.
double ExhaustionRules::holdOf(const Facts &facts)
{
    return facts.meanHoldNs > 0 ? facts.meanHoldNs : double(facts.medianHeldNs);
}

// The rate requests arrive at. A workload that runs offers its concurrency's worth of requests
// per hold time, up to its rate cap: what it would get from a pool that never made it wait.
// Otherwise the acquires seen, which a full pool holds down to what it can serve.
double ExhaustionRules::arrivalOf(const Facts &facts, double holdNs, bool *offered)
{
    *offered = facts.workloadKnown && facts.concurrency > 0 && holdNs > 0;
    if (!*offered)
        return facts.acquiresPerS;
    const double unbounded = double(facts.concurrency) * 1e9 / holdNs;
    return facts.rateCapPerS > 0 ? std::min(facts.rateCapPerS, unbounded) : unbounded;
}

ExhaustionRules::Verdict ExhaustionRules::decide(const Facts &facts)
{
    Verdict v;
    v.maxConnections = facts.maxConnections;
    v.holdNs = holdOf(facts);
    v.arrivalPerS = arrivalOf(facts, v.holdNs, &v.arrivalOffered);
    v.neededConnections = v.arrivalPerS * v.holdNs / 1e9;
    if (facts.usualHoldNs > 0) {
        bool offered = false;
        v.neededAtUsualHold
            = arrivalOf(facts, facts.usualHoldNs, &offered) * facts.usualHoldNs / 1e9;
    }

    const bool exhausted = facts.acquireTimeouts > 0 || facts.busyShare >= BusyShare;
    if (!exhausted)
        return v;
    if ((facts.dialFailures > 0 || facts.consecutiveDialFailures > 0)
        && facts.open < facts.maxConnections) {
        v.cause = Cause::DialsFailing;
    } else if (facts.usualHoldNs > 0 && v.holdNs >= SlowFactor * facts.usualHoldNs
               && v.holdNs - facts.usualHoldNs >= SlowMarginNs) {
        v.cause = Cause::SlowBackend;
    } else if (facts.longHolders > 0
               && (v.neededAtUsualHold > 0 ? v.neededAtUsualHold : v.neededConnections)
                   <= facts.maxConnections - facts.longHolders) {
        // The rest of the pool would serve the load: the stuck leases took the room.
        v.cause = Cause::LeasesHeldTooLong;
    } else {
        v.cause = Cause::PoolTooSmall;
    }
    return v;
}

#include "exhaustionrules.h"

#include <algorithm>
#include <cmath>

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

// Waiters that gave up while dials were failing (an outage, a restart) waited for a connection
// the pool could not open: a waiter that timed out in the window queued up to an acquire
// timeout before it.
bool ExhaustionRules::timeoutsFromAnOutage(const Facts &facts)
{
    return facts.acquireTimeouts > 0 && facts.sinceDialFailureNs >= 0
        && double(facts.sinceDialFailureNs) <= facts.windowS * 1e9 + double(facts.acquireTimeoutNs);
}

// Room for the load with a margin, but no more than the workload can hold at once.
int ExhaustionRules::proposedMaxConnections(const Facts &facts, const Verdict &verdict)
{
    int proposed = int(std::ceil(verdict.neededConnections * SizingMargin));
    if (facts.workloadKnown && facts.concurrency > 0)
        proposed = std::min(proposed, facts.concurrency);
    proposed = std::min(proposed, MaxProposedConnections);
    return proposed > facts.maxConnections ? proposed : 0;
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

    const bool tooSmall = v.neededConnections > facts.maxConnections;
    // Waiters at a full pool now, with a load the pool cannot serve, is exhaustion already,
    // though the window still holds the calmer snapshots before it.
    const bool busy = facts.busyShare >= BusyShare || (facts.busyNow && tooSmall);
    if (!busy && facts.acquireTimeouts == 0)
        return v;
    const bool failingNow = facts.consecutiveDialFailures > 0;
    if ((failingNow || (busy && facts.dialFailures > 0)) && facts.open < facts.maxConnections) {
        v.cause = Cause::DialsFailing;
    } else if (!busy && timeoutsFromAnOutage(facts)) {
        // Dials succeed again: the timeouts were the outage's, and it is over.
    } else if (facts.usualHoldNs > 0 && v.holdNs >= SlowFactor * facts.usualHoldNs
               && v.holdNs - facts.usualHoldNs >= SlowMarginNs
               && v.neededAtUsualHold <= facts.maxConnections) {
        // Only when the backend at its usual speed would fit in the pool is the slowness why
        // requests wait; otherwise the pool is too small either way.
        v.cause = Cause::SlowBackend;
    } else if (facts.longHolders > 0
               && (!tooSmall
                   || (v.neededAtUsualHold > 0 ? v.neededAtUsualHold : v.neededConnections)
                       <= facts.maxConnections - facts.longHolders)) {
        // The pool would serve the load if the stuck leases came back: they took the room.
        v.cause = Cause::LeasesHeldTooLong;
    } else if (tooSmall) {
        v.cause = Cause::PoolTooSmall;
        v.proposedMaxConnections = proposedMaxConnections(facts, v);
    }
    // Otherwise the pool serves the load on average: waits at moments are bursts, no cause.
    return v;
}

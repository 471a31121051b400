#pragma once

#include "dialerror.h"

#include <QtGlobal>

// Why the pool ran out of connections, from numbers alone: the rules the Diagnosis view and the
// banner apply to what the feed showed. A plain value in, a plain value out, so a test can drive
// every rule with numbers.
class ExhaustionRules
{
public:
    enum class Cause : quint8 {
        None, // nobody waits at a full pool and no acquire timed out (or only in an outage)
        DialsFailing, // the pool cannot open the connections it may have
        SlowBackend, // each lease is held much longer than it used to be
        LeasesHeldTooLong, // a few leases are held far longer than the rest
        PoolTooSmall, // the offered load needs more connections than the pool may open
    };

    // What was seen over the last few seconds. Durations in ns; 0 where unknown.
    struct Facts
    {
        int maxConnections = 0;
        int open = 0;
        int inUse = 0;
        int waiting = 0;
        qint64 oldestWaitNs = 0;
        double windowS = 0; // how long the numbers below cover
        double busyShare = 0; // of the window's snapshots, those with waiters at a full pool
        bool busyNow = false; // waiters at a full pool at the latest snapshot
        // The most leases out at once in the window, every lease counted (also those that came
        // and went between two snapshots).
        int peakInUse = 0;
        quint64 acquireTimeouts = 0; // in the window
        qint64 acquireTimeoutNs = 0; // the setting: how long a timed-out waiter waited
        double acquiresPerS = 0; // leases handed out, observed
        // What the workload asks for when it runs: concurrency and its rate cap (0: none).
        bool workloadKnown = false;
        int concurrency = 0;
        double rateCapPerS = 0;
        double meanHoldNs = 0; // leases that came back in the window
        qint64 medianHeldNs = 0; // leases out now: how long they have been held so far
        double usualHoldNs = 0; // the shortest mean hold of a recent second: the backend at ease
        quint64 dialFailures = 0; // in the window
        int consecutiveDialFailures = 0;
        DialError lastDialError = DialError::None;
        qint64 sinceDialFailureNs = -1; // how long ago a dial last failed; -1: none seen
        int longHolders = 0; // leases out for longer than longHoldNs()
    };

    struct Verdict
    {
        Cause cause = Cause::None;
        // Little's law: connections needed = arrival rate x mean hold time.
        double arrivalPerS = 0;
        bool arrivalOffered = false; // the workload's offered rate, not the observed one
        double holdNs = 0;
        double neededConnections = 0;
        double neededAtUsualHold = 0; // with the backend at its usual speed; 0: unknown
        int maxConnections = 0;
        // PoolTooSmall: the max connections that serve the load, with a margin; 0: no fix.
        int proposedMaxConnections = 0;

        bool exhausted() const { return cause != Cause::None; }
        friend bool operator==(const Verdict &, const Verdict &) = default;
    };

    // A lease out this long, against the usual hold time (or the mean, while there is none),
    // is held too long: a second at least.
    static qint64 longHoldNs(const Facts &facts);
    static Verdict decide(const Facts &facts);

    // Waiters at a full pool in this share of the snapshots make the pool exhausted.
    static constexpr double BusyShare = 0.5;
    // A backend is slow when leases take this many times as long as usual, and at least
    // SlowMarginNs longer.
    static constexpr double SlowFactor = 3;
    static constexpr qint64 SlowMarginNs = 20'000'000;
    static constexpr double LongHoldFactor = 10;
    static constexpr qint64 MinLongHoldNs = 1'000'000'000;
    // The sizing fix: room for a quarter more than Little's law needs, and no more than this.
    static constexpr double SizingMargin = 1.25;
    static constexpr int MaxProposedConnections = 1'000;

private:
    static double holdOf(const Facts &facts);
    static double arrivalOf(const Facts &facts, double holdNs, bool *offered);
    static bool timeoutsFromAnOutage(const Facts &facts);
    static int proposedMaxConnections(const Facts &facts, const Verdict &verdict);
};

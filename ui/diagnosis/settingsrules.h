#pragma once

#include "poolsettings.h"

#include <QList>

// Pool settings held against what the pool and the server were seen to do: each warning names
// the setting, what was observed, and settings that fix it. Values in, values out, so a test
// can drive every rule with numbers; the words are DiagnosisText's.
class SettingsRules
{
public:
    enum class Kind : quint8 {
        IdleTimeoutAboveCutoff, // the server closes idle connections before the pool does
        MinIdleClosedByServer, // min idle keeps connections the server keeps closing
        LifetimeTooShort, // most closes are lifetime closes, and they come often
        AcquireTimeoutBelowHold, // waiters give up before a busy lease usually comes back
        MaxConnectionsUnused, // far more connections allowed than were ever in use
    };

    struct Facts
    {
        PoolSettings settings;
        qint64 probedCutoffMs = 0; // the idle-cutoff finder's, for this target; 0: none
        // The shortest idle time after which the server closed idle connections, when its
        // closes agree on one; 0: none seen.
        qint64 observedCutoffNs = 0;
        int serverIdleCloses = 0; // idle connections the server closed, under these settings
        double windowS = 0; // how long the counts below cover: since the settings changed
        quint64 closes = 0; // connections closed, for any reason but a flush or shutdown
        quint64 lifetimeCloses = 0;
        quint64 holds = 0; // leases that came back, and their 99th percentile hold time
        qint64 p99HoldNs = 0;
        int peakInUse = 0; // the most leases out at once
        double observedS = 0; // how long the workload ran under these settings
    };

    struct Warning
    {
        Kind kind = Kind::IdleTimeoutAboveCutoff;
        qint64 current = 0; // the setting now (ms, or connections)
        qint64 observed = 0; // the cutoff ms, the closes, the p99 hold ms, the peak in use
        qint64 among = 0; // lifetime closes: of how many closes; min idle: the cutoff ms
        double perS = 0; // lifetime closes a second
        bool probed = false; // the cutoff is the finder's, not inferred from closes
        qint64 proposed = 0;

        friend bool operator==(const Warning &, const Warning &) = default;
    };

    static QList<Warning> check(const Facts &facts);
    // base with the warning's setting set to what it proposes.
    static PoolSettings apply(const Warning &warning, PoolSettings base);

    static constexpr double IdleTimeoutShare = 0.8; // as the idle-cutoff finder recommends
    static constexpr int MinServerCloses = 3;
    static constexpr quint64 MinLifetimeCloses = 5;
    static constexpr double LifetimeClosesPerS = 0.5;
    static constexpr qint64 SaneLifetimeMs = 120'000;
    static constexpr quint64 MinHolds = 20;
    static constexpr double ObservationS = 15;
    static constexpr int UnusedFactor = 4;
    static constexpr int UnusedMargin = 8;

    // Up to the next 1, 2 or 5 times a power of ten.
    static qint64 roundUp(qint64 value);
    // Down to a step that reads as what it is: 10 ms under a second, 100 ms under 100 s, else
    // a second. A proposal is rounded once, and its label words that value.
    static qint64 roundDownMs(qint64 ms);

private:
    static void checkIdle(const Facts &facts, QList<Warning> *warnings);
    static void checkLifetime(const Facts &facts, QList<Warning> *warnings);
    static void checkAcquireTimeout(const Facts &facts, QList<Warning> *warnings);
    static void checkMaxConnections(const Facts &facts, QList<Warning> *warnings);
};

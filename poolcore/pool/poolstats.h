#pragma once

#include "latencyhistogram.h"
#include "poolevent.h"

#include <QJsonObject>
#include <QMetaType>

#include <array>

// The pool's statistics: gauges for now, counters since the pool started, and histograms of
// every duration it measures. A plain value: copy it, compare it, write it as JSON.
struct PoolStats
{
    static constexpr int ReasonCount = int(EvictionReason::Shutdown) + 1;
    static constexpr int DialErrorCount = int(DialError::Other) + 1;
    // A connection the server closes this soon after its dial (a server at its client limit, one
    // that accepts and resets, one that greets first) proved nothing: it is an early close, a
    // failed dial for the back-off. A server's idle timeout is longer.
    static constexpr qint64 EarlyCloseNs = 250'000'000;

    // Gauges
    int open = 0; // connected: idle + in use
    int idle = 0;
    int inUse = 0;
    int dialing = 0; // resolving, connecting or in the TLS handshake
    int waiting = 0; // acquires queued for a connection
    qint64 oldestWaiterSinceNs = 0; // when the longest-waiting of them was queued; 0: none
    int peakOpen = 0; // the most connections open at once
    quint32 generation = 0;
    qint64 backoffUntilNs = 0; // no dial starts before this time (0 = not backing off)
    int consecutiveDialFailures = 0;
    DialError lastDialError = DialError::None;
    QString lastDialMessage;

    // Counters, and the histograms below, since this time (MonotonicClock): the pool's start or
    // its last resetStatistics()
    qint64 sinceNs = 0;
    quint64 dials = 0;
    quint64 dialFailures = 0;
    std::array<quint64, DialErrorCount> dialFailuresByError{};
    quint64 earlyCloses = 0;
    quint64 acquisitions = 0; // leases handed out
    quint64 reuses = 0; // ... of which from an idle connection: a handshake saved
    // Acquires that queued with every one of max connections busy: waits for a connection
    // someone else held.
    quint64 waits = 0;
    // Acquires that queued for a new connection to be dialed (every unpooled request does),
    // not for one held by someone else.
    quint64 dialWaits = 0;
    quint64 acquireTimeouts = 0;
    quint64 acquireFailures = 0; // dial errors, cancellations and pool shutdown handed to waiters
    quint64 releases = 0;
    std::array<quint64, ReasonCount> evictions{};
    quint64 misuses = 0;

    // Histograms
    LatencyHistogram acquireWait;
    LatencyHistogram dialTime; // resolve + TCP connect
    LatencyHistogram tlsTime;
    LatencyHistogram holdTime;
    LatencyHistogram idleAtReuse;
    LatencyHistogram ageAtClose;

    quint64 handshakesSaved() const { return reuses; }
    double reuseRatio() const { return acquisitions ? double(reuses) / double(acquisitions) : 0; }
    quint64 evictionCount(EvictionReason reason) const { return evictions[int(reason)]; }
    quint64 totalEvictions() const;

    QJsonObject toJson() const;
};

Q_DECLARE_METATYPE(PoolStats)

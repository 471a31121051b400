#pragma once

#include "poolevent.h"
#include "poolsettings.h"

#include <QString>

#include <optional>
#include <vector>

class IdleList;
class PooledConnection;

// Why a connection goes, or empty when it stays.
struct CloseDecision
{
    EvictionReason reason = EvictionReason::None;
    QString message;

    bool closes() const { return reason != EvictionReason::None; }
};

// Every decision to close a connection, in one place, like Go's tryPutIdleConn: it only says
// why; the pool carries the decisions out afterwards. Internal to the pool.
class EvictionPolicy
{
public:
    // What the decisions depend on besides the connection.
    struct PoolFacts
    {
        bool shutDown = false;
        quint32 generation = 0;
        qsizetype connections = 0; // open and dialing
        int idle = 0;
    };
    struct Eviction
    {
        PooledConnection *connection;
        CloseDecision why;
    };

    explicit EvictionPolicy(const PoolSettings &settings)
        : m_settings(settings)
    { }

    // A connection that came back from a holder, or was just dialed.
    CloseDecision keepOrClose(const PooledConnection &connection, qint64 nowNs,
                              const PoolFacts &pool) const;
    // An idle connection about to be handed out: the cleaner runs on a timer, so it can be
    // past its time before that fires, and the peer may have closed it in a way the event loop
    // has not delivered yet.
    CloseDecision checkAtAcquire(const PooledConnection &connection, qint64 nowNs,
                                 const PoolFacts &pool) const;
    // The idle connections the cleaner closes now, oldest first, so that idle-timeout closes
    // stop at min idle (and min connections, of connections all told) with the newest kept.
    std::vector<Eviction> idleExpiry(const IdleList &idle, qint64 nowNs,
                                     qsizetype connections) const;
    // Whether a close is an early close (PoolStats::EarlyCloseNs): the server's doing, right
    // after the dial, and not after it answered on the lease. Then it is a failed dial as far
    // as the back-off goes, or a server at its client limit would be redialed as fast as it
    // accepts. Returns the dial error it counts as; nullopt when it is not one.
    std::optional<DialError> earlyCloseCause(const PooledConnection &connection,
                                             EvictionReason reason, qint64 ageNs,
                                             const PoolFacts &pool) const;
    // Why every connection goes when the settings now point elsewhere than old did, or dial
    // with other TLS (PoolSettings::targetDiffers): the reason names which.
    CloseDecision targetChange(const PoolSettings &old) const;
    // When the cleaner has something to do about this idle connection; 0: never.
    qint64 cleanerDueNs(const PooledConnection &connection, const PoolFacts &pool) const;

private:
    const PoolSettings &m_settings;
};

#pragma once

#include "clock.h"
#include "connectioninfo.h"
#include "dialtiming.h"
#include "link.h"

#include <QHostAddress>

#include <memory>

class ConnectionPool;
class Dialer;
class LeaseListener;

// The pool's record of one connection: owned by ConnectionPool and touched only on its thread.
// It hears its link and passes what it hears on: to the Dialer while dialing, then to the pool.
// Internal to the pool.
class PooledConnection final : public LinkListener
{
public:
    PooledConnection(ConnectionPool &pool, Dialer &dialer, quint64 id, quint32 generation,
                     qint64 createdNs);
    ~PooledConnection();

    const quint64 id;
    const quint32 generation;
    const qint64 createdNs;
    ConnectionState state = ConnectionState::Resolving; // changed only by ConnectionPool::setState
    std::unique_ptr<Link> link; // from the dial on; none while resolving
    std::unique_ptr<ClockTimer> connectTimer; // the connect timeout, while dialing

    qint64 connectStartedNs = 0; // the addresses were known and the TCP connect began
    qint64 tcpConnectedNs = 0;
    qint64 connectedNs = 0;
    qint64 tlsStartedNs = 0;
    qint64 lastAcquiredNs = 0;
    qint64 lastReleasedNs = 0;
    qint64 expiresNs = 0; // max lifetime with this connection's jitter; 0: never
    const double lifetimeJitter; // drawn once, so a settings change keeps it
    quint64 useCount = 0;
    quint64 token = 0; // the current lease; 0 when not out
    bool answered = false; // bytes arrived in the current lease: the server served it

    // Set when something says this connection must go while it is busy or dialing.
    EvictionReason pendingEviction = EvictionReason::None;
    QString pendingMessage;
    LeaseListener *holder = nullptr; // the holder's listener, while in use
    QString purpose; // the holder's label for the lease, while in use
    quint64 requestId = 0;

    // IdleList's links, while idle.
    PooledConnection *newer = nullptr;
    PooledConnection *older = nullptr;

    bool isDialing() const { return state < ConnectionState::Idle; }
    // Counts from when it connected, shortened by its jitter; 0: it never expires.
    void setMaxLifetime(qint64 lifetimeNs);
    ConnectionInfo info() const;
    // Once established: how long each part of its dial took.
    DialTiming dialTiming() const;

private:
    void linkConnected() override;
    void linkEstablished() override;
    void linkDialFailed(DialError error, const QString &message) override;
    void linkReadyRead() override;
    void linkClosed(const LinkClose &close) override;

    ConnectionPool &m_pool;
    Dialer &m_dialer;
};

#include "pooledconnection.h"

#include "connectionpool.h"
#include "dialer.h"
#include "leaselistener.h"

#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace {

// Connections expire at max lifetime minus up to this fraction, so a pool filled at once does
// not empty at once (HikariCP uses the same 2.5 %).
constexpr double LifetimeJitter = 0.025;

} // namespace

PooledConnection::PooledConnection(ConnectionPool &pool, Dialer &dialer, quint64 id,
                                   quint32 generation, qint64 createdNs)
    : id(id)
    , generation(generation)
    , createdNs(createdNs)
    , lifetimeJitter(1.0 - LifetimeJitter * QRandomGenerator::global()->generateDouble())
    , m_pool(pool)
    , m_dialer(dialer)
{ }

PooledConnection::~PooledConnection() = default;

ConnectionInfo PooledConnection::info() const
{
    ConnectionInfo i;
    i.id = id;
    i.state = state;
    i.generation = generation;
    i.createdNs = createdNs;
    i.connectedNs = connectedNs;
    i.lastAcquiredNs = lastAcquiredNs;
    i.lastReleasedNs = lastReleasedNs;
    i.useCount = useCount;
    i.purpose = purpose;
    i.requestId = requestId;
    if (!link)
        return i;
    i.peerAddress = link->peerAddress();
    i.peerPort = link->peerPort();
    i.localPort = link->localPort();
    if (state < ConnectionState::Idle)
        return i;
    if (const TcpInfo tcp = link->tcpInfo(); tcp.valid) {
        i.bytesIn = tcp.bytesReceived;
        i.bytesOut = tcp.bytesAcked;
        i.rttUs = tcp.rttUs;
        i.rttVarUs = tcp.rttVarUs;
        i.retransmits = tcp.retransmits;
    }
    return i;
}

DialTiming PooledConnection::dialTiming() const
{
    DialTiming timing;
    timing.resolveNs = connectStartedNs - createdNs;
    timing.connectNs = tcpConnectedNs - connectStartedNs;
    timing.tlsNs = tlsStartedNs ? connectedNs - tlsStartedNs : 0;
    return timing;
}

void PooledConnection::linkConnected()
{
    m_dialer.linkConnected(this);
}

void PooledConnection::linkEstablished()
{
    m_dialer.linkEstablished(this);
}

void PooledConnection::linkDialFailed(DialError error, const QString &message)
{
    m_dialer.linkFailed(this, error, message);
}

void PooledConnection::setMaxLifetime(qint64 lifetimeNs)
{
    expiresNs
        = connectedNs && lifetimeNs ? connectedNs + qint64(double(lifetimeNs) * lifetimeJitter) : 0;
}

void PooledConnection::linkReadyRead()
{
    if (state == ConnectionState::InUse) {
        answered = true;
        if (holder)
            holder->leaseReadyRead();
    } else if (state == ConnectionState::Idle) {
        m_pool.closeIdle(this, EvictionReason::UnexpectedData,
                         u"%1 bytes arrived while idle: the stream is out of step"_s.arg(
                             link->bytesAvailable()));
    }
}

void PooledConnection::linkClosed(const LinkClose &close)
{
    const EvictionReason reason = close.timedOut ? EvictionReason::KeepAliveTimeout
        : close.byPeer                           ? EvictionReason::PeerClosed
                                                 : EvictionReason::SocketError;
    if (state == ConnectionState::Idle) {
        m_pool.closeIdle(this, reason, close.message);
        return;
    }
    if (state != ConnectionState::InUse)
        return;
    if (close.error && pendingEviction == EvictionReason::None) {
        pendingEviction = reason;
        pendingMessage = close.message + u" (while in use)"_s;
    }
    // Last: the holder may release (and so close) the connection from here.
    if (holder)
        holder->leaseClosed();
}

#include "poollease.h"

#include "connectionpool.h"
#include "pooledconnection.h"

#include <QLoggingCategory>

#include <atomic>

namespace {
std::atomic<quint64> orphanedReleaseCount{0};
}

PoolLease::PoolLease(ConnectionPool *pool, PooledConnection *connection, quint64 connectionId,
                     quint64 token, bool reused)
    : m_pool(pool)
    , m_connection(connection)
    , m_connectionId(connectionId)
    , m_token(token)
    , m_reused(reused)
{ }

PoolLease::PoolLease(PoolLease &&other) noexcept
    : m_pool(std::move(other.m_pool))
    , m_connection(std::exchange(other.m_connection, nullptr))
    , m_connectionId(other.m_connectionId)
    , m_token(std::exchange(other.m_token, 0))
    , m_reused(other.m_reused)
    , m_closeReason(other.m_closeReason)
    , m_closeMessage(std::move(other.m_closeMessage))
{ }

PoolLease &PoolLease::operator=(PoolLease &&other) noexcept
{
    if (this != &other) {
        release();
        m_pool = std::move(other.m_pool);
        m_connection = std::exchange(other.m_connection, nullptr);
        m_connectionId = other.m_connectionId;
        m_token = std::exchange(other.m_token, 0);
        m_reused = other.m_reused;
        m_closeReason = other.m_closeReason;
        m_closeMessage = std::move(other.m_closeMessage);
    }
    return *this;
}

PoolLease::~PoolLease()
{
    release();
}

bool PoolLease::isValid() const
{
    return m_connection && m_pool;
}

bool PoolLease::holdsConnection() const
{
    return isValid() && m_connection->token == m_token
        && m_connection->state == ConnectionState::InUse;
}

QTcpSocket *PoolLease::socket() const
{
    return holdsConnection() ? m_connection->link->socket() : nullptr;
}

quint64 PoolLease::useCount() const
{
    return holdsConnection() ? m_connection->useCount : 0;
}

qint64 PoolLease::tcpConnectedNs() const
{
    return holdsConnection() ? m_connection->tcpConnectedNs : 0;
}

void PoolLease::setListener(LeaseListener *listener)
{
    if (holdsConnection())
        m_connection->holder = listener;
}

void PoolLease::setPurpose(const QString &purpose, quint64 requestId)
{
    if (!holdsConnection())
        return;
    m_connection->purpose = purpose;
    m_connection->requestId = requestId;
}

void PoolLease::closeOnRelease(EvictionReason reason, const QString &message)
{
    m_closeReason = reason;
    m_closeMessage = message;
}

void PoolLease::release()
{
    if (!m_connection)
        return;
    m_connection = nullptr;
    const quint64 token = std::exchange(m_token, 0);
    if (m_pool) {
        m_pool->release(m_connectionId, token, m_closeReason, m_closeMessage);
        m_pool = nullptr;
    } else {
        ++orphanedReleaseCount;
        qWarning("PoolLease: connection %llu came back after its pool was destroyed; ignored",
                 m_connectionId);
    }
}

quint64 PoolLease::orphanedReleases()
{
    return orphanedReleaseCount.load();
}

#pragma once

#include "poolevent.h"

#include <QPointer>
#include <QString>

class ConnectionPool;
class LeaseListener;
class PooledConnection;
class QTcpSocket;

// The right to use one pooled connection. Move-only; dropping it gives the connection back.
// Everything it does must happen on the pool's thread.
//
// A lease that outlives its pool is caught (socket() returns nullptr, release logs a misuse),
// never a crash. Signals the holder connected to socket() are disconnected on release, so the
// next holder starts clean.
class PoolLease
{
public:
    PoolLease() = default;
    PoolLease(PoolLease &&other) noexcept;
    PoolLease &operator=(PoolLease &&other) noexcept;
    PoolLease(const PoolLease &) = delete;
    PoolLease &operator=(const PoolLease &) = delete;
    ~PoolLease();

    bool isValid() const;
    QTcpSocket *socket() const; // a QSslSocket when the pool uses TLS
    // Hears about the socket without connecting to its signals (cheaper, per request).
    void setListener(LeaseListener *listener);
    // Says what the lease is for ("GET /" and the request's number), so a snapshot tells who
    // holds each connection. Shared text costs no allocation per request.
    void setPurpose(const QString &purpose, quint64 requestId = 0);
    quint64 connectionId() const { return m_connectionId; }
    quint64 token() const { return m_token; }
    bool isReused() const { return m_reused; }
    // While it holds the connection (0 otherwise): which lease of the connection this is (1: its
    // first, even when the pool dialed it ahead, for min idle), and when its TCP connect
    // completed, which a server's accept followed at once.
    quint64 useCount() const;
    qint64 tcpConnectedNs() const;

    // The connection will be closed instead of parked idle when it comes back.
    void markBroken() { closeOnRelease(EvictionReason::Broken); }
    void closeOnRelease(EvictionReason reason, const QString &message = {});
    void release();

    // Leases that came back after their pool was gone, process-wide.
    static quint64 orphanedReleases();

private:
    friend class ConnectionPool;
    PoolLease(ConnectionPool *pool, PooledConnection *connection, quint64 connectionId,
              quint64 token, bool reused);
    // Its pool lives and the connection is still out under this lease.
    bool holdsConnection() const;

    QPointer<ConnectionPool> m_pool;
    PooledConnection *m_connection = nullptr; // valid while m_pool lives and m_token matches
    quint64 m_connectionId = 0;
    quint64 m_token = 0;
    bool m_reused = false;
    EvictionReason m_closeReason = EvictionReason::None;
    QString m_closeMessage;
};

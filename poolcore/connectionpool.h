#pragma once

#include "acquireresult.h"
#include "latencyhistogram.h"
#include "poolevent.h"
#include "poolsettings.h"
#include "poolsnapshot.h"
#include "poolstats.h"

#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>
#include <QTimer>

#include <deque>
#include <functional>
#include <memory>
#include <vector>

class PooledConnection;
class PoolObserver;
class QHostInfo;
class QTcpSocket;

// A pool of TCP (or TLS) connections to one target. It lives on one thread's event loop and
// every call must come from that thread; nothing here blocks.
//
// acquire() hands out an idle connection at once, else dials a new one if under
// maxConnections, else queues the caller (FIFO) until a connection comes back or its deadline
// passes. A connection that comes back goes to the oldest waiter before it is parked idle.
//
// Every signal below is emitted on the pool's thread; each also reaches observers as a
// PoolEvent.
class ConnectionPool : public QObject
{
    Q_OBJECT
public:
    using AcquireCallback = std::function<void(AcquireResult)>;

    // Settings are validated; when they are invalid the pool stays closed and
    // settingsErrors() says why.
    explicit ConnectionPool(const PoolSettings &settings, QObject *parent = nullptr);
    ~ConnectionPool() override;

    const PoolSettings &settings() const { return m_settings; }
    // Applies new settings live: open connections stay unless the change requires them to go
    // (a smaller maximum, a new target). Returns the validation errors; on errors nothing
    // changes.
    QStringList setSettings(const PoolSettings &settings);
    QStringList settingsErrors() const { return m_settingsErrors; }
    bool isClosed() const { return m_closed; }

    // Calls callback exactly once with a lease or an error. When an idle connection is ready
    // it is called before acquire() returns; otherwise later from the event loop. If context
    // is destroyed first, the wait is cancelled and callback is not called. timeoutMs < 0
    // uses the acquire timeout setting. Returns the waiter id (0 when already completed).
    quint64 acquire(QObject *context, AcquireCallback callback, qint64 timeoutMs = -1);
    // True when the waiter was still queued; its callback gets AcquireError::Cancelled.
    bool cancelAcquire(quint64 waiterId);

    // Gives a connection back. Leases call this; calling it for a connection that is not out
    // under this token (a double release) is reported as a Misuse event and ignored.
    void release(quint64 connectionId, quint64 token, bool broken);

    // A new generation: idle connections close now, in-use ones when they come back, dials in
    // flight when they finish.
    void clear();
    // Closes everything; waiters fail with PoolClosed. Leases still out close on return.
    void shutdown();

    void addObserver(PoolObserver *observer);
    void removeObserver(PoolObserver *observer);

    const PoolStats &stats() const { return m_stats; }
    quint32 generation() const { return m_generation; }
    // Reads TCP_INFO for every open connection: cheap, but not free for thousands.
    PoolSnapshot snapshot() const;
    QList<QHostAddress> resolvedAddresses() const { return m_addresses; }

Q_SIGNALS:
    void dialStarted(quint64 connectionId);
    void dialSucceeded(quint64 connectionId, qint64 dialNs, qint64 tlsNs);
    void dialFailed(quint64 connectionId, DialError error, const QString &message);
    void connectionAcquired(quint64 connectionId, bool reused, qint64 idleNs, qint64 waitNs);
    void connectionReleased(quint64 connectionId, qint64 holdNs);
    void connectionEvicted(quint64 connectionId, EvictionReason reason);
    void waiterQueued(quint64 waiterId);
    void waiterTimedOut(quint64 waiterId, qint64 waitNs);
    void poolCleared(quint32 generation);
    void errorOccurred(const QString &message); // misuse caught by the pool
    void eventRecorded(const PoolEvent &event);

private:
    struct Waiter
    {
        quint64 id = 0;
        qint64 queuedNs = 0;
        qint64 deadlineNs = 0; // 0: no deadline
        QPointer<QObject> context;
        bool hasContext = false;
        AcquireCallback callback;
    };

    void record(PoolEvent &event);
    PoolEvent makeEvent(EventKind kind, const PooledConnection *connection = nullptr) const;

    // Acquire path
    PooledConnection *takeIdle();
    bool passesReuseCheck(PooledConnection *connection, qint64 now);
    void handOut(PooledConnection *connection, const AcquireCallback &callback, qint64 waitNs,
                 bool reused, quint64 waiterId);
    void park(PooledConnection *connection);
    bool offerToWaiter(PooledConnection *connection, bool reused);
    void failWaiter(Waiter &waiter, AcquireError error, DialError dialError,
                    const QString &message);
    void expireWaiters();
    void scheduleWaiterTimer();

    // Dial path
    void dialAsNeeded();
    int dialDemand() const;
    void startDial();
    void connectTo(PooledConnection *connection);
    void onConnected(PooledConnection *connection);
    void onEncrypted(PooledConnection *connection);
    void onSocketError(PooledConnection *connection);
    void onConnectTimeout(PooledConnection *connection);
    void dialFinished(PooledConnection *connection);
    void failDial(PooledConnection *connection, DialError error, const QString &message);
    void resolve();
    void onResolved(const QHostInfo &info);
    bool needsResolution() const;
    std::optional<QHostAddress> overrideAddress() const;

    // Lifetime
    void evict(PooledConnection *connection, EvictionReason reason, const QString &message = {});
    void evictIdleWhere(EvictionReason reason,
                        const std::function<bool(const PooledConnection *)> &predicate);
    void destroyConnection(PooledConnection *connection);
    void onIdleReadyRead(PooledConnection *connection);
    void onIdleDisconnected(PooledConnection *connection);
    void runCleaner();
    void scheduleCleaner(qint64 dueNs);
    qint64 cleanerDueFor(const PooledConnection *connection) const;
    qint64 lifetimeWithJitter() const;
    void applySocketOptions(QTcpSocket *socket) const;
    QTcpSocket *createSocket();
    void removeFromIdle(PooledConnection *connection);
    void updateGauges();

    PoolSettings m_settings;
    QStringList m_settingsErrors;
    QSslConfiguration m_sslConfiguration;
    bool m_closed = false;
    quint32 m_generation = 1;

    quint64 m_nextConnectionId = 1;
    quint64 m_nextWaiterId = 1;
    quint64 m_nextToken = 1;
    QHash<quint64, PooledConnection *> m_connections; // owns every live connection
    std::deque<PooledConnection *> m_idle;            // back = most recently released
    std::deque<Waiter> m_waiters;
    int m_dialing = 0;
    int m_inUse = 0;

    QList<QHostAddress> m_addresses;
    bool m_resolving = false;
    int m_resolveLookupId = -1;
    qint64 m_resolvedNs = 0;
    int m_addressCursor = 0;

    qint64 m_backoffNs = 0; // current back-off step, 0 when the last dial succeeded
    QTimer m_backoffTimer;
    QTimer m_waiterTimer;
    QTimer m_cleanerTimer;
    qint64 m_cleanerDueNs = 0;
    QTimer m_dnsTimer;

    PoolStats m_stats;
    std::vector<PoolObserver *> m_observers;
};

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
#include <optional>
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
    bool isClosed() const { return !isOpen(); }

    // Calls callback exactly once with a lease or an error. When an idle connection is ready
    // it is called before acquire() returns; otherwise later from the event loop. If context
    // is destroyed first, the wait is cancelled and callback is not called. Returns the waiter id
    // (0 when already completed).
    quint64 acquire(QObject *context, AcquireCallback callback, AcquireOptions options = {});
    // True when the waiter was still queued; its callback gets AcquireError::Cancelled.
    bool cancelAcquire(quint64 waiterId);

    // Gives a connection back. Leases call this; calling it for a connection that is not out
    // under this token (a double release) is reported as a Misuse event and ignored.
    void release(quint64 connectionId, quint64 token,
                 EvictionReason closeReason = EvictionReason::None, const QString &message = {});

    // A new generation: idle connections close now, in-use ones when they come back, dials in
    // flight when they finish.
    void clear();
    // Closes everything; waiters fail with PoolClosed. Leases still out close on return.
    void shutdown();

    void addObserver(PoolObserver *observer);
    void removeObserver(PoolObserver *observer);

    PoolStats stats() const;
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
    friend class PoolLease;

    struct Waiter
    {
        quint64 id = 0;
        qint64 queuedNs = 0;
        qint64 deadlineNs = 0; // 0: none (waits for a dial, which has its own timeout)
        QPointer<QObject> context;
        bool hasContext = false;
        bool fresh = false;
        AcquireCallback callback;
    };

    bool isOpen() const { return !m_shutDown && m_settingsErrors.isEmpty(); }
    void record(PoolEvent &event);
    PoolEvent makeEvent(EventKind kind, const PooledConnection *connection = nullptr) const;
    QTcpSocket *leasedSocket(PooledConnection *connection, quint64 token) const;
    void setLeaseListener(PooledConnection *connection, quint64 token, LeaseListener *listener);

    // Acquire and release
    PooledConnection *takeIdle(qint64 now);
    bool passesReuseCheck(PooledConnection *connection);
    void handOut(PooledConnection *connection, const AcquireCallback &callback, qint64 waitNs,
                 qint64 now, quint64 waiterId);
    EvictionReason reasonToCloseOnRelease(PooledConnection *connection, qint64 now,
                                          QString *message) const;
    // A used connection goes to the oldest waiter that did not ask for a fresh one.
    bool offerToWaiter(PooledConnection *connection, qint64 now, bool freshConnection);
    Waiter takeWaiter(std::deque<Waiter>::iterator it);
    void park(PooledConnection *connection, qint64 now);
    void failWaiter(Waiter &waiter, AcquireError error, DialError dialError,
                    const QString &message);
    void recordWaiterEnd(const Waiter &waiter, EventKind kind, qint64 now, const QString &message,
                         DialError dialError = DialError::None);
    void expireWaiters();
    void scheduleWaiterTimer(qint64 dueNs);

    // Dialing
    void applyTarget();
    std::optional<QHostAddress> overrideAddress() const;
    bool needsResolution() const;
    void resolve();
    void onResolved(const QHostInfo &info);
    void setAddresses(const QList<QHostAddress> &addresses, const QString &source,
                      PoolEvent *resolvedEvent = nullptr);
    int dialDemand() const;
    void dialAsNeeded();
    void makeRoomForFreshDial();
    void startDial(qint64 now);
    QTcpSocket *createSocket(PooledConnection *connection);
    void connectSocket(PooledConnection *connection);
    void connectTo(PooledConnection *connection);
    void onConnected(PooledConnection *connection);
    void dialFinished(PooledConnection *connection);
    void onConnectTimeout(PooledConnection *connection);
    void onSocketError(PooledConnection *connection);
    void onDisconnected(PooledConnection *connection);
    void onReadyRead(PooledConnection *connection);
    void failDial(PooledConnection *connection, DialError error, const QString &message);
    void applySocketOptions(PooledConnection *connection) const;
    void watchReadNotifier(PooledConnection *connection);
    bool eventFilter(QObject *watched, QEvent *event) override;

    // Eviction and cleaning
    void peerGone(PooledConnection *connection, EvictionReason reason, const QString &message);
    // Closes an idle connection now, or marks a busy or dialing one to close when it can.
    void retire(PooledConnection *connection, EvictionReason reason, const QString &message);
    void retireAll(EvictionReason reason, const QString &message);
    void shrinkTo(int maximum);
    void evict(PooledConnection *connection, EvictionReason reason, const QString &message = {});
    void destroyConnection(PooledConnection *connection);
    std::vector<quint64> idleIds() const;
    PooledConnection *idleConnection(quint64 id) const;
    void removeFromIdle(PooledConnection *connection);
    void rememberClosed(ConnectionInfo &&info);
    qint64 cleanerDueFor(const PooledConnection *connection) const;
    void scheduleCleaner(qint64 dueNs);
    void runCleaner();

    PoolSettings m_settings;
    QStringList m_settingsErrors;
    QSslConfiguration m_sslConfiguration;
    bool m_shutDown = false;
    quint32 m_generation = 1;

    quint64 m_nextConnectionId = 1;
    quint64 m_nextWaiterId = 1;
    quint64 m_nextToken = 1;
    QHash<quint64, PooledConnection *> m_connections; // owns every connection not yet closed
    std::deque<PooledConnection *> m_idle; // back = most recently released
    std::deque<Waiter> m_waiters;
    int m_freshWaiters = 0;
    std::deque<ConnectionInfo> m_recentlyClosed;
    QHash<QObject *, PooledConnection *> m_readNotifiers;
    int m_dialing = 0;
    int m_inUse = 0;

    QList<QHostAddress> m_addresses;
    bool m_resolving = false;
    int m_resolveLookupId = -1;
    qint64 m_resolveStartedNs = 0;
    int m_addressCursor = 0;

    qint64 m_backoffNs = 0; // current back-off step, 0 after a dial succeeds
    QTimer m_backoffTimer;
    QTimer m_waiterTimer;
    qint64 m_waiterDueNs = 0;
    QTimer m_cleanerTimer;
    qint64 m_cleanerDueNs = 0;
    QTimer m_dnsTimer;

    PoolStats m_stats; // counters and histograms; stats() adds the gauges
    std::vector<PoolObserver *> m_observers;
};

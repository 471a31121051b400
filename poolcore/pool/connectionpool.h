#pragma once

#include "acquireresult.h"
#include "clock.h"
#include "completionqueue.h"
#include "connector.h"
#include "dialer.h"
#include "evictionpolicy.h"
#include "idlelist.h"
#include "poolevent.h"
#include "pooleventlog.h"
#include "poolsettings.h"
#include "poolsnapshot.h"
#include "poolstats.h"
#include "waiterqueue.h"

#include <QHash>
#include <QObject>

#include <array>
#include <deque>
#include <vector>

class PooledConnection;
class PoolObserver;
class QTcpSocket;

// CMAP's pool states (docs/semantics.md). Paused: acquires fail at once and nothing is dialed.
enum class PoolState : quint8 { Ready, Paused, Closed };

template<> struct EnumNames<PoolState>
{
    static constexpr PoolState last = PoolState::Closed;
    static constexpr std::array names{"ready", "paused", "closed"};
};

struct ClearOptions
{
    bool pause = false; // pause the pool too: every waiter fails at once (AcquireError::Cleared)
    // Close the connections out on lease now, rather than when they come back: their holders
    // see the socket close.
    bool interruptInUse = false;
};

// A pool of TCP (or TLS) connections to one target. It lives on one thread's event loop and
// every call must come from that thread; nothing here blocks.
//
// acquire() takes an idle connection, else dials a new one if under maxConnections, else
// queues the caller (FIFO) until a connection comes back or its deadline passes. Its callback
// always runs later, from the event loop, never inside a call to the pool, so nobody re-enters
// the pool from inside acquire() or release(). tryAcquire() answers at once, for callers that
// want that. A connection that comes back goes to the oldest waiter before it is parked idle.
//
// The state changes in few, named places, as in Go's database/sql: setState() moves a
// connection and the gauges follow; EvictionPolicy decides whether a connection stays, and
// close() is the one way out; the Dialer takes a connection from its start until it is
// established. Everything reaches observers as a PoolEvent, numbered in the order the state
// changed.
class ConnectionPool
    : public QObject
    , private Dialer::Pool
{
    Q_OBJECT
public:
    using AcquireCallback = Waiter::Callback;

    // Settings are validated; when they are invalid the pool stays closed and
    // settingsErrors() says why. clock and connector are the seams for state-machine tests;
    // both must outlive the pool.
    explicit ConnectionPool(const PoolSettings &settings, QObject *parent = nullptr);
    ConnectionPool(const PoolSettings &settings, Clock &clock, Connector &connector,
                   QObject *parent = nullptr);
    ~ConnectionPool() override;

    // Every event carries this id (0 until set): which of a session's pools it came from.
    quint32 id() const { return m_log.poolId(); }
    void setId(quint32 id) { m_log.setPoolId(id); }

    const PoolSettings &settings() const { return m_settings; }
    // Applies new settings live: open connections stay unless the change requires them to go
    // (a smaller maximum, a new target). Returns the validation errors; on errors nothing
    // changes.
    QStringList setSettings(const PoolSettings &settings);
    QStringList settingsErrors() const { return m_settingsErrors; }
    bool isClosed() const { return !isOpen(); }
    // Closed once shut down, or while its settings are invalid.
    PoolState state() const { return isOpen() ? m_state : PoolState::Closed; }

    // Pausing fails every waiter at once (AcquireError::Paused), and acquires while paused
    // fail at once too; nothing is dialed, not even to pre-warm. Before the pool starts (from
    // the event loop, after the constructor) it starts paused. ready() serves again. With
    // pause_after_dial_failures the pool also pauses itself when that many dials in a row
    // fail, dials once on the back-off schedule, and is ready at the first dial that succeeds.
    void pause();
    void ready();

    // Emits acquire_started at every acquire(), before anything is decided, as CMAP does.
    // Off unless asked for: the window and the load driver have the wait in acquired and
    // waiter_queued already, and one more event per request costs them.
    void setAcquireStartedEvents(bool on) { m_acquireStartedEvents = on; }

    // An idle connection that passes the checks at acquire, now; an invalid lease when there
    // is none (then acquire() waits or dials).
    PoolLease tryAcquire();
    // Calls callback exactly once, from the event loop, with a lease or an error. If context
    // is destroyed first, the wait is cancelled and callback is not called. Returns the
    // waiter's id.
    quint64 acquire(QObject *context, AcquireCallback callback, AcquireOptions options = {});
    // True when the waiter was still queued; its callback gets AcquireError::Cancelled.
    bool cancelAcquire(quint64 waiterId);

    // Gives a connection back. Leases call this; calling it for a connection that is not out
    // under this token (a double release) is reported as a Misuse event and ignored.
    void release(quint64 connectionId, quint64 token,
                 EvictionReason closeReason = EvictionReason::None, const QString &message = {});

    // A new generation: idle connections close now, in-use ones when they come back (or now,
    // with interruptInUse), dials in flight when they finish. With pause, the pool pauses too.
    void clear(ClearOptions options = {});
    // Closes everything; waiters fail with PoolClosed, idle connections close, then
    // pool_closed. Leases still out close on return (released, then evicted: shutdown).
    void shutdown();

    // Observers hear every event synchronously, in order; they must not call the pool.
    void addObserver(PoolObserver *observer) { m_log.addObserver(observer); }
    void removeObserver(PoolObserver *observer) { m_log.removeObserver(observer); }

    PoolStats stats() const;
    // Counters and histograms start again from zero now; the gauges, the connections and the
    // generation stay, and the peak open is what is open now.
    void resetStatistics();
    qint64 statisticsSinceNs() const { return m_stats.sinceNs; }
    quint32 generation() const { return m_generation; }
    // Reads TCP_INFO for every open connection: cheap, but not free for thousands.
    PoolSnapshot snapshot() const;
    QList<QHostAddress> resolvedAddresses() const { return m_dialer.addresses(); }

private:
    friend class PoolLease;
    friend class PooledConnection;
    using Eviction = EvictionPolicy::Eviction;

    bool isOpen() const { return m_state != PoolState::Closed && m_settingsErrors.isEmpty(); }
    bool isReady() const { return m_state == PoolState::Ready && m_settingsErrors.isEmpty(); }
    void start();
    void failAllWaiters(AcquireError error, const QString &message);
    void openBreaker(int failures, const QString &lastError);
    void closeBreaker();
    void probe();
    void interruptInUse();
    qint64 now() const { return m_clock.nowNs(); }
    int count(ConnectionState state) const { return m_stateCounts[size_t(state)]; }
    int dialingCount() const;
    EvictionPolicy::PoolFacts facts() const;

    // Acquire and release
    PooledConnection *takeIdle(qint64 now);
    // waiter: the acquire it goes to; nullptr for tryAcquire().
    PoolLease handOut(PooledConnection *connection, qint64 now, qint64 waitNs,
                      const Waiter *waiter);
    void placeReturned(PooledConnection *connection, qint64 now, bool freshConnection);
    // Why an acquire that found no idle connection waits; the last dial error when dials fail.
    QString queueCause(bool fresh, DialError *dialError) const;
    void failWaiter(Waiter waiter, AcquireError error, DialError dialError, const QString &message);
    void expireWaiters(std::vector<Waiter> expired);

    // Dialing
    int dialDemand() const;
    void dialAsNeeded();
    void startDial(qint64 nowNs);
    void makeRoomForFreshDial();
    void setState(PooledConnection *connection, ConnectionState state) override;
    void dialEstablished(PooledConnection *connection) override;
    void dialFailed(PooledConnection *connection, DialError error, const QString &message) override;
    void targetMoved(const QList<QHostAddress> &addresses) override;
    void backoffEnded() override { dialAsNeeded(); }

    // What an open connection's link says (through PooledConnection)
    void closeIdle(PooledConnection *connection, EvictionReason reason, const QString &message);

    // Closing
    void retire(PooledConnection *connection, EvictionReason reason, const QString &message,
                std::vector<Eviction> *evictions);
    void close(PooledConnection *connection, EvictionReason reason, const QString &message = {});
    void closeAll(const std::vector<Eviction> &evictions);
    void forget(PooledConnection *connection);
    void rememberClosed(const PooledConnection *connection, qint64 nowNs, EvictionReason reason,
                        DialError dialError, const QString &message);
    void scheduleCleanerFor(const PooledConnection *connection);
    void runCleaner();

    PoolEvent makeEvent(EventKind kind, const PooledConnection *connection = nullptr) const;
    void recordMisuse(quint64 connectionId, const QString &message);

    Clock &m_clock;
    PoolSettings m_settings;
    QStringList m_settingsErrors;
    PoolState m_state = PoolState::Ready;
    bool m_started = false;
    bool m_acquireStartedEvents = false;
    bool m_breakerOpen = false; // paused by pause_after_dial_failures, probing
    QString m_breakerMessage;
    quint32 m_generation = 1;
    PoolStats m_stats; // counters and histograms; stats() adds the gauges
    PoolEventLog m_log;
    EvictionPolicy m_policy{m_settings};
    Dialer m_dialer;

    quint64 m_nextConnectionId = 1;
    quint64 m_nextWaiterId = 1;
    quint64 m_nextToken = 1;
    QHash<quint64, PooledConnection *> m_connections; // owns every connection not yet closed
    std::array<int, int(ConnectionState::Closed) + 1> m_stateCounts{};
    IdleList m_idle;
    WaiterQueue m_waiters;
    CompletionQueue m_completions;
    std::deque<ConnectionInfo> m_recentlyClosed;
    std::unique_ptr<ClockTimer> m_cleanerTimer;
    qint64 m_lastCleanerNs = 0;
};

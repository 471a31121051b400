// ConnectionPool's closing, its states (ready, paused, closed), generations and what it tells
// observers and snapshots; connectionpool.cpp has acquire, release and dialing.
#include "connectionpool.h"
#include "monotonicclock.h"
#include "pooledconnection.h"

#include <QJsonDocument>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// Closed connections stay in snapshots a while, so that views can show how they ended (with
// the last byte counts, which no event carries) even when they missed the events: a score of
// snapshots, not for good, as every snapshot copies them and every view goes through them.
constexpr qint64 RecentlyClosedNs = 2'000'000'000;
constexpr int RecentlyClosedLimit = 256;

} // namespace

// ---------------------------------------------------------------------------------------------
// Closing

// An idle connection goes into evictions, for the caller to close; a busy or dialing one is
// marked to close when it can.
void ConnectionPool::retire(PooledConnection *connection, EvictionReason reason,
                            const QString &message, std::vector<Eviction> *evictions)
{
    if (connection->state == ConnectionState::Idle) {
        evictions->push_back({connection, {reason, message}});
    } else if (connection->pendingEviction == EvictionReason::None) {
        connection->pendingEviction = reason;
        connection->pendingMessage = message;
    }
}

void ConnectionPool::closeAll(const std::vector<Eviction> &evictions)
{
    for (const Eviction &eviction : evictions)
        close(eviction.connection, eviction.why.reason, eviction.why.message);
}

void ConnectionPool::close(PooledConnection *connection, EvictionReason reason,
                           const QString &message)
{
    const qint64 t = now();
    const bool wasInUse = connection->state == ConnectionState::InUse;
    const qint64 ageNs = connection->connectedNs ? t - connection->connectedNs : 0;
    QString text = message;
    if (const std::optional<DialError> cause
        = m_policy.earlyCloseCause(*connection, reason, ageNs, facts()))
        text += m_dialer.recordEarlyClose(ageNs, *cause, message);
    setState(connection, ConnectionState::Closing);
    ++m_stats.evictions[size_t(reason)];
    if (connection->connectedNs)
        m_stats.ageAtClose.record(ageNs);
    rememberClosed(connection, t, reason, DialError::None, text);

    PoolEvent event = m_log.make(EventKind::Evicted, t, connection);
    event.reason = reason;
    event.ageNs = ageNs;
    event.idleNs = !wasInUse && connection->lastReleasedNs ? t - connection->lastReleasedNs : 0;
    event.message = text;
    m_log.record(event);
    forget(connection);
}

void ConnectionPool::forget(PooledConnection *connection)
{
    m_dialer.abandon(connection);
    --m_stateCounts[size_t(connection->state)];
    m_connections.remove(connection->id);
    delete connection;
}

void ConnectionPool::rememberClosed(const PooledConnection *connection, qint64 nowNs,
                                    EvictionReason reason, DialError dialError,
                                    const QString &message)
{
    ConnectionInfo closed = connection->info();
    closed.state = ConnectionState::Closed;
    closed.closedNs = nowNs;
    closed.closeReason = reason;
    closed.dialError = dialError;
    closed.closeMessage = message;
    m_recentlyClosed.push_back(std::move(closed));
    while (m_recentlyClosed.size() > RecentlyClosedLimit
           || m_recentlyClosed.front().closedNs < nowNs - RecentlyClosedNs)
        m_recentlyClosed.pop_front();
}

// O(1), on the release path: the cleaner's timer only ever moves earlier here.
void ConnectionPool::scheduleCleanerFor(const PooledConnection *connection)
{
    const qint64 intervalMs = m_settings.maintenanceIntervalMs;
    if (intervalMs < 0)
        return; // off: only the checks at acquire and release close expired connections
    qint64 due = m_policy.cleanerDueNs(*connection, facts());
    if (due && intervalMs > 0)
        due = std::max(due, m_lastCleanerNs + MonotonicClock::msToNs(intervalMs));
    if (due && (!m_cleanerTimer->isActive() || due < m_cleanerTimer->dueNs()))
        m_cleanerTimer->start(due);
}

void ConnectionPool::runCleaner()
{
    m_cleanerTimer->stop();
    if (m_settings.maintenanceIntervalMs >= 0) {
        m_lastCleanerNs = now();
        closeAll(m_policy.idleExpiry(m_idle, m_lastCleanerNs, m_connections.size()));
    }
    for (const PooledConnection *c = m_idle.oldest(); c; c = c->newer)
        scheduleCleanerFor(c);
    dialAsNeeded();
}

// ---------------------------------------------------------------------------------------------
// States and generations

void ConnectionPool::start()
{
    if (m_started || !m_settingsErrors.isEmpty())
        return;
    m_started = true;
    PoolEvent created = makeEvent(EventKind::PoolCreated);
    created.message
        = QString::fromUtf8(QJsonDocument(m_settings.toJson()).toJson(QJsonDocument::Compact));
    m_log.record(created);
    if (m_state == PoolState::Ready) {
        PoolEvent ready = makeEvent(EventKind::PoolReady);
        m_log.record(ready);
    }
    dialAsNeeded();
}

void ConnectionPool::pause()
{
    if (m_state != PoolState::Ready)
        return;
    m_state = PoolState::Paused;
    if (!m_started)
        return; // it starts paused
    PoolEvent event = makeEvent(EventKind::PoolPaused);
    m_log.record(event);
    failAllWaiters(AcquireError::Paused, u"the pool was paused"_s);
}

void ConnectionPool::ready()
{
    if (m_state != PoolState::Paused)
        return;
    m_state = PoolState::Ready;
    m_breakerOpen = false;
    m_breakerMessage.clear();
    if (!m_started)
        return;
    PoolEvent event = makeEvent(EventKind::PoolReady);
    m_log.record(event);
    dialAsNeeded();
}

// The circuit breaker (pause_after_dial_failures): with the backend down, acquires fail at
// once instead of queueing for dials that fail.
void ConnectionPool::openBreaker(int failures, const QString &lastError)
{
    m_breakerOpen = true;
    m_state = PoolState::Paused;
    m_breakerMessage = u"the pool is paused: %1 dials in a row failed (the last: %2); it "
                       "dials once on the back-off schedule and is ready at the first that "
                       "succeeds"_s.arg(failures)
                           .arg(lastError);
    PoolEvent event = makeEvent(EventKind::PoolPaused);
    event.message = m_breakerMessage;
    m_log.record(event);
    failAllWaiters(AcquireError::Paused, m_breakerMessage);
}

void ConnectionPool::closeBreaker()
{
    m_breakerOpen = false;
    m_breakerMessage.clear();
    m_state = PoolState::Ready;
    PoolEvent event = makeEvent(EventKind::PoolReady);
    event.message = u"a dial succeeded: the backend is back"_s;
    m_log.record(event);
}

// One dial at a time while the breaker is open, when the back-off allows (its timer calls
// dialAsNeeded() again).
void ConnectionPool::probe()
{
    if (dialingCount() > 0 || m_connections.size() >= m_settings.maxConnections)
        return;
    const qint64 t = now();
    if (m_dialer.allowance(t, 0) > 0)
        startDial(t);
}

void ConnectionPool::failAllWaiters(AcquireError error, const QString &message)
{
    for (Waiter &waiter : m_waiters.takeAll())
        failWaiter(std::move(waiter), error, DialError::None, message);
}

void ConnectionPool::clear(ClearOptions options)
{
    m_log.setGeneration(++m_generation);
    PoolEvent event = makeEvent(EventKind::Cleared);
    event.interruptInUse = options.interruptInUse;
    event.message = options.interruptInUse
        ? u"generation %1: idle connections close now, busy ones are interrupted"_s.arg(
            m_generation)
        : u"generation %1: idle connections close now, busy ones when they come back"_s.arg(
            m_generation);
    m_log.record(event);
    if (options.pause && m_state == PoolState::Ready) {
        m_state = PoolState::Paused;
        PoolEvent paused = makeEvent(EventKind::PoolPaused);
        paused.message = u"paused by the clear"_s;
        m_log.record(paused);
        failAllWaiters(AcquireError::Cleared, u"the pool was cleared and paused"_s);
    }
    std::vector<Eviction> evictions;
    for (PooledConnection *c = m_idle.oldest(); c; c = c->newer)
        evictions.push_back({c, {EvictionReason::Cleared, {}}});
    closeAll(evictions);
    if (options.interruptInUse)
        interruptInUse();
    dialAsNeeded();
}

// The sockets of the connections out on lease close from the event loop, so no holder hears of
// it inside clear(); each closes for good when it comes back (another generation).
void ConnectionPool::interruptInUse()
{
    std::vector<std::pair<quint64, quint64>> leases; // connection, token
    for (PooledConnection *connection : std::as_const(m_connections)) {
        if (connection->state == ConnectionState::InUse)
            leases.emplace_back(connection->id, connection->token);
    }
    if (leases.empty())
        return;
    QMetaObject::invokeMethod(
        this,
        [this, leases] {
            for (const auto &[id, token] : leases) {
                PooledConnection *connection = m_connections.value(id);
                if (!connection || connection->state != ConnectionState::InUse
                    || connection->token != token || !connection->link->socket())
                    continue;
                connection->pendingEviction = EvictionReason::Cleared;
                connection->pendingMessage = u"interrupted by a clear while in use"_s;
                connection->link->socket()->abort();
            }
        },
        Qt::QueuedConnection);
}

void ConnectionPool::shutdown()
{
    if (m_state == PoolState::Closed)
        return;
    m_state = PoolState::Closed;
    m_cleanerTimer->stop();
    m_dialer.stop();
    failAllWaiters(AcquireError::PoolClosed, u"the pool shut down"_s);
    std::vector<Eviction> evictions;
    for (PooledConnection *connection : std::as_const(m_connections)) {
        if (connection->state == ConnectionState::InUse)
            retire(connection, EvictionReason::Shutdown, u"the pool shut down"_s, &evictions);
        else
            evictions.push_back({connection, {EvictionReason::Shutdown, {}}});
    }
    closeAll(evictions);
    if (m_started) {
        PoolEvent event = makeEvent(EventKind::PoolClosed);
        m_log.record(event);
    }
}

PoolEvent ConnectionPool::makeEvent(EventKind kind, const PooledConnection *connection) const
{
    return m_log.make(kind, now(), connection);
}

void ConnectionPool::recordMisuse(quint64 connectionId, const QString &message)
{
    PoolEvent event = makeEvent(EventKind::Misuse);
    event.connectionId = connectionId;
    event.message = message;
    ++m_stats.misuses;
    m_log.record(event);
}

PoolStats ConnectionPool::stats() const
{
    PoolStats stats = m_stats;
    stats.idle = m_idle.size();
    stats.inUse = count(ConnectionState::InUse);
    stats.dialing = dialingCount();
    stats.open = stats.idle + stats.inUse;
    stats.waiting = m_waiters.size();
    stats.oldestWaiterSinceNs = m_waiters.oldestQueuedNs();
    stats.generation = m_generation;
    const DialBackoff &backoff = m_dialer.backoff();
    stats.backoffUntilNs = backoff.untilNs();
    stats.consecutiveDialFailures = backoff.consecutiveFailures();
    stats.lastDialError = backoff.lastError();
    stats.lastDialMessage = backoff.lastMessage();
    return stats;
}

void ConnectionPool::resetStatistics()
{
    m_stats = PoolStats();
    m_stats.sinceNs = now();
    m_stats.peakOpen = count(ConnectionState::Idle) + count(ConnectionState::InUse);
}

PoolSnapshot ConnectionPool::snapshot() const
{
    PoolSnapshot snapshot;
    snapshot.timeNs = now();
    snapshot.connections.reserve(m_connections.size() + qsizetype(m_recentlyClosed.size()));
    for (const ConnectionInfo &closed : m_recentlyClosed) {
        if (closed.closedNs >= snapshot.timeNs - RecentlyClosedNs)
            snapshot.connections << closed;
    }
    for (const PooledConnection *connection : m_connections)
        snapshot.connections << connection->info();
    snapshot.stats = stats();
    return snapshot;
}

#include "connectionpool.h"

#include "leaselistener.h"
#include "monotonicclock.h"
#include "pooledconnection.h"

#include <algorithm>

using namespace Qt::StringLiterals;

ConnectionPool::ConnectionPool(const PoolSettings &settings, QObject *parent)
    : ConnectionPool(settings, Clock::system(), Connector::sockets(), parent)
{ }

ConnectionPool::ConnectionPool(const PoolSettings &settings, Clock &clock, Connector &connector,
                               QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_settings(settings)
    , m_dialer(clock, connector, m_settings, m_log, m_stats, *this)
    , m_waiters(clock, [this](std::vector<Waiter> expired) { expireWaiters(std::move(expired)); })
    , m_cleanerTimer(clock.createTimer([this] { runCleaner(); }))
{
    m_waiters.setDialsUnderWay([this] { return dialingCount(); });
    m_stats.sinceNs = now();
    m_settingsErrors = settings.validate();
    if (m_settingsErrors.isEmpty())
        m_dialer.setTarget(false);
    // Starting waits for the event loop, so whoever created the pool can attach observers
    // first and see pool_created and the pre-warming dials.
    QMetaObject::invokeMethod(this, &ConnectionPool::start, Qt::QueuedConnection);
}

ConnectionPool::~ConnectionPool()
{
    shutdown();
    // Whoever still waits hears now, once; a lease nobody takes goes back and closes.
    m_completions.deliver();
    m_completions.clear();
    for (PooledConnection *connection : m_connections.values()) {
        recordMisuse(connection->id,
                     u"connection %1 was still leased when its pool was destroyed; the lease no "
                     "longer gives access to it"_s.arg(connection->id));
        close(connection, EvictionReason::Shutdown);
    }
}

QStringList ConnectionPool::setSettings(const PoolSettings &settings)
{
    if (const QStringList errors = settings.validate(); !errors.isEmpty())
        return errors;
    if (m_state == PoolState::Closed)
        return {u"the pool is shut down; create a new one"_s};
    const PoolSettings old = m_settings;
    const bool wasInvalid = !m_settingsErrors.isEmpty();
    if (old == settings && !wasInvalid)
        return {};
    m_settings = settings;
    m_settingsErrors.clear();
    PoolEvent event = makeEvent(EventKind::SettingsChanged);
    event.message = settings.keysDiffering(old).join(u", "_s);
    m_log.record(event);

    std::vector<Eviction> evictions;
    if (wasInvalid) {
        // A pool created with invalid settings starts once it gets valid ones.
        m_dialer.setTarget(false);
    } else if (settings.targetDiffers(old)) {
        m_dialer.setTarget(false);
        const CloseDecision why = m_policy.targetChange(old);
        for (PooledConnection *connection : std::as_const(m_connections))
            retire(connection, why.reason, why.message, &evictions);
    } else if (old.hostOverrides != settings.hostOverrides) {
        m_dialer.setTarget(!m_connections.isEmpty());
    }
    // Oldest idle first; in-use connections over the limit go when they come back.
    const QString shrunk = u"max_connections is now %1"_s.arg(settings.maxConnections);
    if (evictions.empty()) {
        qsizetype excess = m_connections.size() - settings.maxConnections;
        for (PooledConnection *c = m_idle.oldest(); c && excess > 0; c = c->newer, --excess)
            evictions.push_back({c, {EvictionReason::Shrink, shrunk}});
    }
    closeAll(evictions);

    for (PooledConnection *connection : std::as_const(m_connections)) {
        connection->setMaxLifetime(MonotonicClock::msToNs(settings.maxLifetimeMs));
        if (!connection->isDialing() && settings.tuning() != old.tuning())
            connection->link->applyTuning(settings.tuning());
    }
    m_dialer.setRefreshMs(settings.dnsRefreshMs);
    if (wasInvalid)
        start();
    runCleaner();
    return {};
}

// ---------------------------------------------------------------------------------------------
// State

void ConnectionPool::setState(PooledConnection *connection, ConnectionState state)
{
    if (connection->state == state)
        return;
    if (connection->state == ConnectionState::Idle) {
        m_idle.remove(connection);
        connection->link->setIdle(false);
    }
    --m_stateCounts[size_t(connection->state)];
    ++m_stateCounts[size_t(state)];
    connection->state = state;
    if (state == ConnectionState::Idle) {
        m_idle.pushNewest(connection);
        connection->link->setIdle(true);
    }
    if (state == ConnectionState::Idle || state == ConnectionState::InUse) {
        const int open = count(ConnectionState::Idle) + count(ConnectionState::InUse);
        m_stats.peakOpen = std::max(m_stats.peakOpen, open);
    }
}

int ConnectionPool::dialingCount() const
{
    return count(ConnectionState::Resolving) + count(ConnectionState::Connecting)
        + count(ConnectionState::TlsHandshake);
}

EvictionPolicy::PoolFacts ConnectionPool::facts() const
{
    return {m_state == PoolState::Closed, m_generation, m_connections.size(), m_idle.size()};
}

// ---------------------------------------------------------------------------------------------
// Acquire and release

PooledConnection *ConnectionPool::takeIdle(qint64 now)
{
    while (!m_idle.isEmpty()) {
        PooledConnection *connection
            = m_settings.reuseOrder == ReuseOrder::Lifo ? m_idle.newest() : m_idle.oldest();
        const CloseDecision problem = m_policy.checkAtAcquire(*connection, now, facts());
        if (!problem.closes())
            return connection;
        close(connection, problem.reason, problem.message);
    }
    return nullptr;
}

PoolLease ConnectionPool::tryAcquire()
{
    if (!m_started)
        start(); // called before the event loop started the pool: pool_created comes first
    if (!isReady())
        return {};
    const qint64 t = now();
    PooledConnection *connection = takeIdle(t);
    PoolLease lease = connection ? handOut(connection, t, 0, nullptr) : PoolLease();
    if (m_idle.size() < m_settings.minIdle)
        dialAsNeeded();
    return lease;
}

quint64 ConnectionPool::acquire(QObject *context, AcquireCallback callback, AcquireOptions options)
{
    if (!m_started)
        start(); // called before the event loop started the pool: pool_created comes first
    Waiter waiter;
    waiter.id = m_nextWaiterId++;
    waiter.queuedNs = now();
    waiter.context = context;
    waiter.hasContext = context != nullptr;
    waiter.fresh = options.fresh;
    waiter.purpose = options.purpose;
    waiter.requestId = options.requestId;
    waiter.callback = std::move(callback);
    const quint64 id = waiter.id;
    if (m_acquireStartedEvents) {
        PoolEvent event = makeEvent(EventKind::AcquireStarted);
        event.waiterId = id;
        m_log.record(event);
    }
    if (!isOpen()) {
        failWaiter(std::move(waiter), AcquireError::PoolClosed, DialError::None,
                   m_settingsErrors.isEmpty()
                       ? u"the pool is shut down"_s
                       : u"the pool has invalid settings: "_s + m_settingsErrors.join(u"; "_s));
        return id;
    }
    if (m_state == PoolState::Paused) {
        failWaiter(std::move(waiter), AcquireError::Paused, DialError::None,
                   m_breakerOpen ? m_breakerMessage : u"the pool is paused"_s);
        return id;
    }
    if (PooledConnection *connection = options.fresh ? nullptr : takeIdle(waiter.queuedNs)) {
        AcquireResult result;
        result.lease = handOut(connection, waiter.queuedNs, 0, &waiter);
        m_completions.add(std::move(waiter), std::move(result));
        if (m_idle.size() < m_settings.minIdle)
            dialAsNeeded();
        return id;
    }
    const qint64 timeout = options.timeoutMs < 0 ? m_settings.acquireTimeoutMs : options.timeoutMs;
    const bool canDial
        = m_connections.size() < m_settings.maxConnections || (options.fresh && !m_idle.isEmpty());
    if (timeout == 0 && !canDial) {
        failWaiter(std::move(waiter), AcquireError::Exhausted, DialError::None,
                   u"every connection is busy (%1 of %1) and the acquire timeout is 0"_s.arg(
                       m_settings.maxConnections));
        return id;
    }
    waiter.deadlineNs = timeout > 0 ? waiter.queuedNs + MonotonicClock::msToNs(timeout) : 0;
    m_waiters.push(std::move(waiter));
    ++(canDial ? m_stats.dialWaits : m_stats.waits);
    PoolEvent event = makeEvent(EventKind::WaiterQueued);
    event.waiterId = id;
    event.message = queueCause(options.fresh, &event.dialError);
    m_log.record(event);
    dialAsNeeded();
    return id;
}

QString ConnectionPool::queueCause(bool fresh, DialError *dialError) const
{
    // Constant texts: a waiter is queued for every unpooled request, and this allocates nothing.
    const DialBackoff &backoff = m_dialer.backoff();
    if (backoff.isFailing()) {
        *dialError = backoff.lastError();
        return backoff.untilNs() > now()
            ? u"dials are failing, so the pool waits out its back-off before the next one"_s
            : u"dials are failing, so the pool dials one at a time until one succeeds"_s;
    }
    if (fresh)
        return u"a new connection was asked for, so it waits for its own dial"_s;
    if (m_connections.size() >= m_settings.maxConnections) {
        return count(ConnectionState::InUse) >= m_settings.maxConnections
            ? u"every connection is in use (max_connections reached)"_s
            : u"max_connections reached, and the connections not in use are dialing or closing"_s;
    }
    if (dialingCount() >= m_settings.maxConcurrentDials)
        return u"max_concurrent_dials dials are under way, so it waits for one of them"_s;
    return u"no idle connection, so it waits for a new one to be dialed"_s;
}

bool ConnectionPool::cancelAcquire(quint64 waiterId)
{
    std::optional<Waiter> waiter = m_waiters.take(waiterId);
    if (!waiter)
        return false;
    failWaiter(std::move(*waiter), AcquireError::Cancelled, DialError::None,
               u"cancelled by the caller"_s);
    return true;
}

PoolLease ConnectionPool::handOut(PooledConnection *connection, qint64 now, qint64 waitNs,
                                  const Waiter *waiter)
{
    const bool reused = connection->useCount > 0 || connection->lastReleasedNs > 0;
    const qint64 idleNs = connection->lastReleasedNs ? now - connection->lastReleasedNs : 0;
    setState(connection, ConnectionState::InUse);
    connection->lastAcquiredNs = now;
    connection->token = m_nextToken++;
    connection->answered = false;
    ++connection->useCount;
    if (waiter) {
        connection->purpose = waiter->purpose;
        connection->requestId = waiter->requestId;
    }

    ++m_stats.acquisitions;
    m_stats.acquireWait.record(waitNs);
    if (reused) {
        ++m_stats.reuses;
        m_stats.idleAtReuse.record(idleNs);
    }
    PoolEvent event = m_log.make(EventKind::Acquired, now, connection);
    event.waiterId = waiter ? waiter->id : 0;
    event.reused = reused;
    event.idleNs = idleNs;
    event.waitNs = waitNs;
    m_log.record(event);
    return PoolLease(this, connection, connection->id, connection->token, reused);
}

void ConnectionPool::release(quint64 connectionId, quint64 token, EvictionReason closeReason,
                             const QString &closeMessage)
{
    PooledConnection *connection = m_connections.value(connectionId);
    if (!connection || connection->state != ConnectionState::InUse || connection->token != token
        || token == 0) {
        recordMisuse(connectionId,
                     u"release of connection %1, which is not out under this lease (released "
                     "twice?); ignored"_s.arg(connectionId));
        return;
    }
    const qint64 t = now();
    const qint64 holdNs = t - connection->lastAcquiredNs;
    connection->lastReleasedNs = t;
    connection->token = 0;
    connection->holder = nullptr;
    connection->purpose.clear();
    connection->requestId = 0;
    connection->link->releaseHolder();
    ++m_stats.releases;
    m_stats.holdTime.record(holdNs);
    PoolEvent event = m_log.make(EventKind::Released, t, connection);
    event.holdNs = holdNs;
    m_log.record(event);

    const CloseDecision decision = closeReason != EvictionReason::None
        ? CloseDecision{closeReason, closeMessage}
        : m_policy.keepOrClose(*connection, t, facts());
    if (decision.closes()) {
        close(connection, decision.reason, decision.message);
        dialAsNeeded();
        return;
    }
    placeReturned(connection, t, false);
}

// A connection ready for use goes to the oldest waiter it can serve, else idle.
void ConnectionPool::placeReturned(PooledConnection *connection, qint64 now, bool freshConnection)
{
    while (std::optional<Waiter> waiter = m_waiters.takeFor(freshConnection)) {
        if (waiter->isAbandoned()) {
            failWaiter(std::move(*waiter), AcquireError::Cancelled, DialError::None,
                       u"its context object was destroyed"_s);
            continue;
        }
        AcquireResult result;
        result.waitNs = now - waiter->queuedNs;
        result.lease = handOut(connection, now, result.waitNs, &*waiter);
        if (freshConnection)
            result.dial = connection->dialTiming();
        m_completions.add(std::move(*waiter), std::move(result));
        return;
    }
    setState(connection, ConnectionState::Idle);
    if (!connection->lastReleasedNs)
        connection->lastReleasedNs = now;
    scheduleCleanerFor(connection);
    // Waiters that want a new connection cannot take this one: room is made for their dial.
    if (m_waiters.freshCount() > 0)
        dialAsNeeded();
}

void ConnectionPool::failWaiter(Waiter waiter, AcquireError error, DialError dialError,
                                const QString &message)
{
    EventKind kind = EventKind::WaiterFailed;
    if (error == AcquireError::Timeout || error == AcquireError::Exhausted) {
        kind = EventKind::WaiterTimedOut;
        ++m_stats.acquireTimeouts;
    } else if (error == AcquireError::Cancelled) {
        kind = EventKind::WaiterCancelled;
    } else {
        ++m_stats.acquireFailures;
    }
    AcquireResult result;
    result.error = error;
    result.dialError = dialError;
    result.message = message;
    result.waitNs = now() - waiter.queuedNs;
    PoolEvent event = makeEvent(kind);
    event.waiterId = waiter.id;
    event.waitNs = result.waitNs;
    event.dialError = dialError;
    event.failure = error;
    event.message = message;
    m_log.record(event);
    m_completions.add(std::move(waiter), std::move(result));
}

void ConnectionPool::expireWaiters(std::vector<Waiter> expired)
{
    for (Waiter &waiter : expired) {
        QString message = u"no connection became free within %1 ms (%2 of %3 in use, %4 dialing)"_s
                              .arg((waiter.deadlineNs - waiter.queuedNs) / 1'000'000)
                              .arg(count(ConnectionState::InUse))
                              .arg(m_settings.maxConnections)
                              .arg(dialingCount());
        if (m_dialer.backoff().isFailing())
            message += u"; the last dial failed: "_s + m_dialer.backoff().lastMessage();
        failWaiter(std::move(waiter), AcquireError::Timeout, DialError::None, message);
    }
}

// ---------------------------------------------------------------------------------------------
// Dialing

int ConnectionPool::dialDemand() const
{
    const qsizetype forWaiters = m_waiters.size() + std::max(0, m_settings.minIdle - m_idle.size());
    // Dials under way count towards min_connections; they are taken off below.
    const qsizetype forMinimum
        = qsizetype(m_settings.minConnections) - m_connections.size() + dialingCount();
    const qsizetype wanted = std::max(forWaiters, forMinimum);
    const qsizetype room = m_settings.maxConnections - m_connections.size();
    return int(std::clamp<qsizetype>(std::min(wanted - dialingCount(), room), 0, room));
}

void ConnectionPool::dialAsNeeded()
{
    // Nothing is dialed before the pool starts or while it is paused (CMAP: no pre-warming),
    // but the probe of a pool the circuit breaker paused.
    if (!isOpen() || !m_started)
        return;
    if (m_state == PoolState::Paused) {
        if (m_breakerOpen)
            probe();
        return;
    }
    makeRoomForFreshDial();
    const int demand = dialDemand();
    if (demand <= 0)
        return;
    const qint64 t = now();
    const int dials = std::min(demand, m_dialer.allowance(t, dialingCount()));
    for (int i = 0; i < dials; ++i)
        startDial(t);
}

void ConnectionPool::startDial(qint64 nowNs)
{
    auto *connection
        = new PooledConnection(*this, m_dialer, m_nextConnectionId++, m_generation, nowNs);
    m_connections.insert(connection->id, connection);
    ++m_stateCounts[size_t(connection->state)];
    m_dialer.start(connection);
}

void ConnectionPool::makeRoomForFreshDial()
{
    // Waiters that asked for a new connection cannot use idle ones; at the maximum, the oldest
    // idle connections give way.
    qsizetype wanted = std::min<qsizetype>(m_waiters.freshCount() - dialingCount(),
                                           m_connections.size() - m_settings.maxConnections + 1);
    std::vector<Eviction> evictions;
    const QString why = u"closed to make room for a new connection at max_connections %1"_s.arg(
        m_settings.maxConnections);
    for (PooledConnection *c = m_idle.oldest(); c && wanted > 0; c = c->newer, --wanted)
        evictions.push_back({c, {EvictionReason::MadeRoom, why}});
    closeAll(evictions);
}

void ConnectionPool::dialEstablished(PooledConnection *connection)
{
    if (m_breakerOpen)
        closeBreaker();
    const qint64 t = now();
    const CloseDecision decision = m_policy.keepOrClose(*connection, t, facts());
    if (decision.closes())
        close(connection, decision.reason, decision.message);
    else
        placeReturned(connection, t, true);
    dialAsNeeded();
}

void ConnectionPool::dialFailed(PooledConnection *connection, DialError error,
                                const QString &message)
{
    rememberClosed(connection, now(), EvictionReason::None, error, message);
    setState(connection, ConnectionState::Closing);
    forget(connection);
    // Like Go's database/sql: the oldest waiter learns why, rather than waiting out its
    // deadline for a backend that is not there.
    if (std::optional<Waiter> waiter = m_waiters.takeFor(true))
        failWaiter(std::move(*waiter), AcquireError::DialFailed, error, message);
    const int failures = m_dialer.backoff().consecutiveFailures();
    if (m_settings.pauseAfterDialFailures > 0 && m_state == PoolState::Ready
        && failures >= m_settings.pauseAfterDialFailures)
        openBreaker(failures, message);
    dialAsNeeded();
}

void ConnectionPool::targetMoved(const QList<QHostAddress> &addresses)
{
    // A connection whose peer the name no longer lists goes: the backend moved.
    std::vector<Eviction> evictions;
    for (PooledConnection *connection : std::as_const(m_connections)) {
        if (connection->link && !connection->isDialing()
            && !addresses.contains(connection->link->peerAddress())) {
            retire(connection, EvictionReason::AddressChanged,
                   u"%1 no longer resolves to %2"_s.arg(m_settings.host,
                                                        connection->link->peerAddress().toString()),
                   &evictions);
        }
    }
    closeAll(evictions);
    dialAsNeeded();
}

// An idle connection's peer closed it, or sent what nobody asked for.
void ConnectionPool::closeIdle(PooledConnection *connection, EvictionReason reason,
                               const QString &message)
{
    close(connection, reason, message);
    dialAsNeeded();
}

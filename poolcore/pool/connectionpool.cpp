#include "connectionpool.h"

#include "leaselistener.h"
#include "monotonicclock.h"
#include "pooledconnection.h"
#include "poolobserver.h"
#include "socketoptions.h"

#include <QEvent>
#include <QFile>
#include <QHostInfo>
#include <QNetworkProxy>
#include <QRandomGenerator>
#include <QSocketNotifier>
#include <QSslCipher>
#include <QSslSocket>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace {

// Connections expire at max lifetime minus up to this fraction, so a pool filled at once does
// not empty at once (HikariCP uses the same 2.5 %).
constexpr double LifetimeJitter = 0.025;
// Closed connections stay in snapshots this long, so views can show how they ended.
constexpr int RecentlyClosedLimit = 256;

int nsToTimerMs(qint64 ns)
{
    return int(std::clamp<qint64>((ns + 999'999) / 1'000'000, 0, std::numeric_limits<int>::max()));
}

QString addressText(const QHostAddress &address, quint16 port)
{
    const QString text = address.toString();
    return address.protocol() == QAbstractSocket::IPv6Protocol ? u"[%1]:%2"_s.arg(text).arg(port)
                                                               : u"%1:%2"_s.arg(text).arg(port);
}

DialError classify(QAbstractSocket::SocketError error, const QString &message)
{
    switch (error) {
    case QAbstractSocket::HostNotFoundError:
        return DialError::HostNotFound;
    case QAbstractSocket::ConnectionRefusedError:
        return DialError::Refused;
    case QAbstractSocket::SocketTimeoutError:
        return DialError::TimedOut;
    case QAbstractSocket::RemoteHostClosedError:
        return DialError::Reset;
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError:
        return DialError::TlsFailure;
    case QAbstractSocket::NetworkError:
        if (message.contains(u"unreachable"_s, Qt::CaseInsensitive))
            return DialError::NetworkUnreachable;
        if (message.contains(u"reset"_s, Qt::CaseInsensitive))
            return DialError::Reset;
        if (message.contains(u"timed out"_s, Qt::CaseInsensitive))
            return DialError::TimedOut;
        return DialError::Other;
    default:
        return DialError::Other;
    }
}

bool triesNextAddress(DialError error)
{
    return error == DialError::Refused || error == DialError::NetworkUnreachable;
}

} // namespace

ConnectionPool::ConnectionPool(const PoolSettings &settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
{
    for (QTimer *timer : {&m_waiterTimer, &m_cleanerTimer, &m_backoffTimer}) {
        timer->setSingleShot(true);
        timer->setTimerType(Qt::PreciseTimer);
    }
    connect(&m_waiterTimer, &QTimer::timeout, this, &ConnectionPool::expireWaiters);
    connect(&m_cleanerTimer, &QTimer::timeout, this, &ConnectionPool::runCleaner);
    connect(&m_backoffTimer, &QTimer::timeout, this, &ConnectionPool::dialAsNeeded);
    connect(&m_dnsTimer, &QTimer::timeout, this, &ConnectionPool::resolve);

    m_settingsErrors = settings.validate();
    if (!m_settingsErrors.isEmpty())
        return;
    applyTarget();
    if (m_settings.dnsRefreshMs > 0 && needsResolution())
        m_dnsTimer.start(int(m_settings.dnsRefreshMs));
    // Pre-warming waits for the event loop, so whoever created the pool can attach
    // observers first and see those dials.
    QMetaObject::invokeMethod(this, &ConnectionPool::dialAsNeeded, Qt::QueuedConnection);
}

ConnectionPool::~ConnectionPool()
{
    shutdown();
    for (const quint64 id : m_connections.keys()) {
        PooledConnection *connection = m_connections.value(id);
        PoolEvent misuse = makeEvent(EventKind::Misuse, connection);
        misuse.message = u"connection %1 was still leased when its pool was destroyed; the "
                         "lease no longer gives access to it"_s.arg(connection->id);
        ++m_stats.misuses;
        record(misuse);
        evict(connection, EvictionReason::Shutdown);
    }
}

// ---------------------------------------------------------------------------------------------
// Settings

QStringList ConnectionPool::setSettings(const PoolSettings &settings)
{
    const QStringList errors = settings.validate();
    if (!errors.isEmpty())
        return errors;
    if (m_shutDown)
        return {u"the pool is shut down; create a new one"_s};
    const PoolSettings old = m_settings;
    const bool wasInvalid = !m_settingsErrors.isEmpty();
    if (old == settings && !wasInvalid)
        return {};
    m_settings = settings;
    m_settingsErrors.clear();

    QStringList changed;
    const QJsonObject before = old.toJson();
    const QJsonObject after = settings.toJson();
    for (auto it = after.begin(); it != after.end(); ++it) {
        if (before.value(it.key()) != it.value())
            changed << it.key();
    }
    PoolEvent event = makeEvent(EventKind::SettingsChanged);
    event.message = changed.join(u", "_s);
    record(event);

    if (wasInvalid) {
        // A pool created with invalid settings starts once it gets valid ones.
        applyTarget();
    } else if (old.host != settings.host || old.port != settings.port || old.tls != settings.tls
               || old.tlsInsecure != settings.tlsInsecure || old.caFile != settings.caFile) {
        applyTarget();
        const QString why = u"the target changed to %1"_s.arg(settings.target());
        retireAll(EvictionReason::AddressChanged, why);
    } else if (old.hostOverrides != settings.hostOverrides) {
        applyTarget();
    }

    if (settings.maxConnections < old.maxConnections)
        shrinkTo(settings.maxConnections);

    // Lifetimes count from each connection's start, with the jitter it drew then.
    for (PooledConnection *connection : std::as_const(m_connections)) {
        connection->expiresNs = connection->connectedNs && settings.maxLifetimeMs
            ? connection->connectedNs
                + qint64(double(MonotonicClock::msToNs(settings.maxLifetimeMs))
                         * connection->lifetimeJitter)
            : 0;
        if (connection->socket && connection->state >= ConnectionState::Idle
            && (old.keepAlive != settings.keepAlive || old.tcpNoDelay != settings.tcpNoDelay
                || old.keepAliveIdleS != settings.keepAliveIdleS
                || old.keepAliveIntervalS != settings.keepAliveIntervalS
                || old.keepAliveCount != settings.keepAliveCount)) {
            applySocketOptions(connection);
        }
    }

    if (settings.dnsRefreshMs > 0 && needsResolution())
        m_dnsTimer.start(int(settings.dnsRefreshMs));
    else
        m_dnsTimer.stop();

    runCleaner();
    dialAsNeeded();
    return {};
}

void ConnectionPool::applyTarget()
{
    m_sslConfiguration = QSslConfiguration::defaultConfiguration();
    if (m_settings.tlsInsecure)
        m_sslConfiguration.setPeerVerifyMode(QSslSocket::VerifyNone);
    if (!m_settings.caFile.isEmpty()) {
        auto certificates = m_sslConfiguration.caCertificates();
        certificates << QSslCertificate::fromPath(m_settings.caFile, QSsl::Pem);
        m_sslConfiguration.setCaCertificates(certificates);
    }
    m_addresses.clear();
    m_addressCursor = 0;
    if (const auto overridden = overrideAddress()) {
        setAddresses({*overridden}, u"hosts override"_s);
    } else if (QHostAddress literal; literal.setAddress(m_settings.host)) {
        m_addresses = {literal};
    } else if (!m_connections.isEmpty()) {
        // Connections to the old addresses stay until re-resolution says they moved.
        resolve();
    }
}

std::optional<QHostAddress> ConnectionPool::overrideAddress() const
{
    for (const HostOverride &entry : m_settings.hostOverrides) {
        if (entry.host.compare(m_settings.host, Qt::CaseInsensitive) == 0
            && entry.port == m_settings.port)
            return entry.address;
    }
    return std::nullopt;
}

bool ConnectionPool::needsResolution() const
{
    return !overrideAddress() && QHostAddress(m_settings.host).isNull();
}

// ---------------------------------------------------------------------------------------------
// Acquire and release

quint64 ConnectionPool::acquire(QObject *context, AcquireCallback callback, AcquireOptions options)
{
    if (!isOpen()) {
        AcquireResult result;
        result.error = AcquireError::PoolClosed;
        result.message = m_settingsErrors.isEmpty()
            ? u"the pool is shut down"_s
            : u"the pool has invalid settings: "_s + m_settingsErrors.join(u"; "_s);
        ++m_stats.acquireFailures;
        callback(std::move(result));
        return 0;
    }
    const qint64 now = MonotonicClock::nowNs();
    if (!options.fresh) {
        if (PooledConnection *connection = takeIdle(now)) {
            handOut(connection, callback, 0, now, 0);
            if (qsizetype(m_idle.size()) < m_settings.minIdle)
                dialAsNeeded();
            return 0;
        }
    }

    const qint64 timeout = options.timeoutMs < 0 ? m_settings.acquireTimeoutMs : options.timeoutMs;
    const bool canDial
        = m_connections.size() < m_settings.maxConnections || (options.fresh && !m_idle.empty());
    if (timeout == 0 && !canDial) {
        ++m_stats.acquireTimeouts;
        PoolEvent event = makeEvent(EventKind::WaiterTimedOut);
        event.message = u"every connection is busy (%1 of %1) and the acquire timeout is 0"_s.arg(
            m_settings.maxConnections);
        record(event);
        Q_EMIT waiterTimedOut(0, 0);
        AcquireResult result;
        result.error = AcquireError::Exhausted;
        result.message = event.message;
        callback(std::move(result));
        return 0;
    }

    Waiter waiter;
    waiter.id = m_nextWaiterId++;
    waiter.queuedNs = now;
    waiter.deadlineNs = timeout > 0 ? now + MonotonicClock::msToNs(timeout) : 0;
    waiter.context = context;
    waiter.hasContext = context != nullptr;
    waiter.fresh = options.fresh;
    waiter.callback = std::move(callback);
    const quint64 id = waiter.id;
    m_freshWaiters += waiter.fresh;
    m_waiters.push_back(std::move(waiter));
    ++m_stats.waits;

    PoolEvent event = makeEvent(EventKind::WaiterQueued);
    event.timeNs = now;
    event.waiterId = id;
    record(event);
    Q_EMIT waiterQueued(id);

    if (m_waiters.back().deadlineNs)
        scheduleWaiterTimer(m_waiters.back().deadlineNs);
    dialAsNeeded();
    return id;
}

bool ConnectionPool::cancelAcquire(quint64 waiterId)
{
    const auto it = std::find_if(m_waiters.begin(), m_waiters.end(),
                                 [waiterId](const Waiter &w) { return w.id == waiterId; });
    if (it == m_waiters.end())
        return false;
    Waiter waiter = takeWaiter(it);
    failWaiter(waiter, AcquireError::Cancelled, DialError::None, u"cancelled by the caller"_s);
    return true;
}

PooledConnection *ConnectionPool::takeIdle(qint64 now)
{
    while (!m_idle.empty()) {
        PooledConnection *connection;
        if (m_settings.reuseOrder == ReuseOrder::Lifo) {
            connection = m_idle.back();
            m_idle.pop_back();
        } else {
            connection = m_idle.front();
            m_idle.pop_front();
        }
        // The cleaner runs on a timer; a connection can be past its time before it fires.
        const qint64 idleNs = now - connection->lastReleasedNs;
        if (connection->expiresNs && now >= connection->expiresNs) {
            evict(connection, EvictionReason::MaxLifetime);
            continue;
        }
        // Idle connections that min idle keeps are still good to use.
        if (m_settings.idleTimeoutMs && idleNs >= MonotonicClock::msToNs(m_settings.idleTimeoutMs)
            && qsizetype(m_idle.size()) >= m_settings.minIdle) {
            evict(connection, EvictionReason::IdleTimeout,
                  u"idle for %1 ms"_s.arg(idleNs / 1'000'000));
            continue;
        }
        if (m_settings.checkBeforeReuse
            && idleNs >= MonotonicClock::msToNs(m_settings.checkAfterIdleMs)
            && !passesReuseCheck(connection)) {
            continue;
        }
        return connection;
    }
    return nullptr;
}

bool ConnectionPool::passesReuseCheck(PooledConnection *connection)
{
    QString problem;
    if (connection->socket->state() != QAbstractSocket::ConnectedState) {
        problem = u"the socket is no longer connected"_s;
    } else if (connection->socket->bytesAvailable() > 0) {
        problem = u"%1 unread bytes arrived while idle"_s.arg(connection->socket->bytesAvailable());
    } else {
        switch (SocketOptions::peekHealth(connection->socket->socketDescriptor())) {
        case SocketOptions::Health::Alive:
            return true;
        case SocketOptions::Health::PendingData:
            // TLS may deliver session tickets after the handshake; only plain TCP knows that
            // pending bytes mean the stream is out of step.
            if (m_settings.tls)
                return true;
            problem = u"bytes arrived while idle"_s;
            break;
        case SocketOptions::Health::PeerClosed:
            problem = u"the server closed it (FIN pending)"_s;
            break;
        case SocketOptions::Health::Reset:
            problem = u"the server reset it (RST)"_s;
            break;
        case SocketOptions::Health::NotConnected:
            problem = u"the kernel no longer has it established"_s;
            break;
        }
    }
    evict(connection, EvictionReason::StaleCheckFailed, problem);
    return false;
}

void ConnectionPool::handOut(PooledConnection *connection, const AcquireCallback &callback,
                             qint64 waitNs, qint64 now, quint64 waiterId)
{
    const bool reused = connection->useCount > 0 || connection->lastReleasedNs > 0;
    const qint64 idleNs = connection->lastReleasedNs ? now - connection->lastReleasedNs : 0;
    connection->state = ConnectionState::InUse;
    connection->lastAcquiredNs = now;
    connection->token = m_nextToken++;
    ++connection->useCount;
    ++m_inUse;

    ++m_stats.acquisitions;
    m_stats.acquireWait.record(waitNs);
    if (reused) {
        ++m_stats.reuses;
        m_stats.idleAtReuse.record(idleNs);
    }

    PoolEvent event = makeEvent(EventKind::Acquired, connection);
    event.timeNs = now;
    event.waiterId = waiterId;
    event.reused = reused;
    event.idleNs = idleNs;
    event.waitNs = waitNs;
    record(event);
    Q_EMIT connectionAcquired(connection->id, reused, idleNs, waitNs);

    AcquireResult result;
    result.lease = PoolLease(this, connection, connection->id, connection->token, reused);
    result.waitNs = waitNs;
    if (!reused)
        result.dialNs = connection->connectedNs - connection->createdNs;
    callback(std::move(result));
}

void ConnectionPool::release(quint64 connectionId, quint64 token, EvictionReason closeReason,
                             const QString &closeMessage)
{
    PooledConnection *connection = m_connections.value(connectionId);
    if (!connection || connection->state != ConnectionState::InUse || connection->token != token
        || token == 0) {
        PoolEvent event = makeEvent(EventKind::Misuse, connection);
        event.connectionId = connectionId;
        event.message = u"release of connection %1, which is not out under this lease (released "
                        "twice?); ignored"_s.arg(connectionId);
        ++m_stats.misuses;
        record(event);
        Q_EMIT errorOccurred(event.message);
        return;
    }
    const qint64 now = MonotonicClock::nowNs();
    const qint64 holdNs = now - connection->lastAcquiredNs;
    connection->lastReleasedNs = now;
    connection->token = 0;
    --m_inUse;
    ++m_stats.releases;
    m_stats.holdTime.record(holdNs);
    connection->listener = nullptr;
    if (connection->watch->holderConnected) {
        // Whatever the holder connected to the socket must not fire for the next holder.
        connection->watch->armed = false;
        connection->socket->disconnect();
        connectSocket(connection);
        connection->watch->holderConnected = false;
        connection->watch->armed = true;
    }

    PoolEvent event = makeEvent(EventKind::Released, connection);
    event.timeNs = now;
    event.holdNs = holdNs;
    record(event);
    Q_EMIT connectionReleased(connectionId, holdNs);

    QString message;
    EvictionReason reason = closeReason;
    if (reason == EvictionReason::None)
        reason = reasonToCloseOnRelease(connection, now, &message);
    else
        message = closeMessage;
    if (reason != EvictionReason::None) {
        // Already counted out of use above: evict() must not count it again.
        connection->state = ConnectionState::Closing;
        evict(connection, reason, message);
        dialAsNeeded();
        return;
    }
    if (!offerToWaiter(connection, now, false)) {
        park(connection, now);
        if (m_freshWaiters > 0)
            dialAsNeeded();
    }
}

EvictionReason ConnectionPool::reasonToCloseOnRelease(PooledConnection *connection, qint64 now,
                                                      QString *message) const
{
    if (connection->pendingEviction != EvictionReason::None) {
        *message = connection->pendingMessage;
        return connection->pendingEviction;
    }
    if (m_shutDown)
        return EvictionReason::Shutdown;
    if (connection->generation != m_generation)
        return EvictionReason::Cleared;
    if (connection->socket->state() != QAbstractSocket::ConnectedState) {
        *message = u"closed while in use"_s;
        return EvictionReason::PeerClosed;
    }
    if (const qint64 unread = connection->socket->bytesAvailable()) {
        *message = u"%1 unread bytes were left when it came back"_s.arg(unread);
        return EvictionReason::UnexpectedData;
    }
    if (connection->expiresNs && now >= connection->expiresNs)
        return EvictionReason::MaxLifetime;
    if (m_connections.size() > m_settings.maxConnections) {
        *message = u"max_connections is now %1"_s.arg(m_settings.maxConnections);
        return EvictionReason::Shrink;
    }
    return EvictionReason::None;
}

bool ConnectionPool::offerToWaiter(PooledConnection *connection, qint64 now, bool freshConnection)
{
    for (auto it = m_waiters.begin(); it != m_waiters.end();) {
        if (it->fresh && !freshConnection) {
            ++it; // it asked for a new connection; this one has been used
            continue;
        }
        Waiter waiter = takeWaiter(it);
        if (waiter.hasContext && !waiter.context) {
            recordWaiterEnd(waiter, EventKind::WaiterCancelled, now,
                            u"its context object was destroyed"_s);
            it = m_waiters.begin();
            continue;
        }
        handOut(connection, waiter.callback, now - waiter.queuedNs, now, waiter.id);
        return true;
    }
    return false;
}

ConnectionPool::Waiter ConnectionPool::takeWaiter(std::deque<Waiter>::iterator it)
{
    Waiter waiter = std::move(*it);
    m_waiters.erase(it);
    m_freshWaiters -= waiter.fresh;
    return waiter;
}

void ConnectionPool::park(PooledConnection *connection, qint64 now)
{
    connection->state = ConnectionState::Idle;
    if (!connection->lastReleasedNs)
        connection->lastReleasedNs = now;
    m_idle.push_back(connection);
    if (const qint64 due = cleanerDueFor(connection))
        scheduleCleaner(due);
}

void ConnectionPool::recordWaiterEnd(const Waiter &waiter, EventKind kind, qint64 now,
                                     const QString &message, DialError dialError)
{
    PoolEvent event = makeEvent(kind);
    event.timeNs = now;
    event.waiterId = waiter.id;
    event.waitNs = now - waiter.queuedNs;
    event.dialError = dialError;
    event.message = message;
    record(event);
}

void ConnectionPool::failWaiter(Waiter &waiter, AcquireError error, DialError dialError,
                                const QString &message)
{
    const qint64 now = MonotonicClock::nowNs();
    const qint64 waitNs = now - waiter.queuedNs;
    EventKind kind = EventKind::WaiterFailed;
    if (error == AcquireError::Timeout) {
        kind = EventKind::WaiterTimedOut;
        ++m_stats.acquireTimeouts;
    } else if (error == AcquireError::Cancelled) {
        kind = EventKind::WaiterCancelled;
    } else {
        ++m_stats.acquireFailures;
    }
    recordWaiterEnd(waiter, kind, now, message, dialError);
    if (kind == EventKind::WaiterTimedOut)
        Q_EMIT waiterTimedOut(waiter.id, waitNs);
    if (waiter.hasContext && !waiter.context)
        return;
    AcquireResult result;
    result.error = error;
    result.dialError = dialError;
    result.message = message;
    result.waitNs = waitNs;
    waiter.callback(std::move(result));
}

void ConnectionPool::expireWaiters()
{
    const qint64 now = MonotonicClock::nowNs();
    std::vector<Waiter> expired;
    for (auto it = m_waiters.begin(); it != m_waiters.end();) {
        if (it->deadlineNs && it->deadlineNs <= now) {
            expired.push_back(std::move(*it));
            m_freshWaiters -= it->fresh;
            it = m_waiters.erase(it);
        } else {
            ++it;
        }
    }
    m_waiterDueNs = 0;
    for (const Waiter &waiter : m_waiters) {
        if (waiter.deadlineNs)
            scheduleWaiterTimer(waiter.deadlineNs);
    }
    for (Waiter &waiter : expired) {
        QString message = u"no connection became free within %1 ms (%2 of %3 in use, %4 dialing)"_s
                              .arg((waiter.deadlineNs - waiter.queuedNs) / 1'000'000)
                              .arg(m_inUse)
                              .arg(m_settings.maxConnections)
                              .arg(m_dialing);
        if (m_stats.consecutiveDialFailures > 0)
            message += u"; the last dial failed: "_s + m_stats.lastDialMessage;
        failWaiter(waiter, AcquireError::Timeout, DialError::None, message);
    }
}

void ConnectionPool::scheduleWaiterTimer(qint64 dueNs)
{
    if (m_waiterTimer.isActive() && m_waiterDueNs && m_waiterDueNs <= dueNs)
        return;
    m_waiterDueNs = dueNs;
    m_waiterTimer.start(nsToTimerMs(dueNs - MonotonicClock::nowNs()));
}

// ---------------------------------------------------------------------------------------------
// Dialing

int ConnectionPool::dialDemand() const
{
    const auto idle = qsizetype(m_idle.size());
    const qsizetype wanted
        = qsizetype(m_waiters.size()) + std::max<qsizetype>(0, m_settings.minIdle - idle);
    const qsizetype room = m_settings.maxConnections - m_connections.size();
    return int(std::clamp<qsizetype>(std::min(wanted - m_dialing, room), 0, room));
}

void ConnectionPool::dialAsNeeded()
{
    if (!isOpen())
        return;
    makeRoomForFreshDial();
    int demand = dialDemand();
    if (demand <= 0)
        return;
    const qint64 now = MonotonicClock::nowNs();
    if (m_stats.backoffUntilNs > now) {
        if (!m_backoffTimer.isActive())
            m_backoffTimer.start(nsToTimerMs(m_stats.backoffUntilNs - now));
        return;
    }
    // After a failure, probe with one dial at a time until one succeeds.
    const int concurrency = m_stats.consecutiveDialFailures ? 1 : m_settings.maxConcurrentDials;
    demand = std::min(demand, concurrency - m_dialing);
    for (int i = 0; i < demand; ++i)
        startDial(now);
}

void ConnectionPool::makeRoomForFreshDial()
{
    // Waiters that asked for a new connection cannot use idle ones; at the maximum, the oldest
    // idle connections give way.
    int wanted = m_freshWaiters - m_dialing;
    for (const quint64 id : idleIds()) {
        if (wanted <= 0 || m_connections.size() < m_settings.maxConnections)
            break;
        if (PooledConnection *connection = idleConnection(id)) {
            evict(connection, EvictionReason::MadeRoom,
                  u"closed to make room for a new connection at max_connections %1"_s.arg(
                      m_settings.maxConnections));
            --wanted;
        }
    }
}

void ConnectionPool::startDial(qint64 now)
{
    auto *connection = new PooledConnection;
    connection->id = m_nextConnectionId++;
    connection->generation = m_generation;
    connection->createdNs = now;
    connection->lifetimeJitter
        = 1.0 - LifetimeJitter * QRandomGenerator::global()->generateDouble();
    connection->connectTimer.setSingleShot(true);
    connection->connectTimer.setTimerType(Qt::PreciseTimer);
    connect(&connection->connectTimer, &QTimer::timeout, this,
            [this, connection] { onConnectTimeout(connection); });
    connection->connectTimer.start(int(m_settings.connectTimeoutMs));
    m_connections.insert(connection->id, connection);
    ++m_dialing;
    ++m_stats.dials;

    PoolEvent event = makeEvent(EventKind::DialStarted, connection);
    event.timeNs = now;
    event.address = m_settings.target();
    record(event);
    Q_EMIT dialStarted(connection->id);

    if (m_addresses.isEmpty()) {
        connection->state = ConnectionState::Resolving;
        if (!m_resolving)
            resolve();
    } else {
        connectTo(connection);
    }
}

void ConnectionPool::resolve()
{
    if (m_resolving || !needsResolution())
        return;
    m_resolving = true;
    m_resolveStartedNs = MonotonicClock::nowNs();
    m_resolveLookupId = QHostInfo::lookupHost(m_settings.host, this, &ConnectionPool::onResolved);
}

void ConnectionPool::onResolved(const QHostInfo &info)
{
    if (info.lookupId() != m_resolveLookupId)
        return;
    m_resolving = false;
    const qint64 tookNs = MonotonicClock::nowNs() - m_resolveStartedNs;
    if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
        const QString message = u"%1: %2"_s.arg(
            m_settings.host,
            info.error() == QHostInfo::NoError ? u"no addresses"_s : info.errorString());
        PoolEvent event = makeEvent(EventKind::Resolved);
        event.dialNs = tookNs;
        event.dialError = DialError::HostNotFound;
        event.message = message;
        record(event);
        // Keep using known addresses through a failed refresh; fail only dials that have none.
        if (m_addresses.isEmpty()) {
            for (const quint64 id : m_connections.keys()) {
                PooledConnection *connection = m_connections.value(id);
                if (connection && connection->state == ConnectionState::Resolving)
                    failDial(connection, DialError::HostNotFound, message);
            }
        }
        return;
    }
    PoolEvent event = makeEvent(EventKind::Resolved);
    event.dialNs = tookNs;
    setAddresses(info.addresses(), u"DNS"_s, &event);
}

void ConnectionPool::setAddresses(const QList<QHostAddress> &addresses, const QString &source,
                                  PoolEvent *resolvedEvent)
{
    m_addresses = addresses;
    QStringList texts;
    for (const QHostAddress &address : addresses)
        texts << address.toString();
    PoolEvent event = resolvedEvent ? *resolvedEvent : makeEvent(EventKind::Resolved);
    event.message = u"%1 -> %2 (%3)"_s.arg(m_settings.host, texts.join(u", "_s), source);
    record(event);

    // A connection whose peer the name no longer lists goes: the backend moved.
    const QList<quint64> ids = m_connections.keys();
    for (const quint64 id : ids) {
        PooledConnection *connection = m_connections.value(id);
        if (!connection || connection->peerAddress.isNull()
            || addresses.contains(connection->peerAddress))
            continue;
        retire(connection, EvictionReason::AddressChanged,
               u"%1 no longer resolves to %2"_s.arg(m_settings.host,
                                                    connection->peerAddress.toString()));
    }
    for (const quint64 id : ids) {
        PooledConnection *connection = m_connections.value(id);
        if (connection && connection->state == ConnectionState::Resolving)
            connectTo(connection);
    }
    dialAsNeeded();
}

QTcpSocket *ConnectionPool::createSocket(PooledConnection *connection)
{
    QTcpSocket *socket;
    if (m_settings.tls) {
        auto *ssl = new WatchedSocket<QSslSocket>(this);
        ssl->setSslConfiguration(m_sslConfiguration);
        ssl->setPeerVerifyName(m_settings.host);
        socket = ssl;
        connection->watch = ssl;
    } else {
        auto *tcp = new WatchedSocket<QTcpSocket>(this);
        socket = tcp;
        connection->watch = tcp;
    }
    socket->setProxy(QNetworkProxy::NoProxy);
    return socket;
}

void ConnectionPool::connectSocket(PooledConnection *connection)
{
    QTcpSocket *socket = connection->socket;
    connect(socket, &QAbstractSocket::connected, this,
            [this, connection] { onConnected(connection); });
    connect(socket, &QAbstractSocket::errorOccurred, this,
            [this, connection] { onSocketError(connection); });
    connect(socket, &QAbstractSocket::disconnected, this,
            [this, connection] { onDisconnected(connection); });
    connect(socket, &QIODevice::readyRead, this, [this, connection] { onReadyRead(connection); });
    if (auto *ssl = qobject_cast<QSslSocket *>(socket)) {
        connect(ssl, &QSslSocket::encrypted, this,
                [this, connection] { dialFinished(connection); });
    }
}

void ConnectionPool::connectTo(PooledConnection *connection)
{
    if (connection->dialAddresses.isEmpty()) {
        // Spread dials over every address the name has.
        const qsizetype n = m_addresses.size();
        for (qsizetype i = 0; i < n; ++i)
            connection->dialAddresses << m_addresses[(m_addressCursor + i) % n];
        m_addressCursor = int((m_addressCursor + 1) % std::max<qsizetype>(n, 1));
        connection->dialAddressIndex = 0;
    }
    connection->state = ConnectionState::Connecting;
    if (!connection->socket) {
        connection->socket = createSocket(connection);
        connectSocket(connection);
        connection->watch->armed = true;
    }
    connection->peerAddress = connection->dialAddresses[connection->dialAddressIndex];
    connection->peerPort = quint16(m_settings.port);
    connection->socket->connectToHost(connection->peerAddress, connection->peerPort);
}

void ConnectionPool::onConnected(PooledConnection *connection)
{
    connection->tcpConnectedNs = MonotonicClock::nowNs();
    connection->localPort = connection->socket->localPort();
    applySocketOptions(connection);
    watchReadNotifier(connection);
    if (auto *ssl = qobject_cast<QSslSocket *>(connection->socket)) {
        connection->state = ConnectionState::TlsHandshake;
        connection->tlsStartedNs = connection->tcpConnectedNs;
        ssl->startClientEncryption();
        return;
    }
    dialFinished(connection);
}

void ConnectionPool::dialFinished(PooledConnection *connection)
{
    connection->connectTimer.stop();
    const qint64 now = MonotonicClock::nowNs();
    connection->connectedNs = now;
    if (m_settings.maxLifetimeMs) {
        connection->expiresNs = now
            + qint64(double(MonotonicClock::msToNs(m_settings.maxLifetimeMs))
                     * connection->lifetimeJitter);
    }
    --m_dialing;
    m_stats.peakOpen = std::max(m_stats.peakOpen, int(m_connections.size()) - m_dialing);
    m_stats.consecutiveDialFailures = 0;
    m_stats.backoffUntilNs = 0;
    m_backoffNs = 0;
    m_backoffTimer.stop();

    const qint64 dialNs = connection->tcpConnectedNs - connection->createdNs;
    const qint64 tlsNs = connection->tlsStartedNs ? now - connection->tlsStartedNs : 0;
    m_stats.dialTime.record(dialNs);
    if (connection->tlsStartedNs)
        m_stats.tlsTime.record(tlsNs);

    PoolEvent event = makeEvent(EventKind::DialSucceeded, connection);
    event.timeNs = now;
    event.dialNs = dialNs;
    event.tlsNs = tlsNs;
    event.address = addressText(connection->peerAddress, connection->peerPort);
    if (auto *ssl = qobject_cast<QSslSocket *>(connection->socket)) {
        const QSslCipher cipher = ssl->sessionCipher();
        event.message = u"%1, %2"_s.arg(cipher.protocolString(), cipher.name());
    }
    record(event);
    Q_EMIT dialSucceeded(connection->id, dialNs, tlsNs);

    if (connection->pendingEviction != EvictionReason::None) {
        evict(connection, connection->pendingEviction, connection->pendingMessage);
    } else if (m_shutDown) {
        evict(connection, EvictionReason::Shutdown);
    } else if (connection->generation != m_generation) {
        evict(connection, EvictionReason::Cleared);
    } else if (m_connections.size() > m_settings.maxConnections) {
        evict(connection, EvictionReason::Shrink);
    } else if (!offerToWaiter(connection, now, true)) {
        park(connection, now);
    }
    dialAsNeeded();
}

void ConnectionPool::onConnectTimeout(PooledConnection *connection)
{
    QString message;
    switch (connection->state) {
    case ConnectionState::Resolving:
        message = u"name resolution of %1 did not finish within %2 ms"_s.arg(m_settings.host)
                      .arg(m_settings.connectTimeoutMs);
        break;
    case ConnectionState::TlsHandshake:
        message = u"the TLS handshake with %1 did not finish within %2 ms"_s
                      .arg(addressText(connection->peerAddress, connection->peerPort))
                      .arg(m_settings.connectTimeoutMs);
        break;
    default:
        message = u"no answer from %1 within %2 ms (the SYN went unanswered: a firewall that "
                  "drops, a blackhole, or a full accept backlog)"_s
                      .arg(addressText(connection->peerAddress, connection->peerPort))
                      .arg(m_settings.connectTimeoutMs);
        break;
    }
    failDial(connection, DialError::TimedOut, message);
}

void ConnectionPool::onSocketError(PooledConnection *connection)
{
    QTcpSocket *socket = connection->socket;
    const QString message = socket->errorString();
    switch (connection->state) {
    case ConnectionState::Resolving:
    case ConnectionState::Connecting: {
        const DialError error = classify(socket->error(), message);
        if (triesNextAddress(error)
            && connection->dialAddressIndex + 1 < connection->dialAddresses.size()) {
            ++connection->dialAddressIndex;
            socket->abort();
            connectTo(connection);
            return;
        }
        failDial(
            connection, error,
            u"%1: %2"_s.arg(addressText(connection->peerAddress, connection->peerPort), message));
        return;
    }
    case ConnectionState::TlsHandshake:
        failDial(connection, DialError::TlsFailure,
                 u"TLS handshake with %1 failed: %2"_s.arg(
                     addressText(connection->peerAddress, connection->peerPort), message));
        return;
    case ConnectionState::Idle:
        peerGone(connection,
                 socket->error() == QAbstractSocket::RemoteHostClosedError
                     ? EvictionReason::PeerClosed
                     : EvictionReason::SocketError,
                 message);
        return;
    case ConnectionState::InUse:
        if (connection->pendingEviction == EvictionReason::None) {
            connection->pendingEviction = socket->error() == QAbstractSocket::RemoteHostClosedError
                ? EvictionReason::PeerClosed
                : EvictionReason::SocketError;
            connection->pendingMessage = message + u" (while in use)"_s;
        }
        // Last: the holder may release (and so close) the connection from here.
        if (connection->listener)
            connection->listener->leaseClosed();
        return;
    case ConnectionState::Closing:
    case ConnectionState::Closed:
        return;
    }
}

void ConnectionPool::onDisconnected(PooledConnection *connection)
{
    if (connection->state == ConnectionState::Idle)
        peerGone(connection, EvictionReason::PeerClosed, u"the peer closed the connection"_s);
    else if (connection->state == ConnectionState::InUse && connection->listener)
        connection->listener->leaseClosed();
}

void ConnectionPool::onReadyRead(PooledConnection *connection)
{
    if (connection->state == ConnectionState::InUse) {
        if (connection->listener)
            connection->listener->leaseReadyRead();
        return;
    }
    if (connection->state != ConnectionState::Idle)
        return;
    evict(connection, EvictionReason::UnexpectedData,
          u"%1 bytes arrived while idle: the stream is out of step"_s.arg(
              connection->socket->bytesAvailable()));
    dialAsNeeded();
}

void ConnectionPool::watchReadNotifier(PooledConnection *connection)
{
    // Qt reports a FIN and an RST alike (RemoteHostClosedError) and closes the descriptor
    // before saying so. Peeking when the read notification arrives, before Qt reads, tells
    // which it was: the difference between a server's idle timeout and a middlebox or crash.
    // A TLS socket's notifier belongs to its inner plain socket; findChildren finds it too.
    const auto notifiers = connection->socket->findChildren<QSocketNotifier *>();
    for (QSocketNotifier *notifier : notifiers) {
        if (notifier->type() == QSocketNotifier::Read) {
            notifier->installEventFilter(this);
            m_readNotifiers.insert(notifier, connection);
            connection->readNotifier = notifier;
            // Qt deletes its socket engine, notifiers included, when the socket closes.
            connect(notifier, &QObject::destroyed, this,
                    [this, notifier] { m_readNotifiers.remove(notifier); });
        }
    }
}

bool ConnectionPool::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::SockAct) {
        PooledConnection *connection = m_readNotifiers.value(watched);
        if (connection && connection->state == ConnectionState::Idle) {
            switch (SocketOptions::peekHealth(connection->socket->socketDescriptor())) {
            case SocketOptions::Health::PeerClosed:
                connection->closeHint = u"the server closed it while idle (FIN)"_s;
                break;
            case SocketOptions::Health::Reset:
                connection->closeHint = u"the server reset it while idle (RST)"_s;
                break;
            default:
                break;
            }
        }
    }
    return QObject::eventFilter(watched, event);
}

void ConnectionPool::peerGone(PooledConnection *connection, EvictionReason reason,
                              const QString &message)
{
    evict(connection, reason, connection->closeHint.isEmpty() ? message : connection->closeHint);
    dialAsNeeded();
}

void ConnectionPool::failDial(PooledConnection *connection, DialError error, const QString &message)
{
    const qint64 now = MonotonicClock::nowNs();
    --m_dialing;
    ++m_stats.dialFailures;
    ++m_stats.dialFailuresByError[int(error)];
    ++m_stats.consecutiveDialFailures;
    m_stats.lastDialError = error;
    m_stats.lastDialMessage = message;
    if (m_settings.backoffInitialMs > 0) {
        m_backoffNs = m_backoffNs
            ? std::min(2 * m_backoffNs, MonotonicClock::msToNs(m_settings.backoffMaxMs))
            : MonotonicClock::msToNs(m_settings.backoffInitialMs);
        m_stats.backoffUntilNs = now + m_backoffNs;
    }

    PoolEvent event = makeEvent(EventKind::DialFailed, connection);
    event.timeNs = now;
    event.dialError = error;
    event.dialNs = now - connection->createdNs;
    event.address = connection->peerAddress.isNull()
        ? m_settings.target()
        : addressText(connection->peerAddress, connection->peerPort);
    event.message = message;
    if (m_backoffNs)
        event.message += u"; next dial in %1 ms"_s.arg(m_backoffNs / 1'000'000);
    record(event);
    Q_EMIT dialFailed(connection->id, error, message);

    ConnectionInfo closed = connection->info(TcpInfo());
    closed.state = ConnectionState::Closed;
    closed.closedNs = now;
    closed.dialError = error;
    closed.closeMessage = message;
    rememberClosed(std::move(closed));
    destroyConnection(connection);

    // Like Go's database/sql: the oldest waiter learns why, rather than waiting out its
    // deadline for a backend that is not there.
    if (!m_waiters.empty()) {
        Waiter waiter = takeWaiter(m_waiters.begin());
        failWaiter(waiter, AcquireError::DialFailed, error, message);
    }
    dialAsNeeded();
}

// ---------------------------------------------------------------------------------------------
// Eviction and cleaning

void ConnectionPool::retire(PooledConnection *connection, EvictionReason reason,
                            const QString &message)
{
    switch (connection->state) {
    case ConnectionState::Idle:
        evict(connection, reason, message);
        break;
    case ConnectionState::InUse:
    case ConnectionState::Resolving:
    case ConnectionState::Connecting:
    case ConnectionState::TlsHandshake:
        if (connection->pendingEviction == EvictionReason::None) {
            connection->pendingEviction = reason;
            connection->pendingMessage = message;
        }
        break;
    case ConnectionState::Closing:
    case ConnectionState::Closed:
        break;
    }
}

void ConnectionPool::retireAll(EvictionReason reason, const QString &message)
{
    for (const quint64 id : m_connections.keys()) {
        if (PooledConnection *connection = m_connections.value(id))
            retire(connection, reason, message);
    }
}

void ConnectionPool::shrinkTo(int maximum)
{
    // Oldest idle first; in-use connections over the limit go when they come back.
    for (const quint64 id : idleIds()) {
        PooledConnection *connection = idleConnection(id);
        if (!connection)
            continue;
        if (m_connections.size() <= maximum)
            break;
        evict(connection, EvictionReason::Shrink, u"max_connections is now %1"_s.arg(maximum));
    }
}

void ConnectionPool::evict(PooledConnection *connection, EvictionReason reason,
                           const QString &message)
{
    const qint64 now = MonotonicClock::nowNs();
    const bool wasDialing = connection->state < ConnectionState::Idle;
    const bool wasInUse = connection->state == ConnectionState::InUse;
    if (connection->state == ConnectionState::Idle)
        removeFromIdle(connection);
    if (wasDialing)
        --m_dialing;
    if (wasInUse)
        --m_inUse;
    connection->state = ConnectionState::Closing;

    const qint64 ageNs = connection->connectedNs ? now - connection->connectedNs : 0;
    const qint64 idleNs
        = !wasInUse && connection->lastReleasedNs ? now - connection->lastReleasedNs : 0;
    ++m_stats.evictions[int(reason)];
    if (connection->connectedNs)
        m_stats.ageAtClose.record(ageNs);

    // Qt may have closed the descriptor already (the peer closed it): then the counters from
    // the last snapshot are the best there are.
    TcpInfo tcp = TcpInfo::read(connection->socket ? connection->socket->socketDescriptor() : -1);
    if (!tcp.valid)
        tcp = connection->lastTcp;
    ConnectionInfo closed = connection->info(tcp);
    closed.state = ConnectionState::Closed;
    closed.closedNs = now;
    closed.closeReason = reason;
    closed.closeMessage = message;
    rememberClosed(std::move(closed));

    PoolEvent event = makeEvent(EventKind::Evicted, connection);
    event.timeNs = now;
    event.reason = reason;
    event.ageNs = ageNs;
    event.idleNs = idleNs;
    event.message = message;
    record(event);
    Q_EMIT connectionEvicted(connection->id, reason);
    destroyConnection(connection);
}

void ConnectionPool::destroyConnection(PooledConnection *connection)
{
    m_connections.remove(connection->id);
    connection->connectTimer.stop();
    if (QObject *notifier = connection->readNotifier) {
        notifier->removeEventFilter(this);
        m_readNotifiers.remove(notifier);
    }
    if (QTcpSocket *socket = connection->socket) {
        // Our handlers capture the record; none may run once it is gone. The socket itself may
        // be inside one of its own signals, so it is deleted later, never here.
        socket->disconnect(this);
        if (connection->watch->holderConnected)
            socket->disconnect();
        if (socket->state() == QAbstractSocket::ConnectedState)
            socket->disconnectFromHost();
        else
            socket->abort();
        socket->deleteLater();
    }
    delete connection;
}

// Loops that close connections go by id: closing one emits signals and may call back into
// code that closes others.
std::vector<quint64> ConnectionPool::idleIds() const
{
    std::vector<quint64> ids;
    ids.reserve(m_idle.size());
    for (const PooledConnection *connection : m_idle)
        ids.push_back(connection->id);
    return ids;
}

PooledConnection *ConnectionPool::idleConnection(quint64 id) const
{
    PooledConnection *connection = m_connections.value(id);
    return connection && connection->state == ConnectionState::Idle ? connection : nullptr;
}

void ConnectionPool::removeFromIdle(PooledConnection *connection)
{
    const auto it = std::find(m_idle.begin(), m_idle.end(), connection);
    if (it != m_idle.end())
        m_idle.erase(it);
}

void ConnectionPool::rememberClosed(ConnectionInfo &&info)
{
    m_recentlyClosed.push_back(std::move(info));
    if (m_recentlyClosed.size() > RecentlyClosedLimit)
        m_recentlyClosed.pop_front();
}

qint64 ConnectionPool::cleanerDueFor(const PooledConnection *connection) const
{
    qint64 due = connection->expiresNs;
    if (m_settings.idleTimeoutMs) {
        const qint64 idleDue
            = connection->lastReleasedNs + MonotonicClock::msToNs(m_settings.idleTimeoutMs);
        due = due ? std::min(due, idleDue) : idleDue;
    }
    return due;
}

void ConnectionPool::scheduleCleaner(qint64 dueNs)
{
    if (m_cleanerTimer.isActive() && m_cleanerDueNs <= dueNs)
        return;
    m_cleanerDueNs = dueNs;
    m_cleanerTimer.start(nsToTimerMs(dueNs - MonotonicClock::nowNs()));
}

void ConnectionPool::runCleaner()
{
    m_cleanerTimer.stop();
    m_cleanerDueNs = 0;
    const qint64 now = MonotonicClock::nowNs();
    const qint64 idleTimeoutNs = MonotonicClock::msToNs(m_settings.idleTimeoutMs);
    // Oldest idle first, so idle-timeout eviction stops at min idle with the newest kept.
    for (const quint64 id : idleIds()) {
        PooledConnection *connection = idleConnection(id);
        if (!connection)
            continue;
        if (connection->expiresNs && now >= connection->expiresNs) {
            evict(connection, EvictionReason::MaxLifetime);
        } else if (idleTimeoutNs && now - connection->lastReleasedNs >= idleTimeoutNs
                   && qsizetype(m_idle.size()) > m_settings.minIdle) {
            evict(connection, EvictionReason::IdleTimeout,
                  u"idle for %1 ms"_s.arg((now - connection->lastReleasedNs) / 1'000'000));
        }
    }
    qint64 next = 0;
    const bool idleCanExpire = qsizetype(m_idle.size()) > m_settings.minIdle;
    for (const PooledConnection *connection : m_idle) {
        qint64 due = connection->expiresNs;
        if (idleTimeoutNs && idleCanExpire) {
            const qint64 idleDue = connection->lastReleasedNs + idleTimeoutNs;
            due = due ? std::min(due, idleDue) : idleDue;
        }
        if (due)
            next = next ? std::min(next, due) : due;
    }
    if (next)
        scheduleCleaner(next);
    dialAsNeeded();
}

void ConnectionPool::applySocketOptions(PooledConnection *connection) const
{
    const qintptr descriptor = connection->socket->socketDescriptor();
    SocketOptions::setNoDelay(descriptor, m_settings.tcpNoDelay);
    SocketOptions::setKeepAlive(descriptor, m_settings.keepAlive, m_settings.keepAliveIdleS,
                                m_settings.keepAliveIntervalS, m_settings.keepAliveCount);
}

// ---------------------------------------------------------------------------------------------
// Generations, shutdown, observation

void ConnectionPool::clear()
{
    ++m_generation;
    PoolEvent event = makeEvent(EventKind::Cleared);
    event.message
        = u"generation %1: idle connections close now, busy ones when they come back"_s.arg(
            m_generation);
    record(event);
    Q_EMIT poolCleared(m_generation);
    for (const quint64 id : idleIds()) {
        if (PooledConnection *connection = idleConnection(id))
            evict(connection, EvictionReason::Cleared);
    }
    dialAsNeeded();
}

void ConnectionPool::shutdown()
{
    if (m_shutDown)
        return;
    m_shutDown = true;
    m_waiterTimer.stop();
    m_cleanerTimer.stop();
    m_backoffTimer.stop();
    m_dnsTimer.stop();
    while (!m_waiters.empty()) {
        Waiter waiter = takeWaiter(m_waiters.begin());
        failWaiter(waiter, AcquireError::PoolClosed, DialError::None, u"the pool shut down"_s);
    }
    for (const quint64 id : m_connections.keys()) {
        PooledConnection *connection = m_connections.value(id);
        if (!connection)
            continue;
        if (connection->state == ConnectionState::InUse)
            retire(connection, EvictionReason::Shutdown, u"the pool shut down"_s);
        else
            evict(connection, EvictionReason::Shutdown);
    }
}

void ConnectionPool::addObserver(PoolObserver *observer)
{
    m_observers.push_back(observer);
}

void ConnectionPool::removeObserver(PoolObserver *observer)
{
    std::erase(m_observers, observer);
}

PoolEvent ConnectionPool::makeEvent(EventKind kind, const PooledConnection *connection) const
{
    PoolEvent event;
    event.timeNs = MonotonicClock::nowNs();
    event.kind = kind;
    event.generation = connection ? connection->generation : m_generation;
    if (connection)
        event.connectionId = connection->id;
    return event;
}

void ConnectionPool::record(PoolEvent &event)
{
    for (size_t i = 0; i < m_observers.size(); ++i)
        m_observers[i]->eventRecorded(event);
    Q_EMIT eventRecorded(event);
}

PoolStats ConnectionPool::stats() const
{
    PoolStats stats = m_stats;
    stats.idle = int(m_idle.size());
    stats.inUse = m_inUse;
    stats.dialing = m_dialing;
    stats.open = int(m_connections.size()) - m_dialing;
    stats.waiting = int(m_waiters.size());
    stats.generation = m_generation;
    return stats;
}

PoolSnapshot ConnectionPool::snapshot() const
{
    PoolSnapshot snapshot;
    snapshot.timeNs = MonotonicClock::nowNs();
    snapshot.connections.reserve(m_connections.size() + qsizetype(m_recentlyClosed.size()));
    for (const ConnectionInfo &closed : m_recentlyClosed)
        snapshot.connections << closed;
    for (const PooledConnection *connection : m_connections) {
        const bool open = connection->socket && connection->state >= ConnectionState::Idle;
        if (open)
            connection->lastTcp = TcpInfo::read(connection->socket->socketDescriptor());
        snapshot.connections << connection->info(open ? connection->lastTcp : TcpInfo());
    }
    snapshot.stats = stats();
    return snapshot;
}

QTcpSocket *ConnectionPool::leasedSocket(PooledConnection *connection, quint64 token) const
{
    if (connection->token != token || connection->state != ConnectionState::InUse)
        return nullptr;
    return connection->socket;
}

void ConnectionPool::setLeaseListener(PooledConnection *connection, quint64 token,
                                      LeaseListener *listener)
{
    if (connection->token == token && connection->state == ConnectionState::InUse)
        connection->listener = listener;
}

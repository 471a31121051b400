#include "dialer.h"

#include "endpoint.h"
#include "monotonicclock.h"
#include "pooledconnection.h"
#include "pooleventlog.h"
#include "poolsettings.h"
#include "poolstats.h"

#include <QSslCertificate>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

QString peerOf(const PooledConnection *connection)
{
    return Endpoint::of(connection->link->peerAddress(), connection->link->peerPort());
}

} // namespace

Dialer::Dialer(Clock &clock, Connector &connector, const PoolSettings &settings, PoolEventLog &log,
               PoolStats &stats, Pool &pool)
    : m_clock(clock)
    , m_connector(connector)
    , m_settings(settings)
    , m_log(log)
    , m_stats(stats)
    , m_pool(pool)
    , m_resolver(clock, *this)
    , m_backoffTimer(clock.createTimer([this] { m_pool.backoffEnded(); }))
{ }

Dialer::~Dialer() = default;

void Dialer::setTarget(bool connectionsOpen)
{
    m_tls.reset();
    if (m_settings.tls) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        if (m_settings.tlsInsecure)
            tls.setPeerVerifyMode(QSslSocket::VerifyNone);
        if (!m_settings.caFile.isEmpty())
            tls.addCaCertificates(QSslCertificate::fromPath(m_settings.caFile, QSsl::Pem));
        m_tls = tls;
    }
    m_resolver.setRefreshMs(m_settings.dnsRefreshMs);
    m_resolver.setTarget(m_settings.host, quint16(m_settings.port), m_settings.hostOverrides,
                         connectionsOpen);
}

void Dialer::setRefreshMs(qint64 ms)
{
    m_resolver.setRefreshMs(ms);
}

void Dialer::stop()
{
    m_backoffTimer->stop();
    m_resolver.stop();
}

QString Dialer::target() const
{
    return m_settings.target();
}

int Dialer::allowance(qint64 nowNs, int dialing)
{
    if (m_backoff.untilNs() > nowNs) {
        if (!m_backoffTimer->isActive())
            m_backoffTimer->start(m_backoff.untilNs());
        return 0;
    }
    const int concurrency = m_backoff.isFailing() ? 1 : m_settings.maxConcurrentDials;
    return std::max(0, concurrency - dialing);
}

void Dialer::start(PooledConnection *connection)
{
    ++m_stats.dials;
    connection->connectTimer = m_clock.createTimer([this, connection] { timedOut(connection); });
    connection->connectTimer->start(connection->createdNs
                                    + MonotonicClock::msToNs(m_settings.connectTimeoutMs));
    PoolEvent event = m_log.make(EventKind::DialStarted, connection->createdNs, connection);
    event.address = target();
    m_log.record(event);
    if (m_resolver.addresses().isEmpty()) {
        m_awaitingAddress.push_back(connection);
        m_resolver.lookUp();
    } else {
        connect(connection, connection->createdNs); // nothing to resolve: no time in it
    }
}

void Dialer::abandon(PooledConnection *connection)
{
    std::erase(m_awaitingAddress, connection);
}

void Dialer::connect(PooledConnection *connection, qint64 startNs)
{
    DialTarget dial;
    dial.addresses = m_resolver.dialOrder();
    dial.port = quint16(m_settings.port);
    dial.tls = m_tls;
    dial.peerVerifyName = m_settings.host;
    dial.tuning = m_settings.tuning();
    connection->connectStartedNs = startNs;
    m_pool.setState(connection, ConnectionState::Connecting);
    connection->link = m_connector.connect(dial, connection);
}

void Dialer::linkConnected(PooledConnection *connection)
{
    connection->tcpConnectedNs = m_clock.nowNs();
    if (m_tls) {
        connection->tlsStartedNs = connection->tcpConnectedNs;
        m_pool.setState(connection, ConnectionState::TlsHandshake);
    }
}

void Dialer::linkEstablished(PooledConnection *connection)
{
    const qint64 now = m_clock.nowNs();
    connection->connectTimer.reset();
    connection->connectedNs = now;
    connection->setMaxLifetime(MonotonicClock::msToNs(m_settings.maxLifetimeMs));

    m_backoff.recordSuccess(now, PoolStats::EarlyCloseNs);
    m_backoffTimer->stop();

    const qint64 dialNs = connection->tcpConnectedNs - connection->createdNs;
    const qint64 tlsNs = connection->tlsStartedNs ? now - connection->tlsStartedNs : 0;
    m_stats.dialTime.record(dialNs);
    if (connection->tlsStartedNs)
        m_stats.tlsTime.record(tlsNs);
    PoolEvent event = m_log.make(EventKind::DialSucceeded, now, connection);
    event.dialNs = dialNs;
    event.tlsNs = tlsNs;
    event.address = peerOf(connection);
    event.message = connection->link->tlsDescription();
    m_log.record(event);
    m_pool.dialEstablished(connection);
}

void Dialer::linkFailed(PooledConnection *connection, DialError error, const QString &message)
{
    fail(connection, error, message);
}

void Dialer::timedOut(PooledConnection *connection)
{
    const qint64 timeoutMs = m_settings.connectTimeoutMs;
    switch (connection->state) {
    case ConnectionState::Resolving:
        fail(connection, DialError::TimedOut,
             u"name resolution of %1 did not finish within %2 ms"_s.arg(m_settings.host)
                 .arg(timeoutMs));
        return;
    case ConnectionState::TlsHandshake:
        fail(connection, DialError::TimedOut,
             u"the TLS handshake with %1 did not finish within %2 ms"_s.arg(peerOf(connection))
                 .arg(timeoutMs));
        return;
    default:
        fail(connection, DialError::TimedOut,
             u"no answer from %1 within %2 ms (the SYN went unanswered: a firewall that drops, a "
             "blackhole, or a full accept backlog)"_s.arg(peerOf(connection))
                 .arg(timeoutMs));
        return;
    }
}

void Dialer::fail(PooledConnection *connection, DialError error, const QString &message)
{
    const qint64 now = m_clock.nowNs();
    ++m_stats.dialFailures;
    ++m_stats.dialFailuresByError[size_t(error)];
    m_backoff.recordFailure(now, error, message,
                            MonotonicClock::msToNs(m_settings.backoffInitialMs),
                            MonotonicClock::msToNs(m_settings.backoffMaxMs));
    abandon(connection);

    PoolEvent event = m_log.make(EventKind::DialFailed, now, connection);
    event.dialError = error;
    event.dialNs = now - connection->createdNs;
    event.address = connection->link ? peerOf(connection) : target();
    event.message = message;
    if (m_backoff.stepNs())
        event.message += u"; next dial in %1 ms"_s.arg(m_backoff.stepNs() / 1'000'000);
    m_log.record(event);
    m_pool.dialFailed(connection, error, message);
}

QString Dialer::recordEarlyClose(qint64 ageNs, DialError cause, const QString &message)
{
    const qint64 now = m_clock.nowNs();
    ++m_stats.earlyCloses;
    const QString why = u"closed %1 ms after its dial: %2"_s.arg(ageNs / 1'000'000).arg(message);
    m_backoff.recordFailure(now, cause, why, MonotonicClock::msToNs(m_settings.backoffInitialMs),
                            MonotonicClock::msToNs(m_settings.backoffMaxMs));
    QString note
        = u"; closed %1 ms after its dial, so counted as a failed dial"_s.arg(ageNs / 1'000'000);
    if (m_backoff.stepNs())
        note += u" (next dial in %1 ms)"_s.arg(m_backoff.stepNs() / 1'000'000);
    return note;
}

void Dialer::targetResolved(const QList<QHostAddress> &addresses, const QString &source,
                            qint64 tookNs)
{
    QStringList texts;
    for (const QHostAddress &address : addresses)
        texts << address.toString();
    PoolEvent event = m_log.make(EventKind::Resolved, m_clock.nowNs());
    event.dialNs = tookNs;
    event.message = u"%1 -> %2 (%3)"_s.arg(m_settings.host, texts.join(u", "_s), source);
    m_log.record(event);

    const std::vector<PooledConnection *> waiting = std::exchange(m_awaitingAddress, {});
    const qint64 now = m_clock.nowNs();
    for (PooledConnection *connection : waiting)
        connect(connection, now);
    m_pool.targetMoved(addresses);
}

void Dialer::targetResolutionFailed(const QString &message, qint64 tookNs)
{
    PoolEvent event = m_log.make(EventKind::Resolved, m_clock.nowNs());
    event.dialNs = tookNs;
    event.dialError = DialError::HostNotFound;
    event.message = message;
    m_log.record(event);
    // Known addresses stay in use through a failed refresh; only dials that have none fail.
    if (!m_resolver.addresses().isEmpty())
        return;
    const std::vector<PooledConnection *> waiting = std::exchange(m_awaitingAddress, {});
    for (PooledConnection *connection : waiting)
        fail(connection, DialError::HostNotFound, message);
}

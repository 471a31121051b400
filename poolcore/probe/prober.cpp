#include "prober.h"

#include "monotonicclock.h"
#include "probeconnection.h"

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

Prober::Prober(QObject *parent)
    : QObject(parent)
{
    connect(&m_resolver, &ProbeResolver::finished, this, &Prober::onResolved);
    m_intervalTimer.setSingleShot(true);
    m_intervalTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_intervalTimer, &QTimer::timeout, this, &Prober::startAttempt);
}

Prober::~Prober()
{
    dropConnection();
}

QStringList Prober::start(const ProbeSettings &settings)
{
    const QStringList errors = settings.validate();
    if (!errors.isEmpty())
        return errors;
    m_resolver.abort();
    dropConnection();
    m_intervalTimer.stop();
    m_result = ProbeResult();
    m_result.settings = settings;
    m_running = true;
    startAttempt();
    return {};
}

void Prober::stop()
{
    if (!m_running)
        return;
    m_resolver.abort();
    dropConnection();
    m_intervalTimer.stop();
    m_running = false;
    m_result.stopped = m_result.attempts.size() < m_result.settings.count;
    Q_EMIT finished(m_result);
}

void Prober::startAttempt()
{
    m_attempt = ProbeAttempt();
    m_attempt.sequence = int(m_result.attempts.size()) + 1;
    m_attempt.startedNs = MonotonicClock::nowNs();
    m_resolver.resolve(m_result.settings);
}

void Prober::record(const ProbeStep &step)
{
    m_attempt.steps << step;
    Q_EMIT stepFinished(m_attempt.sequence, step);
}

void Prober::onResolved(const ProbeStep &step)
{
    record(step);
    if (!step.ok) {
        finishAttempt();
        return;
    }
    m_addresses = step.addresses;
    m_addressIndex = 0;
    connectNextAddress();
}

void Prober::connectNextAddress()
{
    if (m_addressIndex >= m_addresses.size()) {
        finishAttempt();
        return;
    }
    m_connection = new ProbeConnection(m_result.settings, this);
    connect(m_connection, &ProbeConnection::stepFinished, this, &Prober::onConnectionStep);
    connect(m_connection, &ProbeConnection::opened, this, &Prober::onOpened);
    connect(m_connection, &ProbeConnection::closedWhileIdle, this, [this](PeerClose how) {
        ProbeStep step;
        step.kind = ProbeStep::Kind::Response;
        step.address = m_connection->address();
        const bool reset = how == PeerClose::Reset;
        step.failure = reset ? ProbeFailure::Reset : ProbeFailure::Closed;
        step.message = u"%1 %2 the connection as soon as it was open, before the "
                       "request"_s.arg(step.address, reset ? u"reset"_s : u"closed"_s);
        onConnectionStep(step);
    });
    m_connection->open(m_addresses.at(m_addressIndex));
}

void Prober::onConnectionStep(const ProbeStep &step)
{
    record(step);
    if (!step.ok || step.kind == ProbeStep::Kind::Response)
        addressDone();
}

void Prober::onOpened()
{
    if (m_result.settings.protocol)
        m_connection->sendRequest(m_result.settings.timeoutMs);
    else
        addressDone();
}

void Prober::addressDone()
{
    dropConnection();
    ++m_addressIndex;
    connectNextAddress();
}

void Prober::dropConnection()
{
    if (!m_connection)
        return;
    m_connection->disconnect(this);
    m_connection->close();
    // It may be emitting the signal that brought us here.
    m_connection->deleteLater();
    m_connection = nullptr;
}

void Prober::finishAttempt()
{
    m_result.attempts << m_attempt;
    Q_EMIT attemptFinished(m_attempt);
    if (!m_running)
        return;
    if (m_result.attempts.size() >= m_result.settings.count) {
        m_running = false;
        Q_EMIT finished(m_result);
        return;
    }
    const qint64 elapsedMs = (MonotonicClock::nowNs() - m_attempt.startedNs) / 1'000'000;
    m_intervalTimer.start(MonotonicClock::timerMs(m_result.settings.intervalMs - elapsedMs));
}

#include "probeconnection.h"

#include "endpoint.h"
#include "monotonicclock.h"
#include "responseparser.h"
#include "socketerrors.h"
#include "socketoptions.h"

#include <QNetworkProxy>
#include <QSslConfiguration>
#include <QSslSocket>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype FirstBytesKept = 16;

bool looksLikeTls(const QByteArray &bytes)
{
    // A TLS record starts with its content type (0x15 alert, 0x16 handshake) and version 3.x.
    return bytes.size() >= 2 && (bytes.at(0) == 0x15 || bytes.at(0) == 0x16) && bytes.at(1) == 0x03;
}

// The shared classification in the probe's words. A close before any answer is a FIN to the
// probe (Closed); the pool, which sees one only while dialing, counts it as a reset.
ProbeFailure failureOf(QAbstractSocket::SocketError error, const QString &message)
{
    if (error == QAbstractSocket::RemoteHostClosedError)
        return ProbeFailure::Closed;
    return probeFailureOf(classifyDialError(error, message));
}

} // namespace

ProbeConnection::ProbeConnection(const ProbeSettings &settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
{
    m_timer.setSingleShot(true);
    // A coarse timer may fire up to 5 % early, which would cut a step short.
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &ProbeConnection::onTimeout);
}

ProbeConnection::~ProbeConnection()
{
    // The socket is a child and outlives this destructor's body: it must not call back.
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

void ProbeConnection::open(const QHostAddress &address)
{
    Q_ASSERT(m_state == State::Unconnected);
    m_addressText = Endpoint::of(address, quint16(m_settings.port));
    if (m_settings.tls) {
        auto *ssl = new QSslSocket(this);
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        if (!m_settings.caFile.isEmpty()) {
            configuration.addCaCertificates(
                QSslCertificate::fromPath(m_settings.caFile, QSsl::Pem));
        }
        configuration.setPeerVerifyMode(QSslSocket::VerifyPeer);
        ssl->setSslConfiguration(configuration);
        ssl->setPeerVerifyName(m_settings.host);
        // Every handshake is let through to its end, so the certificate can be shown and
        // judged (ProbeTlsInfo) whether or not it verifies; onEncrypted decides.
        connect(ssl, &QSslSocket::sslErrors, this, [this, ssl](const QList<QSslError> &errors) {
            m_sslErrors = errors;
            ssl->ignoreSslErrors();
        });
        connect(ssl, &QSslSocket::encrypted, this, &ProbeConnection::onEncrypted);
        m_socket = ssl;
    } else {
        m_socket = new QTcpSocket(this);
    }
    m_socket->setProxy(QNetworkProxy::NoProxy);
    connect(m_socket, &QAbstractSocket::connected, this, &ProbeConnection::onConnected);
    connect(m_socket, &QAbstractSocket::errorOccurred, this, &ProbeConnection::onErrorOccurred);
    connect(m_socket, &QAbstractSocket::disconnected, this, &ProbeConnection::onPeerClosed);
    connect(m_socket, &QIODevice::readyRead, this, &ProbeConnection::onReadyRead);

    m_state = State::Connecting;
    m_stepStartNs = MonotonicClock::nowNs();
    m_timer.start(MonotonicClock::timerMs(m_settings.timeoutMs));
    m_socket->connectToHost(address, quint16(m_settings.port));
}

void ProbeConnection::sendRequest(qint64 timeoutMs)
{
    Q_ASSERT(m_state == State::Idle && m_settings.protocol);
    // A close that has arrived but that the event loop has not delivered yet happened while
    // idle, not in answer to this request.
    if (m_closeWatch.peek()) {
        onPeerClosed();
        return;
    }
    m_parser = m_settings.protocol->createParser();
    m_buffer.clear();
    m_firstBytes.clear();
    m_firstByteNs = 0;
    m_silentButOpen = false;
    m_state = State::Requesting;
    m_stepStartNs = MonotonicClock::nowNs();
    m_timer.start(MonotonicClock::timerMs(timeoutMs));
    m_socket->write(m_settings.protocol->request());
}

void ProbeConnection::close()
{
    shutDown();
}

void ProbeConnection::shutDown()
{
    m_state = State::Closed;
    m_timer.stop();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

ProbeStep ProbeConnection::makeStep(ProbeStep::Kind kind) const
{
    ProbeStep step;
    step.kind = kind;
    step.address = m_addressText;
    step.durationNs = MonotonicClock::nowNs() - m_stepStartNs;
    return step;
}

void ProbeConnection::finishStep(ProbeStep step)
{
    if (!step.ok)
        shutDown();
    Q_EMIT stepFinished(step);
}

void ProbeConnection::failStep(ProbeStep::Kind kind, ProbeFailure failure, const QString &message)
{
    ProbeStep step = makeStep(kind);
    step.failure = failure;
    step.message = message;
    finishStep(std::move(step));
}

void ProbeConnection::onConnected()
{
    m_timer.stop();
    // While a request is out too: a close in answer to it is told apart the same way.
    m_closeWatch.attach(m_socket,
                        [this] { return m_state == State::Idle || m_state == State::Requesting; });
    ProbeStep step = makeStep(ProbeStep::Kind::Connect);
    step.ok = true;
    auto *ssl = qobject_cast<QSslSocket *>(m_socket);
    m_state = ssl ? State::TlsHandshake : State::Idle;
    m_stepStartNs = MonotonicClock::nowNs();
    m_idleSinceNs = m_stepStartNs;
    finishStep(std::move(step));
    if (ssl && m_state == State::TlsHandshake) {
        m_timer.start(MonotonicClock::timerMs(m_settings.timeoutMs));
        ssl->startClientEncryption();
    } else if (m_state == State::Idle) {
        Q_EMIT opened();
    }
}

void ProbeConnection::onEncrypted()
{
    m_timer.stop();
    const auto *ssl = qobject_cast<QSslSocket *>(m_socket);
    ProbeStep step = makeStep(ProbeStep::Kind::Tls);
    step.tls = ProbeTlsInfo::fromSocket(*ssl, m_sslErrors);
    const ProbeFailure failure = step.tls.failure();
    if (failure == ProbeFailure::None) {
        step.ok = true;
    } else if (m_settings.insecure) {
        step.ok = true;
        step.message = u"accepted only because of --insecure: "_s + step.tls.errors.join(u"; "_s);
    } else {
        step.failure = failure;
        step.message = step.tls.errors.join(u"; "_s);
    }
    if (step.ok)
        becomeIdle();
    finishStep(std::move(step));
    if (m_state == State::Idle)
        Q_EMIT opened();
}

void ProbeConnection::becomeIdle()
{
    m_state = State::Idle;
    m_idleSinceNs = MonotonicClock::nowNs();
    m_closeWatch.clearHint();
}

void ProbeConnection::onErrorOccurred(QAbstractSocket::SocketError error)
{
    const QString message = m_socket->errorString();
    switch (m_state) {
    case State::Connecting:
        failStep(ProbeStep::Kind::Connect, failureOf(error, message),
                 u"%1: %2"_s.arg(m_addressText, message));
        return;
    case State::TlsHandshake:
        failStep(ProbeStep::Kind::Tls, ProbeFailure::TlsFailure,
                 u"TLS handshake with %1 failed: %2"_s.arg(m_addressText, message));
        return;
    case State::Idle:
    case State::Requesting:
        if (error == QAbstractSocket::RemoteHostClosedError) {
            // A close that Qt read passed m_closeWatch's peek first. Without one, a write
            // failed (EPIPE or ECONNRESET, and Qt closed the descriptor before saying so): only
            // an RST makes a write fail, a FIN alone does not.
            if (!m_closeWatch.hint() && m_state == State::Requesting)
                m_closeWatch.setHint(PeerClose::Reset);
            onPeerClosed();
            return;
        }
        if (m_state == State::Requesting) {
            failStep(ProbeStep::Kind::Response, failureOf(error, message),
                     u"%1: %2"_s.arg(m_addressText, message));
        } else {
            shutDown();
            Q_EMIT closedWhileIdle(failureOf(error, message) == ProbeFailure::Reset
                                       ? PeerClose::Reset
                                       : PeerClose::Fin,
                                   MonotonicClock::nowNs() - m_idleSinceNs);
        }
        return;
    case State::Unconnected:
    case State::Closed:
        return;
    }
}

ProbeFailure ProbeConnection::closeFailure() const
{
    return m_closeWatch.hint() == PeerClose::Reset ? ProbeFailure::Reset : ProbeFailure::Closed;
}

void ProbeConnection::onPeerClosed()
{
    switch (m_state) {
    case State::Idle: {
        const qint64 idleNs = MonotonicClock::nowNs() - m_idleSinceNs;
        const PeerClose how = m_closeWatch.hint().value_or(PeerClose::Fin);
        shutDown();
        Q_EMIT closedWhileIdle(how, idleNs);
        return;
    }
    case State::Requesting: {
        if (m_socket->bytesAvailable() > 0)
            onReadyRead();
        if (m_state != State::Requesting)
            return;
        if (m_parser->finish() == ResponseParser::Status::Complete) {
            finishResponse();
            return;
        }
        if (m_parser->responseBytes() == 0 && m_firstBytes.isEmpty()) {
            const bool reset = closeFailure() == ProbeFailure::Reset;
            failStep(ProbeStep::Kind::Response, closeFailure(),
                     u"%1 %2 the connection without answering the %3 request"_s.arg(
                         m_addressText, reset ? u"reset"_s : u"closed"_s,
                         enumName(m_settings.protocol->kind)));
            return;
        }
        failStep(ProbeStep::Kind::Response, ProbeFailure::ProtocolError,
                 u"%1: %2"_s.arg(m_addressText, m_parser->errorString()));
        return;
    }
    case State::Connecting:
        failStep(ProbeStep::Kind::Connect, closeFailure(),
                 u"%1 closed the connection while it was being set up"_s.arg(m_addressText));
        return;
    case State::TlsHandshake:
        failStep(ProbeStep::Kind::Tls, ProbeFailure::TlsFailure,
                 u"%1 closed the connection during the TLS handshake"_s.arg(m_addressText));
        return;
    case State::Unconnected:
    case State::Closed:
        return;
    }
}

void ProbeConnection::onReadyRead()
{
    if (m_state == State::Idle) {
        // Bytes nobody asked for: a server's goodbye before it closes, or a stream out of
        // step. Either way they answer no request.
        m_socket->skip(m_socket->bytesAvailable());
        return;
    }
    if (m_state != State::Requesting)
        return;
    const QByteArray data = m_socket->readAll();
    if (data.isEmpty())
        return;
    if (m_firstByteNs == 0)
        m_firstByteNs = MonotonicClock::nowNs();
    if (m_firstBytes.size() < FirstBytesKept)
        m_firstBytes += data.first(std::min(data.size(), FirstBytesKept - m_firstBytes.size()));
    m_buffer += data;
    switch (m_parser->parse(m_buffer)) {
    case ResponseParser::Status::NeedMore:
        return;
    case ResponseParser::Status::Complete:
        finishResponse();
        return;
    case ResponseParser::Status::Error: {
        QString message = u"%1 answered, but not in %2: %3"_s.arg(
            m_addressText, enumName(m_settings.protocol->kind), m_parser->errorString());
        if (!m_settings.tls && looksLikeTls(m_firstBytes))
            message += u" (the answer looks like TLS: try --tls)"_s;
        failStep(ProbeStep::Kind::Response, ProbeFailure::ProtocolError, message);
        return;
    }
    }
}

void ProbeConnection::finishResponse()
{
    m_timer.stop();
    ProbeStep step = makeStep(ProbeStep::Kind::Response);
    step.ok = true;
    step.completeNs = step.durationNs;
    step.durationNs = (m_firstByteNs ? m_firstByteNs : MonotonicClock::nowNs()) - m_stepStartNs;
    step.responseBytes = m_parser->responseBytes();
    if (m_parser->isErrorReply())
        step.message = u"the server answered with an error: "_s + m_parser->errorString();
    if (m_parser->reusable() && m_socket->state() == QAbstractSocket::ConnectedState)
        becomeIdle();
    else
        shutDown();
    finishStep(std::move(step));
}

void ProbeConnection::onTimeout()
{
    const QString within = u"%1 ms"_s.arg(m_settings.timeoutMs);
    switch (m_state) {
    case State::Connecting:
        failStep(
            ProbeStep::Kind::Connect, ProbeFailure::TimedOut,
            u"no answer from %1 within %2 (the SYN went unanswered)"_s.arg(m_addressText, within));
        return;
    case State::TlsHandshake:
        failStep(
            ProbeStep::Kind::Tls, ProbeFailure::TimedOut,
            u"the TLS handshake with %1 did not finish within %2"_s.arg(m_addressText, within));
        return;
    case State::Requesting: {
        const qint64 waitedMs = (MonotonicClock::nowNs() - m_stepStartNs) / 1'000'000;
        m_silentButOpen = m_firstBytes.isEmpty()
            && SocketOptions::peekHealth(m_socket->socketDescriptor())
                == SocketOptions::Health::Alive;
        QString message = m_firstBytes.isEmpty()
            ? u"no answer from %1 to the %2 request within %3 ms"_s
            : u"%1 answered the %2 request only in part within %3 ms"_s;
        message = message.arg(m_addressText, enumName(m_settings.protocol->kind)).arg(waitedMs);
        if (m_silentButOpen)
            message += u"; the connection is still open"_s;
        failStep(ProbeStep::Kind::Response, ProbeFailure::TimedOut, message);
        return;
    }
    case State::Unconnected:
    case State::Idle:
    case State::Closed:
        return;
    }
}

#include "socketlink.h"

#include "endpoint.h"
#include "socketconnect.h"
#include "watchedsocket.h"

#include <QEvent>
#include <QNetworkProxy>
#include <QSslCipher>
#include <QSslSocket>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

bool triesNextAddress(DialError error)
{
    return error == DialError::Refused || error == DialError::NetworkUnreachable;
}

} // namespace

SocketLink::SocketLink(const DialTarget &target, LinkListener *listener)
    : m_target(target)
    , m_listener(listener)
{
    if (m_target.tls) {
        auto *ssl = new WatchedSocket<QSslSocket>(this);
        ssl->setSslConfiguration(*m_target.tls);
        ssl->setPeerVerifyName(m_target.peerVerifyName);
        m_socket = ssl;
        m_watch = ssl;
    } else {
        auto *tcp = new WatchedSocket<QTcpSocket>(this);
        m_socket = tcp;
        m_watch = tcp;
    }
    m_socket->setProxy(QNetworkProxy::NoProxy);
    connectSignals();
    m_watch->armed = true;
    // From the event loop: a listener hears nothing before dial() has returned its link.
    QMetaObject::invokeMethod(this, &SocketLink::connectNext, Qt::QueuedConnection);
}

SocketLink::~SocketLink()
{
    // The socket may be inside one of its own signals: it is deleted later, never here, and
    // nothing of ours or a holder's may run meanwhile.
    m_socket->disconnect(this);
    if (m_watch->holderConnected)
        m_socket->disconnect();
    if (m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->disconnectFromHost();
    else
        m_socket->abort();
    m_socket->setParent(nullptr);
    m_socket->deleteLater();
}

void SocketLink::connectSignals()
{
    connect(m_socket, &QAbstractSocket::errorOccurred, this, &SocketLink::onErrorOccurred);
    connect(m_socket, &QAbstractSocket::disconnected, this, &SocketLink::onDisconnected);
    connect(m_socket, &QIODevice::readyRead, this, [this] { m_listener->linkReadyRead(); });
    if (auto *ssl = qobject_cast<QSslSocket *>(m_socket)) {
        connect(ssl, &QSslSocket::encrypted, this, [this] {
            m_established = true;
            m_listener->linkEstablished();
        });
    }
}

void SocketLink::connectNext()
{
    if (m_target.addresses.isEmpty()) {
        m_closed = true;
        m_listener->linkDialFailed(DialError::HostNotFound, u"no address to dial"_s);
        return;
    }
    // The previous attempt may be the caller, inside its report.
    if (m_connect)
        m_connect->deleteLater();
    m_connect = new SocketConnect(this);
    m_connect->start(m_target.addresses[m_addressIndex], m_target.port,
                     [this](qintptr descriptor, DialError error, const QString &message) {
                         connectDone(descriptor, error, message);
                     });
}

void SocketLink::connectDone(qintptr descriptor, DialError error, const QString &message)
{
    if (descriptor >= 0
        && !m_socket->setSocketDescriptor(descriptor, QAbstractSocket::ConnectedState)) {
        ::close(int(descriptor));
        descriptor = -1;
        error = DialError::Other;
    }
    if (descriptor >= 0) {
        onConnected();
        return;
    }
    if (triesNextAddress(error) && m_addressIndex + 1 < m_target.addresses.size()) {
        ++m_addressIndex;
        connectNext();
        return;
    }
    m_closed = true;
    m_listener->linkDialFailed(
        error,
        u"%1: %2"_s.arg(Endpoint::of(peerAddress(), m_target.port),
                        message.isEmpty() ? m_socket->errorString() : message));
}

QHostAddress SocketLink::peerAddress() const
{
    return m_target.addresses.value(m_addressIndex);
}

void SocketLink::onConnected()
{
    m_tcpConnected = true;
    m_localPort = m_socket->localPort();
    applyTuning(m_target.tuning);
    m_closeWatch.attach(m_socket, [this] { return m_idle; });
    const QPointer<SocketLink> alive(this);
    m_listener->linkConnected();
    if (!alive)
        return;
    if (auto *ssl = qobject_cast<QSslSocket *>(m_socket)) {
        ssl->startClientEncryption();
        return;
    }
    m_established = true;
    m_listener->linkEstablished();
}

void SocketLink::onErrorOccurred()
{
    if (m_closed)
        return;
    const QString message = m_socket->errorString();
    const QAbstractSocket::SocketError error = m_socket->error();
    if (m_established) {
        m_closed = true;
        m_listener->linkClosed(
            closeOf(true, error == QAbstractSocket::RemoteHostClosedError, message));
        return;
    }
    if (m_tcpConnected) {
        m_closed = true;
        m_listener->linkDialFailed(DialError::TlsFailure,
                                   u"TLS handshake with %1 failed: %2"_s.arg(
                                       Endpoint::of(peerAddress(), m_target.port), message));
    }
}

void SocketLink::onDisconnected()
{
    if (m_closed || !m_established)
        return;
    m_closed = true;
    m_listener->linkClosed(closeOf(false, true, u"the peer closed the connection"_s));
}

QString SocketLink::tlsDescription() const
{
    const auto *ssl = qobject_cast<const QSslSocket *>(m_socket);
    if (!ssl || !ssl->isEncrypted())
        return {};
    const QSslCipher cipher = ssl->sessionCipher();
    return u"%1, %2"_s.arg(cipher.protocolString(), cipher.name());
}

bool SocketLink::isConnected() const
{
    return m_socket->state() == QAbstractSocket::ConnectedState;
}

qint64 SocketLink::bytesAvailable() const
{
    return m_socket->bytesAvailable();
}

SocketOptions::Health SocketLink::peekHealth() const
{
    return SocketOptions::peekHealth(m_socket->socketDescriptor());
}

TcpInfo SocketLink::tcpInfo() const
{
    // Qt closes the descriptor before it reports a close: then the counters read last are the
    // best there are.
    const TcpInfo tcp = TcpInfo::read(m_socket->socketDescriptor());
    if (tcp.valid)
        m_lastTcp = tcp;
    return m_lastTcp;
}

void SocketLink::applyTuning(const SocketTuning &tuning)
{
    m_target.tuning = tuning;
    const qintptr descriptor = m_socket->socketDescriptor();
    if (descriptor < 0)
        return;
    SocketOptions::setNoDelay(descriptor, tuning.noDelay);
    SocketOptions::setKeepAlive(descriptor, tuning.keepAlive, tuning.keepAliveIdleS,
                                tuning.keepAliveIntervalS, tuning.keepAliveCount);
}

void SocketLink::releaseHolder()
{
    if (!m_watch->holderConnected)
        return;
    m_watch->armed = false;
    m_socket->disconnect();
    connectSignals();
    m_watch->holderConnected = false;
    m_watch->armed = true;
}

// Qt reports a FIN, an RST and the kernel's keepalive timeout alike ("The remote host closed
// the connection"); what the watch saw while idle tells them apart.
LinkClose SocketLink::closeOf(bool error, bool byPeer, const QString &otherwise) const
{
    LinkClose close;
    close.error = error;
    close.byPeer = byPeer;
    close.message = otherwise;
    if (!m_idle || !m_closeWatch.hint())
        return close;
    switch (*m_closeWatch.hint()) {
    case PeerClose::Fin:
        close.message = u"the server closed it while idle (FIN)"_s;
        break;
    case PeerClose::Reset:
        close.message = u"the server reset it while idle (RST)"_s;
        break;
    case PeerClose::TimedOut:
        close.byPeer = false;
        close.timedOut = true;
        close.message = u"TCP keepalive probes went unanswered and the kernel dropped it "
                        "(ETIMEDOUT): nobody sent a FIN or RST; a firewall or NAT on the way "
                        "forgot the flow, or the server's host is gone"_s;
        break;
    }
    return close;
}

Connector &Connector::sockets()
{
    class SocketConnector final : public Connector
    {
    public:
        std::unique_ptr<Link> connect(const DialTarget &target, LinkListener *listener) override
        {
            return std::make_unique<SocketLink>(target, listener);
        }
    };
    static SocketConnector connector;
    return connector;
}

#include "testserver.h"

#include <QFile>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

TestServer::TestServer(QObject *parent)
    : QObject(parent)
{ }

TestServer::~TestServer()
{
    resetAll();
}

void TestServer::setTls(const QSslConfiguration &configuration)
{
    m_tls = configuration;
}

bool TestServer::listen(const QHostAddress &address, quint16 port)
{
    if (m_tls) {
        auto server = std::make_unique<QSslServer>();
        server->setSslConfiguration(*m_tls);
        m_server = std::move(server);
    } else {
        m_server = std::make_unique<QTcpServer>();
    }
    connect(m_server.get(), &QTcpServer::pendingConnectionAvailable, this,
            &TestServer::takePending);
    if (!m_server->listen(address, port))
        return false;
    m_address = address;
    m_port = m_server->serverPort();
    return true;
}

void TestServer::stopListening()
{
    if (m_server)
        m_server->close();
}

void TestServer::takePending()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        socket->setParent(this);
        ++m_accepted;
        m_clients << socket;
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
            const QByteArray data = socket->readAll();
            if (!m_reply.isEmpty())
                socket->write(m_reply);
            else if (m_echo)
                socket->write(data);
        });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        Q_EMIT clientAccepted(socket);
    }
}

int TestServer::open() const
{
    int n = 0;
    for (const auto &client : m_clients)
        n += client && client->state() == QAbstractSocket::ConnectedState;
    return n;
}

QList<QTcpSocket *> TestServer::clients() const
{
    QList<QTcpSocket *> result;
    for (const auto &client : m_clients) {
        if (client && client->state() == QAbstractSocket::ConnectedState)
            result << client;
    }
    return result;
}

void TestServer::closeAll()
{
    for (QTcpSocket *client : clients())
        client->disconnectFromHost();
}

void TestServer::resetAll()
{
    for (QTcpSocket *client : clients()) {
        // SO_LINGER 0: close() sends RST instead of FIN.
        const linger l{1, 0};
        setsockopt(int(client->socketDescriptor()), SOL_SOCKET, SO_LINGER, &l, sizeof(l));
        client->abort();
    }
}

QString TestServer::localhostCertificatePath()
{
    return QStringLiteral(POOLSCOPE_TEST_DATA) + u"/localhost.crt"_s;
}

QSslConfiguration TestServer::localhostTlsConfiguration()
{
    QFile certFile(localhostCertificatePath());
    QFile keyFile(QStringLiteral(POOLSCOPE_TEST_DATA) + u"/localhost.key"_s);
    certFile.open(QIODevice::ReadOnly);
    keyFile.open(QIODevice::ReadOnly);
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificate(QSslCertificate(&certFile, QSsl::Pem));
    configuration.setPrivateKey(QSslKey(&keyFile, QSsl::Ec, QSsl::Pem));
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    return configuration;
}

FullBacklogListener::FullBacklogListener()
{
    m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    if (::bind(m_fd, reinterpret_cast<sockaddr *>(&address), length) != 0 || ::listen(m_fd, 0) != 0
        || ::getsockname(m_fd, reinterpret_cast<sockaddr *>(&address), &length) != 0) {
        return;
    }
    m_port = ntohs(address.sin_port);
    // Connect until the kernel stops completing handshakes for this listener: from then on a
    // SYN is dropped and a client's connect can only time out.
    for (int i = 0; i < 16 && !m_filled; ++i) {
        auto *filler = new QTcpSocket;
        m_fillers << filler;
        filler->connectToHost(QHostAddress::LocalHost, m_port);
        m_filled = !filler->waitForConnected(1000);
    }
}

FullBacklogListener::~FullBacklogListener()
{
    qDeleteAll(m_fillers);
    if (m_fd >= 0)
        ::close(m_fd);
}

void raiseFileLimit()
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

#include "labcertificate.h"
#include "labthread.h"
#include "openfilelimit.h"
#include "protocol.h"
#include "responseparser.h"

#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSocketNotifier>
#include <QSslSocket>
#include <QTcpServer>
#include <QTest>

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <memory>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

using namespace Qt::StringLiterals;

using Status = ResponseParser::Status;

class tst_LabServer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void answersEveryProtocol_data();
    void answersEveryProtocol();
    void latencyAndJitter();
    void responseSize();
    void setupDelay();
    void tls();
    void tlsRefusesPlainClients();
    void idleClose();
    void silentDrop();
    void maxClients();
    void pauseAccepting();
    void restart();
    void resetAll();
    void blackhole();
    void errorRate_data();
    void errorRate();
    void liveSettings();
    void garbage_data();
    void garbage();
    void startErrors();
    void thousandConnections();
};

namespace {

constexpr int Timeout = 15'000;

struct Exchange
{
    Status status = Status::NeedMore;
    bool errorReply = false;
    bool reusable = false;
    qint64 bytes = 0;
    qint64 elapsedMs = 0;
    QString error;
};

// Sends protocol's request on socket and reads the response (the lab runs on its own thread,
// so blocking here is fine).
Exchange exchange(QTcpSocket &socket, const Protocol &protocol, int timeoutMs = Timeout)
{
    QElapsedTimer timer;
    timer.start();
    socket.write(protocol.request());
    const auto parser = protocol.createParser();
    QByteArray buffer;
    Status status = Status::NeedMore;
    while (status == Status::NeedMore) {
        if (socket.bytesAvailable() == 0 && !socket.waitForReadyRead(timeoutMs)) {
            if (socket.state() != QAbstractSocket::ConnectedState)
                status = parser->finish();
            break;
        }
        buffer += socket.readAll();
        status = parser->parse(buffer);
    }
    return {status,          parser->isErrorReply(), parser->reusable(), parser->responseBytes(),
            timer.elapsed(), parser->errorString()};
}

std::unique_ptr<QTcpSocket> connectTo(const LabThread &lab)
{
    auto socket = std::make_unique<QTcpSocket>();
    socket->connectToHost(lab.address(), lab.port());
    if (!socket->waitForConnected(Timeout))
        qWarning() << "connect failed:" << socket->errorString();
    return socket;
}

Protocol protocolOf(ProtocolKind kind)
{
    Protocol protocol;
    protocol.kind = kind;
    return protocol;
}

LabSettings settingsFor(ProtocolKind kind)
{
    LabSettings settings;
    settings.protocol = kind;
    return settings;
}

// A plain POSIX client: it tells a reset (ECONNRESET) from an orderly close (0), which
// QTcpSocket reports alike.
class RawClient
{
public:
    explicit RawClient(quint16 port)
        : m_fd(::socket(AF_INET, SOCK_STREAM, 0))
    {
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        const timeval timeout{Timeout / 1000, 0};
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        m_connected = ::connect(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0;
    }
    ~RawClient() { ::close(m_fd); }
    bool isConnected() const { return m_connected; }
    void send(QByteArrayView data)
    {
        QCOMPARE(::send(m_fd, data.data(), size_t(data.size()), 0), data.size());
    }
    // What the next read sees: "data", "closed" or "reset" (or "timeout", "error").
    QString nextRead()
    {
        char byte = 0;
        const ssize_t result = ::recv(m_fd, &byte, 1, 0);
        if (result > 0)
            return u"data"_s;
        if (result == 0)
            return u"closed"_s;
        if (errno == ECONNRESET)
            return u"reset"_s;
        return errno == EAGAIN ? u"timeout"_s : u"error"_s;
    }
    // Reads until the peer ends the stream; returns how it ended.
    QString readToEnd()
    {
        QString result;
        while ((result = nextRead()) == u"data")
            ;
        return result;
    }

private:
    int m_fd;
    bool m_connected = false;
};

bool invariantHolds(const LabCounters &counters)
{
    return counters.accepted == quint64(counters.open) + counters.totalClosed();
}

// What has come in on socket that nobody read yet: "nothing", "data" or "closed". It looks
// at the kernel too (MSG_PEEK), for what the event loop has not delivered.
QString pendingOn(const QTcpSocket &socket)
{
    if (socket.bytesAvailable() > 0)
        return u"data"_s;
    if (socket.state() != QAbstractSocket::ConnectedState)
        return u"closed"_s;
    char byte = 0;
    const ssize_t result
        = ::recv(int(socket.socketDescriptor()), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    if (result > 0)
        return u"data"_s;
    if (result == 0 || errno != EAGAIN)
        return u"closed"_s;
    return u"nothing"_s;
}

// The kernel sent the connecting socket's SYN again: nobody answered the first. Until it is
// connected, QAbstractSocket does not tell its descriptor; its engine's notifiers watch it.
bool synRetried(const QTcpSocket &socket)
{
    const auto notifiers = socket.findChildren<QSocketNotifier *>();
    if (notifiers.isEmpty())
        return false;
    tcp_info info{};
    socklen_t length = sizeof info;
    return ::getsockopt(int(notifiers.first()->socket()), IPPROTO_TCP, TCP_INFO, &info, &length)
        == 0
        && info.tcpi_state == TCP_SYN_SENT && info.tcpi_retransmits > 0;
}

} // namespace

void tst_LabServer::initTestCase()
{
    QVERIFY(raiseOpenFileLimit() >= 2'200);
}

void tst_LabServer::answersEveryProtocol_data()
{
    QTest::addColumn<ProtocolKind>("kind");
    for (const QString &name : enumNameList<ProtocolKind>())
        QTest::newRow(qPrintable(name)) << *enumFromName<ProtocolKind>(name);
}

void tst_LabServer::answersEveryProtocol()
{
    QFETCH(ProtocolKind, kind);
    LabThread lab;
    QCOMPARE(lab.start(settingsFor(kind)), QStringList());
    QVERIFY(lab.isListening());
    QCOMPARE(lab.address(), QHostAddress(QHostAddress::LocalHost));
    QVERIFY(lab.port() != 0);
    const auto socket = connectTo(lab);
    for (int i = 0; i < 3; ++i) {
        const Exchange result = exchange(*socket, protocolOf(kind));
        QCOMPARE(result.status, Status::Complete);
        QVERIFY(result.reusable);
        QVERIFY(!result.errorReply);
    }
    QTRY_COMPARE_WITH_TIMEOUT(lab.counters().requests, 3u, Timeout);
    const LabCounters counters = lab.counters();
    QCOMPARE(counters.accepted, 1u);
    QCOMPARE(counters.open, 1);
    QCOMPARE(counters.bytesIn, quint64(3 * protocolOf(kind).request().size()));
    QVERIFY(counters.bytesOut > 0);
    socket->disconnectFromHost();
    QTRY_COMPARE_WITH_TIMEOUT(lab.counters().closedFor(LabCloseReason::ClientClosed), 1u, Timeout);
    QCOMPARE(lab.counters().open, 0);
    lab.stop();
    QVERIFY(!lab.isRunning());
}

void tst_LabServer::latencyAndJitter()
{
    LabSettings settings = settingsFor(ProtocolKind::Redis);
    settings.latencyMs = 200;
    settings.jitterMs = 100;
    LabThread lab;
    QCOMPARE(lab.start(settings), QStringList());
    const auto socket = connectTo(lab);
    for (int i = 0; i < 3; ++i) {
        const Exchange result = exchange(*socket, protocolOf(ProtocolKind::Redis));
        QCOMPARE(result.status, Status::Complete);
        QVERIFY2(result.elapsedMs >= 200, qPrintable(QString::number(result.elapsedMs)));
        QVERIFY2(result.elapsedMs < 2'000, qPrintable(QString::number(result.elapsedMs)));
    }
    // Pipelined requests are answered one at a time: three take three latencies.
    settings.jitterMs = 0;
    QCOMPARE(lab.setSettings(settings), QStringList());
    QElapsedTimer timer;
    timer.start();
    socket->write(protocolOf(ProtocolKind::Redis).request().repeated(3));
    QByteArray received;
    while (received.count("+PONG\r\n") < 3 && socket->waitForReadyRead(Timeout))
        received += socket->readAll();
    QCOMPARE(received, "+PONG\r\n"_ba.repeated(3));
    QVERIFY2(timer.elapsed() >= 600, qPrintable(QString::number(timer.elapsed())));
}

void tst_LabServer::responseSize()
{
    LabSettings settings = settingsFor(ProtocolKind::Http);
    settings.responseSize = 1'000'000;
    LabThread lab;
    QCOMPARE(lab.start(settings), QStringList());
    const auto socket = connectTo(lab);
    Exchange result = exchange(*socket, protocolOf(ProtocolKind::Http));
    QCOMPARE(result.status, Status::Complete);
    QVERIFY(result.bytes > 1'000'000 && result.bytes < 1'000'200);

    settings.protocol = ProtocolKind::Redis;
    settings.responseSize = 5;
    QCOMPARE(lab.setSettings(settings), QStringList());
    const auto redis = connectTo(lab);
    result = exchange(*redis, protocolOf(ProtocolKind::Redis));
    QCOMPARE(result.status, Status::Complete);
    QCOMPARE(result.bytes, qint64(strlen("$5\r\nxxxxx\r\n")));
}

void tst_LabServer::setupDelay()
{
    LabSettings settings = settingsFor(ProtocolKind::Memcached);
    settings.setupDelayMs = 300;
    LabThread lab;
    QCOMPARE(lab.start(settings), QStringList());
    const auto socket = connectTo(lab);
    const Exchange first = exchange(*socket, protocolOf(ProtocolKind::Memcached));
    QCOMPARE(first.status, Status::Complete);
    QVERIFY2(first.elapsedMs >= 290, qPrintable(QString::number(first.elapsedMs)));
    // Only a new connection pays: the handshake is done.
    const Exchange second = exchange(*socket, protocolOf(ProtocolKind::Memcached));
    QCOMPARE(second.status, Status::Complete);
    QVERIFY2(second.elapsedMs < first.elapsedMs, qPrintable(QString::number(second.elapsedMs)));
}

void tst_LabServer::tls()
{
    LabSettings settings = settingsFor(ProtocolKind::Http);
    settings.tls = true;
    LabThread lab;
    QCOMPARE(lab.start(settings), QStringList());

    // The shipped PEM is the certificate the lab serves.
    QFile shipped(QStringLiteral(POOLSCOPE_SOURCE_DIR "/resources/lab/cert.pem"));
    QVERIFY(shipped.open(QIODevice::ReadOnly));
    QCOMPARE(QSslCertificate(shipped.readAll()), LabCertificate::certificate());

    for (const QString &host : {u"localhost"_s, u"127.0.0.1"_s}) {
        QSslSocket socket;
        socket.setSslConfiguration(LabCertificate::clientConfiguration());
        QSignalSpy sslErrors(&socket, &QSslSocket::sslErrors);
        socket.connectToHostEncrypted(host, lab.port());
        QVERIFY2(socket.waitForEncrypted(Timeout), qPrintable(socket.errorString()));
        QCOMPARE(sslErrors.size(), 0);
        QCOMPARE(socket.peerCertificate(), LabCertificate::certificate());
        const Exchange result = exchange(socket, protocolOf(ProtocolKind::Http));
        QCOMPARE(result.status, Status::Complete);
    }
    // Without the lab certificate a client does not trust the server.
    QSslSocket untrusting;
    untrusting.connectToHostEncrypted(u"localhost"_s, lab.port());
    QVERIFY(!untrusting.waitForEncrypted(Timeout));
    QCOMPARE(untrusting.error(), QAbstractSocket::SslHandshakeFailedError);
    QTRY_COMPARE_WITH_TIMEOUT(lab.counters().requests, 2u, Timeout);
}

void tst_LabServer::tlsRefusesPlainClients()
{
    LabSettings settings = settingsFor(ProtocolKind::Http);
    settings.tls = true;
    LabThread lab;
    QCOMPARE(lab.start(settings), QStringList());
    const auto socket = connectTo(lab);
    const Exchange result = exchange(*socket, protocolOf(ProtocolKind::Http));
    QCOMPARE(result.status, Status::Error);
    QTRY_COMPARE_WITH_TIMEOUT(lab.counters().closedFor(LabCloseReason::TlsFailure), 1u, Timeout);
}

void tst_LabServer::idleClose()
{
    LabSettings settings = settingsFor(ProtocolKind::Line);
    settings.idleCloseMs = 300;
    LabThread lab;
    QCOMPARE(lab.start(settings), QStringList());
    const auto socket = connectTo(lab);
    QSignalSpy disconnected(socket.get(), &QTcpSocket::disconnected);
    QElapsedTimer timer;
    timer.start();
    // Activity keeps it open.
    for (int i = 0; i < 3; ++i)
        QCOMPARE(exchange(*socket, protocolOf(ProtocolKind::Line)).status, Status::Complete);
    QVERIFY(disconnected.wait(Timeout));
    QVERIFY2(timer.elapsed() >= 300, qPrintable(QString::number(timer.elapsed())));
    QTRY_COMPARE_WITH_TIMEOUT(lab.counters().closedFor(LabCloseReason::IdleClose), 1u, Timeout);

    // A pooled connection that went stale: the next request finds it closed.
    RawClient raw(lab.port());
    QVERIFY(raw.isConnected());
    QCOMPARE(raw.nextRead(), u"closed"_s);
}

void tst_LabServer::silentDrop()
{
    LabSettings settings = settingsFor(ProtocolKind::Redis);
    settings.silentDropMs = 200;
    settings.idleCloseMs = 5'000;
    LabThread lab;
    QCOMPARE(lab.start(settings), QStringList());
    const auto socket = connectTo(lab);
    QCOMPARE(exchange(*socket, protocolOf(ProtocolKind::Redis)).status, Status::Complete);
    QTRY_COMPARE_WITH_TIMEOUT(lab.counters().silentDrops, 1u, Timeout);
    const quint64 bytesIn = lab.counters().bytesIn;
    socket->write(protocolOf(ProtocolKind::Redis).request());
    // Read and dropped: never answered, never closed, not even by idle-close.
    QTRY_VERIFY_WITH_TIMEOUT(lab.counters().bytesIn > bytesIn, Timeout);
    // The lab answers one connection after another: another one, asked later, gets its answer
    // after any the silent one would have got.
    settings.silentDropMs = 0;
    QCOMPARE(lab.setSettings(settings), QStringList());
    const auto other = connectTo(lab);
    QCOMPARE(exchange(*other, protocolOf(ProtocolKind::Redis)).status, Status::Complete);
    // A short idle-close then closes the other one, after the silent one, idle for longer,
    // would have gone.
    QSignalSpy otherClosed(other.get(), &QTcpSocket::disconnected);
    settings.idleCloseMs = 100;
    QCOMPARE(lab.setSettings(settings), QStringList());
    QVERIFY(otherClosed.wait(Timeout));
    QCOMPARE(pendingOn(*socket), u"nothing"_s);
    QTRY_COMPARE_WITH_TIMEOUT(lab.counters().closedFor(LabCloseReason::IdleClose), 1u, Timeout);
    QCOMPARE(lab.counters().open, 1);
    QCOMPARE(lab.counters().requests, 2u);
}

void tst_LabServer::maxClients()
{
    LabSettings settings = settingsFor(ProtocolKind::Echo);
    settings.maxClients = 2;
    LabThread lab;
    QCOMPARE(lab.start(settings), QStringList());
    const auto first = connectTo(lab);
    const auto second = connectTo(lab);
    QTRY_COMPARE_WITH_TIMEOUT(lab.counters().open, 2, Timeout);
    RawClient refused(lab.port());
    QVERIFY(refused.isConnected()); // the kernel completed the handshake; the lab then resets
    QCOMPARE(refused.nextRead(), u"reset"_s);
    QCOMPARE(lab.counters().closedFor(LabCloseReason::OverMaxClients), 1u);
    QCOMPARE(exchange(*first, protocolOf(ProtocolKind::Echo)).status, Status::Complete);
    // A free slot is taken again.
    second->disconnectFromHost();
    QTRY_COMPARE_WITH_TIMEOUT(lab.counters().open, 1, Timeout);
    const auto third = connectTo(lab);
    QCOMPARE(exchange(*third, protocolOf(ProtocolKind::Echo)).status, Status::Complete);
    QVERIFY(invariantHolds(lab.counters()));
}

void tst_LabServer::pauseAccepting()
{
    LabSettings settings = settingsFor(ProtocolKind::Echo);
    LabThread lab;
    QCOMPARE(lab.start(settings), QStringList());
    settings.pauseAccepting = true;
    QCOMPARE(lab.setSettings(settings), QStringList());

    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    for (int i = 0; i < 4; ++i) {
        sockets.push_back(std::make_unique<QTcpSocket>());
        sockets.back()->connectToHost(lab.address(), lab.port());
    }
    const auto connectedCount = [&] {
        return std::count_if(sockets.begin(), sockets.end(), [](const auto &socket) {
            return socket->state() == QAbstractSocket::ConnectedState;
        });
    };
    const auto othersRetried = [&] {
        return std::all_of(sockets.begin(), sockets.end(), [](const auto &socket) {
            return socket->state() == QAbstractSocket::ConnectedState || synRetried(*socket);
        });
    };
    // The tiny backlog holds one; the other connects do not complete: the kernel sends their
    // SYNs again, unanswered.
    QTRY_VERIFY_WITH_TIMEOUT(connectedCount() >= 1, Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(othersRetried(), Timeout);
    QVERIFY(connectedCount() <= 2);
    QCOMPARE(lab.counters().accepted, 0u);

    settings.pauseAccepting = false;
    QCOMPARE(lab.setSettings(settings), QStringList());
    // SYNs are retried (1 s, 3 s, ...), so the waiting ones get in now.
    QTRY_COMPARE_WITH_TIMEOUT(connectedCount(), 4, 30'000);
    QTRY_COMPARE_WITH_TIMEOUT(lab.counters().accepted, 4u, Timeout);
    for (const auto &socket : sockets)
        QCOMPARE(exchange(*socket, protocolOf(ProtocolKind::Echo)).status, Status::Complete);
}

void tst_LabServer::restart()
{
    LabThread lab;
    QCOMPARE(lab.start(settingsFor(ProtocolKind::Http)), QStringList());
    const quint16 port = lab.port();
    const auto socket = connectTo(lab);
    QCOMPARE(exchange(*socket, protocolOf(ProtocolKind::Http)).status, Status::Complete);
    QSignalSpy disconnected(socket.get(), &QTcpSocket::disconnected);
    QSignalSpy listening(&lab, &LabThread::listeningChanged);

    lab.restart(1'000);
    QVERIFY(!lab.isListening());
    QVERIFY(disconnected.size() == 1 || disconnected.wait(Timeout));
    QCOMPARE(lab.counters().closedFor(LabCloseReason::Restart), 1u);
    QTcpSocket refused;
    refused.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(!refused.waitForConnected(Timeout));
    QCOMPARE(refused.error(), QAbstractSocket::ConnectionRefusedError);

    QTRY_VERIFY_WITH_TIMEOUT(lab.isListening(), Timeout);
    QCOMPARE(lab.port(), port);
    QTRY_VERIFY_WITH_TIMEOUT(!listening.isEmpty() && listening.last().at(0).toBool(), Timeout);
    const auto again = connectTo(lab);
    QCOMPARE(exchange(*again, protocolOf(ProtocolKind::Http)).status, Status::Complete);
}

void tst_LabServer::resetAll()
{
    LabThread lab;
    QCOMPARE(lab.start(settingsFor(ProtocolKind::Line)), QStringList());
    std::vector<std::unique_ptr<RawClient>> clients;
    for (int i = 0; i < 3; ++i) {
        clients.push_back(std::make_unique<RawClient>(lab.port()));
        QVERIFY(clients.back()->isConnected());
    }
    QTRY_COMPARE_WITH_TIMEOUT(lab.counters().open, 3, Timeout);
    lab.resetAll();
    for (const auto &client : clients)
        QCOMPARE(client->nextRead(), u"reset"_s);
    QCOMPARE(lab.counters().closedFor(LabCloseReason::Reset), 3u);
    QCOMPARE(lab.counters().open, 0);
    QVERIFY(lab.isListening());
}

void tst_LabServer::blackhole()
{
    LabSettings settings = settingsFor(ProtocolKind::Http);
    settings.blackhole = true;
    LabThread lab;
    QCOMPARE(lab.start(settings), QStringList());
    const auto socket = connectTo(lab);
    socket->write(protocolOf(ProtocolKind::Http).request());
    QTRY_VERIFY_WITH_TIMEOUT(lab.counters().bytesIn > 0, Timeout);

    settings.blackhole = false;
    QCOMPARE(lab.setSettings(settings), QStringList());
    // Another connection, asked later, gets its answer after any the swallowed request would
    // have got: none came, and the connection is still there.
    const auto other = connectTo(lab);
    QCOMPARE(exchange(*other, protocolOf(ProtocolKind::Http)).status, Status::Complete);
    QCOMPARE(pendingOn(*socket), u"nothing"_s);
    QCOMPARE(exchange(*socket, protocolOf(ProtocolKind::Http)).status, Status::Complete);
    QCOMPARE(lab.counters().requests, 2u);
}

void tst_LabServer::errorRate_data()
{
    QTest::addColumn<ProtocolKind>("kind");
    QTest::addColumn<bool>("hasErrorReplies");
    QTest::newRow("http") << ProtocolKind::Http << true;
    QTest::newRow("redis") << ProtocolKind::Redis << true;
    QTest::newRow("memcached") << ProtocolKind::Memcached << true;
    QTest::newRow("echo") << ProtocolKind::Echo << false;
}

void tst_LabServer::errorRate()
{
    QFETCH(ProtocolKind, kind);
    QFETCH(bool, hasErrorReplies);
    LabSettings settings = settingsFor(kind);
    settings.errorRate = 1;
    LabThread lab;
    QCOMPARE(lab.start(settings), QStringList());
    constexpr int Requests = 40;
    int errorReplies = 0;
    int cut = 0;
    std::unique_ptr<QTcpSocket> socket;
    for (int i = 0; i < Requests; ++i) {
        if (!socket || socket->state() != QAbstractSocket::ConnectedState)
            socket = connectTo(lab);
        const Exchange result = exchange(*socket, protocolOf(kind));
        if (result.status == Status::Complete) {
            QVERIFY(result.errorReply);
            ++errorReplies;
        } else {
            QCOMPARE(result.status, Status::Error);
            QVERIFY2(result.error.contains(u"connection closed"_s), qPrintable(result.error));
            ++cut;
            socket.reset();
        }
    }
    QCOMPARE(errorReplies + cut, Requests);
    QVERIFY(cut > 0);
    QCOMPARE(errorReplies > 0, hasErrorReplies);
    QTRY_COMPARE_WITH_TIMEOUT(lab.counters().closedFor(LabCloseReason::ErrorInjection),
                              quint64(cut), Timeout);
    QCOMPARE(lab.counters().errorReplies, quint64(errorReplies));

    settings.errorRate = 0;
    QCOMPARE(lab.setSettings(settings), QStringList());
    socket = connectTo(lab);
    const Exchange clean = exchange(*socket, protocolOf(kind));
    QCOMPARE(clean.status, Status::Complete);
    QVERIFY(!clean.errorReply);
}

void tst_LabServer::liveSettings()
{
    LabSettings settings = settingsFor(ProtocolKind::Line);
    LabThread lab;
    QCOMPARE(lab.start(settings), QStringList());
    const auto socket = connectTo(lab);
    QCOMPARE(exchange(*socket, protocolOf(ProtocolKind::Line)).status, Status::Complete);
    settings.latencyMs = 300;
    settings.protocol = ProtocolKind::Redis; // for new connections only
    QCOMPARE(lab.setSettings(settings), QStringList());
    QCOMPARE(lab.settings(), settings);
    const Exchange slow = exchange(*socket, protocolOf(ProtocolKind::Line));
    QCOMPARE(slow.status, Status::Complete);
    QVERIFY(slow.elapsedMs >= 300);
    const auto redis = connectTo(lab);
    QCOMPARE(exchange(*redis, protocolOf(ProtocolKind::Redis)).status, Status::Complete);

    // Invalid settings change nothing.
    LabSettings bad = settings;
    bad.jitterMs = -5;
    QCOMPARE(lab.setSettings(bad),
             QStringList(u"jitter: -5 is out of range; accepted: 0 to 600000 (ms)"_s));
    QCOMPARE(lab.settings(), settings);

    // A new port re-listens there.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const quint16 freePort = probe.serverPort();
    probe.close();
    settings.port = freePort;
    QCOMPARE(lab.setSettings(settings), QStringList());
    QCOMPARE(lab.port(), freePort);
    const auto moved = connectTo(lab);
    QCOMPARE(exchange(*moved, protocolOf(ProtocolKind::Redis)).status, Status::Complete);
    // The old connection stays.
    QCOMPARE(exchange(*socket, protocolOf(ProtocolKind::Line)).status, Status::Complete);
}

void tst_LabServer::garbage_data()
{
    QTest::addColumn<ProtocolKind>("kind");
    for (const QString &name : enumNameList<ProtocolKind>())
        QTest::newRow(qPrintable(name)) << *enumFromName<ProtocolKind>(name);
}

void tst_LabServer::garbage()
{
    QFETCH(ProtocolKind, kind);
    LabThread lab;
    QCOMPARE(lab.start(settingsFor(kind)), QStringList());
    // Random bytes, then a flood without a single line break: the lab answers, refuses or
    // closes, and stays well.
    QByteArray noise(256 * 1024, Qt::Uninitialized);
    for (qsizetype i = 0; i < noise.size(); ++i)
        noise[i] = char(QRandomGenerator::global()->bounded(256));
    for (const QByteArray &input : {noise, QByteArray(2 * 1024 * 1024, 'a')}) {
        const auto socket = connectTo(lab);
        const quint64 bytesIn = lab.counters().bytesIn;
        socket->write(input);
        // Read whatever comes until the lab closes the connection or has read all of it.
        const auto done = [&] {
            socket->readAll();
            return socket->state() != QAbstractSocket::ConnectedState
                || lab.counters().bytesIn >= bytesIn + quint64(input.size());
        };
        QTRY_VERIFY_WITH_TIMEOUT(done(), Timeout);
        socket->abort();
        QTRY_COMPARE_WITH_TIMEOUT(lab.counters().open, 0, Timeout);
    }
    const auto fresh = connectTo(lab);
    QCOMPARE(exchange(*fresh, protocolOf(kind)).status, Status::Complete);
    if (kind != ProtocolKind::Echo)
        QVERIFY(lab.counters().closedFor(LabCloseReason::ProtocolError) >= 1);
    QVERIFY(invariantHolds(lab.counters()));
}

void tst_LabServer::startErrors()
{
    LabThread lab;
    LabSettings settings;
    settings.latencyMs = -1;
    QCOMPARE(lab.start(settings),
             QStringList(u"latency: -1 is out of range; accepted: 0 to 600000 (ms)"_s));
    QVERIFY(!lab.isRunning());

    LabThread first;
    QCOMPARE(first.start(LabSettings()), QStringList());
    settings = LabSettings();
    settings.port = first.port();
    const QStringList errors = lab.start(settings);
    QCOMPARE(errors.size(), 1);
    QVERIFY2(errors.first().startsWith(u"cannot listen on 127.0.0.1:%1: "_s.arg(first.port())),
             qPrintable(errors.first()));
    QVERIFY(!lab.isRunning());
    QCOMPARE(lab.counters(), LabCounters());
}

void tst_LabServer::thousandConnections()
{
    constexpr int Count = 1'000;
    LabThread lab;
    QCOMPARE(lab.start(settingsFor(ProtocolKind::Redis)), QStringList());
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    int answered = 0;
    const QByteArray request = protocolOf(ProtocolKind::Redis).request();
    for (int i = 0; i < Count; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        QTcpSocket *raw = socket.get();
        connect(raw, &QTcpSocket::connected, raw, [raw, &request] { raw->write(request); });
        connect(raw, &QTcpSocket::readyRead, raw, [raw, &answered] {
            if (raw->bytesAvailable() >= 7 && raw->readAll() == "+PONG\r\n")
                ++answered;
        });
        socket->connectToHost(lab.address(), lab.port());
        sockets.push_back(std::move(socket));
    }
    QTRY_COMPARE_WITH_TIMEOUT(answered, Count, 60'000);
    QCOMPARE(lab.counters().open, Count);
    QCOMPARE(lab.counters().requests, quint64(Count));
    sockets.clear();
    QTRY_COMPARE_WITH_TIMEOUT(lab.counters().open, 0, 60'000);
    QCOMPARE(lab.counters().closedFor(LabCloseReason::ClientClosed), quint64(Count));
}

QTEST_GUILESS_MAIN(tst_LabServer)
#include "tst_labserver.moc"

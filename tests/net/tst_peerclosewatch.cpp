#include "peerclosewatch.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <poll.h>
#include <sys/socket.h>

using namespace Qt::StringLiterals;

// Qt reports a FIN and an RST alike; the watch tells them apart.
class tst_PeerCloseWatch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void fin();
    void reset();
    void onlyWhileWatching();
    void peekBeforeTheEventLoop();

private:
    // The client connected and the watch attached to it; m_server's end is m_peer.
    void connectPair(std::function<bool()> watching = {});
    void resetPeer();

    QTcpServer m_server;
    std::unique_ptr<QTcpSocket> m_client;
    QTcpSocket *m_peer = nullptr;
    std::unique_ptr<PeerCloseWatch> m_watch;
};

namespace {

constexpr int Timeout = 15'000;

} // namespace

void tst_PeerCloseWatch::init()
{
    QVERIFY(m_server.listen(QHostAddress::LocalHost));
}

void tst_PeerCloseWatch::cleanup()
{
    m_watch.reset();
    m_client.reset();
    delete m_peer;
    m_peer = nullptr;
    m_server.close();
}

void tst_PeerCloseWatch::connectPair(std::function<bool()> watching)
{
    m_client = std::make_unique<QTcpSocket>();
    m_client->connectToHost(QHostAddress::LocalHost, m_server.serverPort());
    QVERIFY(m_client->waitForConnected(Timeout));
    QVERIFY(m_server.waitForNewConnection(Timeout));
    m_peer = m_server.nextPendingConnection();
    QVERIFY(m_peer);
    m_watch = std::make_unique<PeerCloseWatch>();
    m_watch->attach(m_client.get(), std::move(watching));
}

void tst_PeerCloseWatch::resetPeer()
{
    // SO_LINGER with a zero timeout: close() sends an RST.
    const linger option{1, 0};
    QCOMPARE(::setsockopt(int(m_peer->socketDescriptor()), SOL_SOCKET, SO_LINGER, &option,
                          sizeof option),
             0);
    m_peer->abort();
}

void tst_PeerCloseWatch::fin()
{
    connectPair();
    QSignalSpy disconnected(m_client.get(), &QTcpSocket::disconnected);
    m_peer->disconnectFromHost();
    QVERIFY(disconnected.wait(Timeout));
    QCOMPARE(m_watch->hint(), PeerClose::Fin);
}

void tst_PeerCloseWatch::reset()
{
    connectPair();
    QSignalSpy disconnected(m_client.get(), &QTcpSocket::disconnected);
    resetPeer();
    QVERIFY(disconnected.wait(Timeout));
    QCOMPARE(m_watch->hint(), PeerClose::Reset);
}

void tst_PeerCloseWatch::onlyWhileWatching()
{
    connectPair([] { return false; });
    QSignalSpy disconnected(m_client.get(), &QTcpSocket::disconnected);
    m_peer->disconnectFromHost();
    QVERIFY(disconnected.wait(Timeout));
    QCOMPARE(m_watch->hint(), std::nullopt);
}

void tst_PeerCloseWatch::peekBeforeTheEventLoop()
{
    connectPair([] { return false; });
    QCOMPARE(m_watch->peek(), std::nullopt); // open, nothing to read
    resetPeer();
    // The RST has arrived once the descriptor is readable; Qt has not looked yet.
    pollfd readable{int(m_client->socketDescriptor()), POLLIN, 0};
    QCOMPARE(::poll(&readable, 1, Timeout), 1);
    QCOMPARE(m_watch->peek(), PeerClose::Reset);
    QCOMPARE(m_watch->hint(), PeerClose::Reset);
    m_watch->clearHint();
    QCOMPARE(m_watch->hint(), std::nullopt);
}

QTEST_GUILESS_MAIN(tst_PeerCloseWatch)
#include "tst_peerclosewatch.moc"

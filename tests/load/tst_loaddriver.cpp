#include "connectionpool.h"
#include "labthread.h"
#include "loaddriver.h"
#include "testserver.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace {

constexpr int Patience = 20'000;

PoolSettings poolFor(quint16 port)
{
    PoolSettings s;
    s.host = u"127.0.0.1"_s;
    s.port = port;
    s.dnsRefreshMs = 0;
    s.backoffInitialMs = 10;
    s.backoffMaxMs = 50;
    return s;
}

LoadSettings load(ProtocolKind kind, int concurrency, qint64 requests)
{
    LoadSettings s;
    s.protocol.kind = kind;
    s.concurrency = concurrency;
    s.requests = requests;
    return s;
}

// An echo server that answers each connection's first request and closes the connection,
// without a word, when the second arrives: what a client sees when a server closed an idle
// connection just as the client reused it.
class SecondRequestCloser : public QObject
{
public:
    SecondRequestCloser()
    {
        m_server.listen(QHostAddress::LocalHost);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                auto requests = std::make_shared<int>(0);
                connect(socket, &QTcpSocket::readyRead, socket, [socket, requests] {
                    const QByteArray data = socket->readAll();
                    if (++*requests == 1)
                        socket->write(data);
                    else
                        socket->disconnectFromHost();
                });
            }
        });
    }
    quint16 port() const { return m_server.serverPort(); }

private:
    QTcpServer m_server;
};

// An HTTP/1.1 server whose responses have no length: each body ends when the server closes the
// connection (RFC 9112, section 6.3), as many simple servers and CGI gateways answer.
class CloseDelimitedHttpServer : public QObject
{
public:
    static inline const QByteArray Body = QByteArray("hello, world\n").repeated(100);

    CloseDelimitedHttpServer()
    {
        m_server.listen(QHostAddress::LocalHost);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                auto request = std::make_shared<QByteArray>();
                connect(socket, &QTcpSocket::readyRead, socket, [socket, request] {
                    *request += socket->readAll();
                    if (!request->contains("\r\n\r\n"))
                        return;
                    socket->write("HTTP/1.1 200 OK\r\nConnection: close\r\n"
                                  "Content-Type: text/plain\r\n\r\n"
                                  + Body);
                    socket->disconnectFromHost(); // a FIN once the body is out
                });
            }
        });
    }
    quint16 port() const { return m_server.serverPort(); }

private:
    QTcpServer m_server;
};

} // namespace

class tst_LoadDriver : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void pooledRunReusesConnections();
    void unpooledRunDialsPerRequest();
    void closeDelimitedBodyIsAWholeResponse();
    void rateCapSpacesRequests();
    void durationEndsTheRun();
    void staleConnectionIsRetriedOnce_data();
    void staleConnectionIsRetriedOnce();
    void progressCountsTimeoutsByKind();
    void unreachableTargetFailsEveryRequestWithItsCause_data();
    void unreachableTargetFailsEveryRequestWithItsCause();
    void protocolErrorFailsAtOnce_data();
    void protocolErrorFailsAtOnce();
    void stopWaitsForRequestsInFlight();
    void requestTimeoutClosesItsConnectionAsSuch();
    void leasesSayWhichRequestHoldsThem();
    void aConnectionHandedToAWaiterSaysWhose();
    void anotherProtocolIsRecognised_data();
    void anotherProtocolIsRecognised();
    void reportJsonHasTheDocumentedShape();
    void invalidSettingsAreRejected();

private:
    LabThread m_lab;
};

void tst_LoadDriver::initTestCase()
{
    raiseFileLimit();
    LabSettings lab;
    lab.protocol = ProtocolKind::Http;
    QCOMPARE(m_lab.start(lab), QStringList());
}

void tst_LoadDriver::pooledRunReusesConnections()
{
    ConnectionPool pool(poolFor(m_lab.port()));
    LoadDriver driver(&pool);
    QSignalSpy finished(&driver, &LoadDriver::finished);
    QSignalSpy progressed(&driver, &LoadDriver::progressed);
    QCOMPARE(driver.setSettings(load(ProtocolKind::Http, 4, 500)), QStringList());
    driver.start();
    QVERIFY(driver.isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, Patience);
    const LoadReport report = driver.report();
    QCOMPARE(report.ok, 500u);
    QCOMPARE(report.failed, 0u);
    QVERIFY2(report.pool.dials <= 4, qPrintable(QString::number(report.pool.dials)));
    QCOMPARE(report.pool.reuses, 500 - report.pool.dials);
    QCOMPARE(report.latency.count(), 500u);
    QVERIFY(report.throughput() > 0);
    QVERIFY(!progressed.isEmpty());
    QCOMPARE(progressed.last().at(0).value<LoadProgress>().completed, 500u);
    QCOMPARE(progressed.last().at(0).value<LoadProgress>().running, false);
}

void tst_LoadDriver::closeDelimitedBodyIsAWholeResponse()
{
    CloseDelimitedHttpServer server;
    ConnectionPool pool(poolFor(server.port()));
    LoadDriver driver(&pool);
    QSignalSpy finished(&driver, &LoadDriver::finished);
    QCOMPARE(driver.setSettings(load(ProtocolKind::Http, 2, 20)), QStringList());
    driver.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, Patience);
    const LoadReport report = driver.report();
    QCOMPARE(report.failed, 0u);
    QCOMPARE(report.ok, 20u);
    // Each connection served its one response and was not kept.
    QCOMPARE(report.pool.evictionCount(EvictionReason::NotReusable), 20u);
    QCOMPARE(report.pool.evictionCount(EvictionReason::PeerClosed), 0u);
}

void tst_LoadDriver::unpooledRunDialsPerRequest()
{
    PoolSettings settings = poolFor(m_lab.port());
    settings.maxConnections = 4;
    ConnectionPool pool(settings);
    LoadDriver driver(&pool);
    QSignalSpy finished(&driver, &LoadDriver::finished);
    LoadSettings s = load(ProtocolKind::Http, 4, 100);
    s.pooled = false;
    QCOMPARE(driver.setSettings(s), QStringList());
    driver.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, Patience);
    const LoadReport report = driver.report();
    QCOMPARE(report.ok, 100u);
    QCOMPARE(report.pool.dials, 100u);
    QCOMPARE(report.pool.handshakesSaved(), 0u);
    QCOMPARE(report.pool.evictionCount(EvictionReason::SingleUse), 100u);
    QCOMPARE(report.toJson().value(u"mode"_s).toString(), u"unpooled"_s);
}

void tst_LoadDriver::rateCapSpacesRequests()
{
    ConnectionPool pool(poolFor(m_lab.port()));
    LoadDriver driver(&pool);
    QSignalSpy finished(&driver, &LoadDriver::finished);
    LoadSettings s = load(ProtocolKind::Http, 8, 50);
    s.ratePerSecond = 200;
    QCOMPARE(driver.setSettings(s), QStringList());
    std::vector<qint64> starts;
    connect(&driver, &LoadDriver::requestCompleted, this,
            [&](const RequestRecord &r) { starts.push_back(r.startNs); });
    driver.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, Patience);
    QCOMPARE(starts.size(), size_t(50));
    std::sort(starts.begin(), starts.end());
    // 50 starts at 200 per second are spread over at least 49 intervals of 5 ms.
    QVERIFY2(starts.back() - starts.front() >= 49 * 5'000'000 - 1'000'000,
             qPrintable(QString::number((starts.back() - starts.front()) / 1'000'000)));
}

void tst_LoadDriver::durationEndsTheRun()
{
    ConnectionPool pool(poolFor(m_lab.port()));
    LoadDriver driver(&pool);
    QSignalSpy finished(&driver, &LoadDriver::finished);
    LoadSettings s = load(ProtocolKind::Http, 2, 0);
    s.durationS = 0.3;
    s.ratePerSecond = 100;
    QCOMPARE(driver.setSettings(s), QStringList());
    driver.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, Patience);
    const LoadReport report = driver.report();
    QVERIFY(report.durationS >= 0.3);
    QVERIFY(report.ok >= 20 && report.ok <= 40);
}

void tst_LoadDriver::staleConnectionIsRetriedOnce_data()
{
    QTest::addColumn<bool>("retry");
    QTest::newRow("retry on") << true;
    QTest::newRow("retry off") << false;
}

void tst_LoadDriver::staleConnectionIsRetriedOnce()
{
    QFETCH(bool, retry);
    SecondRequestCloser server;
    PoolSettings settings = poolFor(server.port());
    settings.checkBeforeReuse = false;
    ConnectionPool pool(settings);
    LoadDriver driver(&pool);
    QSignalSpy finished(&driver, &LoadDriver::finished);
    QSignalSpy progressed(&driver, &LoadDriver::progressed);
    LoadSettings s = load(ProtocolKind::Echo, 1, 10);
    s.staleRetry = retry;
    QCOMPARE(driver.setSettings(s), QStringList());
    driver.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, Patience);
    const LoadReport report = driver.report();
    if (retry) {
        // Every reuse fails before a byte comes back and succeeds on a new connection.
        QCOMPARE(report.ok, 10u);
        QCOMPARE(report.failed, 0u);
        QCOMPARE(report.staleRetries, 9u);
        QCOMPARE(report.pool.dials, 10u);
        quint64 intervalRetries = 0;
        for (const QList<QVariant> &signal : progressed)
            intervalRetries += signal.at(0).value<LoadProgress>().intervalStaleRetries;
        QCOMPARE(intervalRetries, 9u);
    } else {
        QVERIFY(report.failed > 0);
        QCOMPARE(report.staleRetries, 0u);
        QCOMPARE(report.errors[size_t(RequestError::ClosedBeforeResponse)], report.failed);
        QCOMPARE(report.ok + report.failed, 10u);
    }
}

// One connection to a server that never answers: the request holding it times out, the ones
// waiting for it give up first. Each progress report says how many of each its interval saw.
void tst_LoadDriver::progressCountsTimeoutsByKind()
{
    TestServer silent;
    silent.setEcho(false);
    QVERIFY(silent.listen());
    PoolSettings settings = poolFor(silent.port());
    settings.maxConnections = 1;
    settings.minIdle = 0;
    settings.acquireTimeoutMs = 50;
    ConnectionPool pool(settings);
    LoadDriver driver(&pool);
    QSignalSpy finished(&driver, &LoadDriver::finished);
    QSignalSpy progressed(&driver, &LoadDriver::progressed);
    LoadSettings s = load(ProtocolKind::Echo, 3, 6);
    s.requestTimeoutMs = 300;
    QCOMPARE(driver.setSettings(s), QStringList());
    driver.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, Patience);
    const LoadReport report = driver.report();
    quint64 failed = 0;
    quint64 acquireTimeouts = 0;
    quint64 requestTimeouts = 0;
    for (const QList<QVariant> &signal : progressed) {
        const auto progress = signal.at(0).value<LoadProgress>();
        failed += progress.intervalFailed;
        acquireTimeouts += progress.intervalAcquireTimeouts;
        requestTimeouts += progress.intervalRequestTimeouts;
    }
    QCOMPARE(report.failed, 6u);
    QCOMPARE(failed, 6u);
    QVERIFY(requestTimeouts > 0);
    QVERIFY(acquireTimeouts > 0);
    QCOMPARE(requestTimeouts, report.errors[size_t(RequestError::RequestTimeout)]);
    QCOMPARE(acquireTimeouts, report.errors[size_t(RequestError::AcquireTimeout)]);
    QCOMPARE(acquireTimeouts + requestTimeouts, 6u);
}

void tst_LoadDriver::unreachableTargetFailsEveryRequestWithItsCause_data()
{
    QTest::addColumn<bool>("giveUp");
    QTest::newRow("the window's workload: each request tries") << false;
    QTest::newRow("poolscope run: the rest fail at once") << true;
}

void tst_LoadDriver::unreachableTargetFailsEveryRequestWithItsCause()
{
    QFETCH(bool, giveUp);
    quint16 port;
    {
        TestServer closed;
        QVERIFY(closed.listen());
        port = closed.port();
    }
    ConnectionPool pool(poolFor(port));
    LoadDriver driver(&pool);
    QSignalSpy finished(&driver, &LoadDriver::finished);
    LoadSettings settings = load(ProtocolKind::Http, 2, 6);
    settings.giveUpUnreachable = giveUp;
    QCOMPARE(driver.setSettings(settings), QStringList());
    driver.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, Patience);
    const LoadReport report = driver.report();
    QCOMPARE(report.ok, 0u);
    QCOMPARE(report.failed, 6u);
    QCOMPARE(report.errors[size_t(RequestError::Refused)], 6u);
    QCOMPARE(report.toJson()[u"requests"_s][u"errors"_s][u"refused"_s].toInt(), 6);
    if (giveUp) {
        QVERIFY(report.notSent >= 1);
        QVERIFY(report.gaveUp.contains(u"refused"_s, Qt::CaseInsensitive));
        QVERIFY(report.pool.dials < 6);
        QCOMPARE(report.failedLatency.count(), 6 - report.notSent); // only those tried
    } else {
        QCOMPARE(report.notSent, 0u);
        QVERIFY(report.gaveUp.isEmpty());
        QCOMPARE(report.failedLatency.count(), 6u);
    }
}

void tst_LoadDriver::protocolErrorFailsAtOnce_data()
{
    QTest::addColumn<ProtocolKind>("kind");
    QTest::addColumn<QByteArray>("reply");
    QTest::addColumn<QString>("message");
    // Servers that answer wrongly and then keep the connection open, saying nothing more.
    QTest::newRow("http transfer coding not asked for")
        << ProtocolKind::Http
        << "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n5\r\nhello\r\n"_ba
        << u"applies the transfer coding \"gzip\", which PoolScope did not ask for"_s;
    QTest::newRow("http NUL in a header")
        << ProtocolKind::Http << "HTTP/1.1 200 OK\r\nX-Id: a\0b\r\nContent-Length: 0\r\n\r\n"_ba
        << u"the header \"X-Id\" has the byte \"\\x00\""_s;
    QTest::newRow("memcached garbage without a newline")
        << ProtocolKind::Memcached << "hello there"_ba
        << u"not a memcached reply: it starts with \"hello there\""_s;
    QTest::newRow("redis integer overflow") << ProtocolKind::Redis << ":99999999999999999999\r\n"_ba
                                            << u"does not fit a signed 64-bit integer"_s;
}

void tst_LoadDriver::protocolErrorFailsAtOnce()
{
    QFETCH(ProtocolKind, kind);
    QFETCH(QByteArray, reply);
    QFETCH(QString, message);
    TestServer server;
    server.setReply(reply);
    QVERIFY(server.listen());
    ConnectionPool pool(poolFor(server.port()));
    LoadDriver driver(&pool);
    QSignalSpy finished(&driver, &LoadDriver::finished);
    std::vector<RequestRecord> records;
    connect(&driver, &LoadDriver::requestCompleted, this,
            [&](const RequestRecord &r) { records.push_back(r); });
    LoadSettings s = load(kind, 1, 3);
    // Far beyond the wait below: a response left waiting for more could only end in a timeout
    // the test never sees.
    s.requestTimeoutMs = 3'600'000;
    QCOMPARE(driver.setSettings(s), QStringList());
    driver.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, Patience);
    const LoadReport report = driver.report();
    QCOMPARE(report.failed, 3u);
    QCOMPARE(report.errors[size_t(RequestError::ProtocolError)], 3u);
    QCOMPARE(records.size(), size_t(3));
    for (const RequestRecord &record : records) {
        QCOMPARE(record.error, RequestError::ProtocolError);
        QVERIFY2(record.message.contains(message), qPrintable(record.message));
    }
    // The stream is out of step: no connection is reused after a protocol error.
    QCOMPARE(report.pool.evictionCount(EvictionReason::Broken), 3u);
}

void tst_LoadDriver::stopWaitsForRequestsInFlight()
{
    LabThread slowLab;
    LabSettings lab;
    lab.latencyMs = 100;
    QCOMPARE(slowLab.start(lab), QStringList());
    ConnectionPool pool(poolFor(slowLab.port()));
    LoadDriver driver(&pool);
    QSignalSpy finished(&driver, &LoadDriver::finished);
    QSignalSpy completed(&driver, &LoadDriver::requestCompleted);
    QCOMPARE(driver.setSettings(load(ProtocolKind::Http, 3, 0)), QStringList());
    driver.start();
    QTRY_COMPARE_WITH_TIMEOUT(pool.stats().inUse, 3, Patience);
    driver.stop();
    QCOMPARE(finished.size(), 0); // three requests are on their connections
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, Patience);
    QCOMPARE(completed.size(), 3);
    QCOMPARE(driver.report().ok, 3u);
}

void tst_LoadDriver::requestTimeoutClosesItsConnectionAsSuch()
{
    // The lab's blackhole accepts and reads and never answers: a hung server.
    LabThread hung;
    LabSettings lab;
    lab.blackhole = true;
    QCOMPARE(hung.start(lab), QStringList());
    ConnectionPool pool(poolFor(hung.port()));
    LoadDriver driver(&pool);
    QSignalSpy finished(&driver, &LoadDriver::finished);
    QSignalSpy progressed(&driver, &LoadDriver::progressed);
    std::vector<RequestRecord> records;
    connect(&driver, &LoadDriver::requestCompleted, this,
            [&](const RequestRecord &r) { records.push_back(r); });
    LoadSettings s = load(ProtocolKind::Http, 2, 4);
    s.requestTimeoutMs = 300;
    QCOMPARE(driver.setSettings(s), QStringList());
    driver.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, Patience);
    QCOMPARE(records.size(), size_t(4));
    for (const RequestRecord &record : records) {
        QCOMPARE(record.error, RequestError::RequestTimeout);
        QVERIFY2(record.message.contains(u"no complete response within 300 ms"_s),
                 qPrintable(record.message));
        QVERIFY(record.requestNs >= 300'000'000);
    }
    // Each connection closes as what it was: a request timeout, not "broken".
    const LoadReport report = driver.report();
    QCOMPARE(report.errors[size_t(RequestError::RequestTimeout)], 4u);
    QCOMPARE(report.pool.evictionCount(EvictionReason::RequestTimeout), 4u);
    QCOMPARE(report.pool.evictionCount(EvictionReason::Broken), 0u);
    int closedAsTimeouts = 0;
    for (const ConnectionInfo &c : pool.snapshot().connections) {
        if (c.state == ConnectionState::Closed && c.closeReason == EvictionReason::RequestTimeout
            && c.closeMessage.contains(u"300 ms"_s))
            ++closedAsTimeouts;
    }
    QCOMPARE(closedAsTimeouts, 4);
    // And the progress the window reads says so.
    const auto last = progressed.last().at(0).value<LoadProgress>();
    QCOMPARE(last.errors[size_t(RequestError::RequestTimeout)], 4u);
    QCOMPARE(last.lastError, RequestError::RequestTimeout);
    QVERIFY(last.lastErrorMessage.contains(u"300 ms"_s));
}

void tst_LoadDriver::leasesSayWhichRequestHoldsThem()
{
    LabThread slowLab;
    LabSettings lab;
    lab.latencyMs = 400;
    QCOMPARE(slowLab.start(lab), QStringList());
    ConnectionPool pool(poolFor(slowLab.port()));
    LoadDriver driver(&pool);
    QSignalSpy finished(&driver, &LoadDriver::finished);
    LoadSettings s = load(ProtocolKind::Http, 2, 4);
    s.protocol.httpPath = u"/orders"_s;
    QCOMPARE(driver.setSettings(s), QStringList());
    driver.start();
    const auto holders = [&] {
        QList<quint64> ids;
        for (const ConnectionInfo &c : pool.snapshot().connections) {
            if (c.state == ConnectionState::InUse && c.purpose == u"GET /orders"_s)
                ids << c.requestId;
        }
        std::sort(ids.begin(), ids.end());
        return ids;
    };
    QTRY_COMPARE_WITH_TIMEOUT(holders(), QList<quint64>({1, 2}), Patience);
    QTRY_COMPARE_WITH_TIMEOUT(holders(), QList<quint64>({3, 4}), Patience);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, Patience);
    // A connection back in the pool is nobody's.
    for (const ConnectionInfo &c : pool.snapshot().connections) {
        QCOMPARE(c.purpose, QString());
        QCOMPARE(c.requestId, 0u);
    }
}

void tst_LoadDriver::aConnectionHandedToAWaiterSaysWhose()
{
    // One connection, three requests at a time: each release hands it to a waiter, whose
    // callback runs later, from the event loop. Snapshots in between see it labelled already.
    PoolSettings settings = poolFor(m_lab.port());
    settings.maxConnections = 1;
    ConnectionPool pool(settings);
    LoadDriver driver(&pool);
    QSignalSpy finished(&driver, &LoadDriver::finished);
    QCOMPARE(driver.setSettings(load(ProtocolKind::Http, 3, 60)), QStringList());
    int seenInUse = 0;
    QStringList unlabelled;
    QTimer sampler;
    connect(&sampler, &QTimer::timeout, this, [&] {
        for (const ConnectionInfo &c : pool.snapshot().connections) {
            if (c.state != ConnectionState::InUse)
                continue;
            ++seenInUse;
            if (c.purpose != u"GET /"_s || c.requestId == 0)
                unlabelled << u"%1 #%2"_s.arg(c.purpose).arg(c.requestId);
        }
    });
    sampler.start(0);
    driver.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, Patience);
    sampler.stop();
    QVERIFY(seenInUse > 0);
    QVERIFY2(unlabelled.isEmpty(), qPrintable(unlabelled.join(u", "_s)));
    QVERIFY(driver.report().pool.waits > 0);
}

void tst_LoadDriver::anotherProtocolIsRecognised_data()
{
    QTest::addColumn<ProtocolKind>("client");
    QTest::addColumn<ProtocolKind>("server");
    QTest::addColumn<AnswerKind>("answer");
    QTest::newRow("redis to http") << ProtocolKind::Redis << ProtocolKind::Http << AnswerKind::Http;
    QTest::newRow("memcached to http")
        << ProtocolKind::Memcached << ProtocolKind::Http << AnswerKind::Http;
    QTest::newRow("http to redis")
        << ProtocolKind::Http << ProtocolKind::Redis << AnswerKind::Redis;
    QTest::newRow("http to memcached")
        << ProtocolKind::Http << ProtocolKind::Memcached << AnswerKind::Memcached;
}

void tst_LoadDriver::anotherProtocolIsRecognised()
{
    QFETCH(ProtocolKind, client);
    QFETCH(ProtocolKind, server);
    QFETCH(AnswerKind, answer);
    LabThread other;
    LabSettings lab;
    lab.protocol = server;
    QCOMPARE(other.start(lab), QStringList());
    ConnectionPool pool(poolFor(other.port()));
    LoadDriver driver(&pool);
    QSignalSpy finished(&driver, &LoadDriver::finished);
    std::vector<RequestRecord> records;
    connect(&driver, &LoadDriver::requestCompleted, this,
            [&](const RequestRecord &r) { records.push_back(r); });
    QCOMPARE(driver.setSettings(load(client, 1, 3)), QStringList());
    driver.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, Patience);
    QCOMPARE(records.size(), size_t(3));
    for (const RequestRecord &record : records) {
        QCOMPARE(record.error, RequestError::ProtocolError);
        QCOMPARE(record.answer, answer);
    }
}

void tst_LoadDriver::reportJsonHasTheDocumentedShape()
{
    ConnectionPool pool(poolFor(m_lab.port()));
    LoadDriver driver(&pool);
    QSignalSpy finished(&driver, &LoadDriver::finished);
    QCOMPARE(driver.setSettings(load(ProtocolKind::Http, 2, 20)), QStringList());
    driver.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, Patience);
    const QJsonObject json = driver.report().toJson();
    for (const QString &key :
         {u"target"_s, u"protocol"_s, u"mode"_s, u"settings"_s, u"duration_s"_s,
          u"throughput_rps"_s, u"requests"_s, u"connections"_s, u"handshakes_saved"_s,
          u"latency_ms"_s, u"acquire_wait_ms"_s, u"dial_ms"_s})
        QVERIFY2(json.contains(key), qPrintable(key));
    for (const QString &key : {u"ok"_s, u"failed"_s, u"stale_retries"_s, u"errors"_s})
        QVERIFY2(json[u"requests"_s].toObject().contains(key), qPrintable(key));
    for (const QString &key :
         {u"dialed"_s, u"dial_failed"_s, u"reused"_s, u"peak_open"_s, u"evicted"_s})
        QVERIFY2(json[u"connections"_s].toObject().contains(key), qPrintable(key));
    for (const QString &key : {u"mean"_s, u"p50"_s, u"p90"_s, u"p99"_s, u"max"_s})
        QVERIFY2(json[u"latency_ms"_s].toObject().contains(key), qPrintable(key));
    QCOMPARE(json[u"target"_s].toString(), u"127.0.0.1:%1"_s.arg(m_lab.port()));
    QCOMPARE(json[u"settings"_s][u"max_connections"_s].toInt(), 10);
    QCOMPARE(json[u"settings"_s][u"concurrency"_s].toInt(), 2);

    const LoadReport report = driver.report();
    const QJsonObject compared = LoadReport::compareJson(report, report);
    QCOMPARE(compared[u"ratios"_s][u"throughput"_s].toDouble(), 1.0);
    QVERIFY(LoadReport::compareText(report, report).contains(u"pooled gain"_s));
}

void tst_LoadDriver::invalidSettingsAreRejected()
{
    ConnectionPool pool(poolFor(m_lab.port()));
    LoadDriver driver(&pool);
    LoadSettings s = load(ProtocolKind::Http, 0, 10);
    s.ratePerSecond = -1;
    const QStringList errors = driver.setSettings(s);
    QCOMPARE(errors.size(), 2);
    QVERIFY(errors[0].startsWith(u"concurrency: 0 is out of range; accepted: 1 to 10000"_s));
    QVERIFY(errors[1].startsWith(u"rate: -1 is out of range"_s));
    QCOMPARE(driver.settings().concurrency, 1);
}

QTEST_GUILESS_MAIN(tst_LoadDriver)
#include "tst_loaddriver.moc"

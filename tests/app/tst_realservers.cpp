#include "poolevent.h"
#include "realserver.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

// poolscope run, as a process, against real servers from Debian's packages that this test
// starts on free loopback ports and stops by process id.
class tst_RealServers : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void nginxKeepAlive();
    void nginxClosesIdleConnectionsBeforeThePoolDoes();
    void redisPing();
    void redisRestartedInTheMiddleOfARun();
    void redisAtMaxClientsIsNotRedialedInAStorm();
    void memcachedVersion();

private:
    QTemporaryDir m_dir;
};

namespace {

constexpr int Timeout = 60'000;

struct Result
{
    int exitCode = -1;
    QJsonObject report;
    QByteArray err;
};

Result finish(QProcess &process)
{
    Result result;
    if (!process.waitForFinished(Timeout)) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.exitCode = process.exitCode();
    result.report = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
    result.err = process.readAllStandardError();
    return result;
}

void start(QProcess &process, quint16 port, const QString &protocol, const QStringList &arguments)
{
    process.start(QStringLiteral(POOLSCOPE_BINARY),
                  QStringList{u"run"_s, u"--target"_s, u"127.0.0.1:%1"_s.arg(port), u"--protocol"_s,
                              protocol, u"--report"_s, u"json"_s}
                      + arguments);
}

Result run(quint16 port, const QString &protocol, const QStringList &arguments)
{
    QProcess process;
    start(process, port, protocol, arguments);
    return finish(process);
}

QList<PoolEvent> readEvents(const QString &path)
{
    QList<PoolEvent> events;
    QFile file(path);
    if (file.open(QIODevice::ReadOnly)) {
        while (!file.atEnd()) {
            if (const auto e
                = PoolEvent::fromJson(QJsonDocument::fromJson(file.readLine()).object()))
                events << *e;
        }
    }
    return events;
}

qsizetype countKind(const QList<PoolEvent> &events, EventKind kind)
{
    return std::count_if(events.begin(), events.end(),
                         [kind](const PoolEvent &e) { return e.kind == kind; });
}

} // namespace

void tst_RealServers::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

void tst_RealServers::nginxKeepAlive()
{
    QString error;
    const auto nginx = RealServer::nginx(75, &error);
    QVERIFY2(nginx, qPrintable(error));
    const Result r
        = run(nginx->port(), u"http"_s, {u"--requests"_s, u"400"_s, u"--concurrency"_s, u"4"_s});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.report[u"requests"_s][u"ok"_s].toInt(), 400);
    QVERIFY(r.report[u"connections"_s][u"dialed"_s].toInt() <= 4);
    QCOMPARE(r.report[u"connections"_s][u"reused"_s].toInt(),
             400 - r.report[u"connections"_s][u"dialed"_s].toInt());
}

void tst_RealServers::nginxClosesIdleConnectionsBeforeThePoolDoes()
{
    // nginx closes keep-alive connections idle for 1 s; the pool would keep them 30 s; the
    // traffic pauses 1.7 s between requests. Every pause leaves a connection nginx closed.
    QString error;
    const auto nginx = RealServer::nginx(1, &error);
    QVERIFY2(nginx, qPrintable(error));
    const Result r = run(nginx->port(), u"http"_s,
                         {u"--requests"_s, u"4"_s, u"--concurrency"_s, u"1"_s, u"--rate"_s,
                          u"0.6"_s, u"--idle-timeout"_s, u"30000"_s});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.report[u"requests"_s][u"failed"_s].toInt(), 0);
    // Seen and counted: closed by the peer while idle, or caught stale and retried.
    const int stale = r.report[u"connections"_s][u"evicted"_s][u"peer_closed"_s].toInt()
        + r.report[u"connections"_s][u"evicted"_s][u"stale_check_failed"_s].toInt()
        + r.report[u"requests"_s][u"stale_retries"_s].toInt();
    QVERIFY2(stale >= 3, QJsonDocument(r.report).toJson().constData());
    QVERIFY(r.report[u"connections"_s][u"dialed"_s].toInt() >= 4);
}

void tst_RealServers::redisPing()
{
    QString error;
    const auto redis = RealServer::redis(&error);
    QVERIFY2(redis, qPrintable(error));
    const Result r
        = run(redis->port(), u"redis"_s, {u"--requests"_s, u"500"_s, u"--concurrency"_s, u"8"_s});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.report[u"requests"_s][u"ok"_s].toInt(), 500);
    QVERIFY(r.report[u"connections"_s][u"dialed"_s].toInt() <= 8);
}

void tst_RealServers::redisRestartedInTheMiddleOfARun()
{
    QString error;
    const auto redis = RealServer::redis(&error);
    QVERIFY2(redis, qPrintable(error));
    const QString events = m_dir.filePath(u"redis.jsonl"_s);
    QProcess process;
    start(process, redis->port(), u"redis"_s,
          {u"--duration"_s, u"3"_s, u"--rate"_s, u"100"_s, u"--concurrency"_s, u"2"_s,
           u"--events"_s, events});
    QTRY_VERIFY_WITH_TIMEOUT(countKind(readEvents(events), EventKind::Acquired) > 20, Timeout);
    QVERIFY(redis->stop());
    QTRY_VERIFY_WITH_TIMEOUT(countKind(readEvents(events), EventKind::DialFailed) > 0, Timeout);
    QVERIFY(redis->start());
    const Result r = finish(process);
    QVERIFY2(r.exitCode == 0 || r.exitCode == 1, r.err.constData());

    // The run finished, requests after the restart succeeded, and what failed in the gap says
    // why.
    const QList<PoolEvent> all = readEvents(events);
    qsizetype lastFailure = -1;
    qsizetype lastSuccess = -1;
    for (qsizetype i = 0; i < all.size(); ++i) {
        if (all[i].kind == EventKind::DialFailed)
            lastFailure = i;
        if (all[i].kind == EventKind::DialSucceeded)
            lastSuccess = i;
    }
    QVERIFY(lastSuccess > lastFailure);
    QVERIFY(std::any_of(all.begin() + lastSuccess, all.end(),
                        [](const PoolEvent &e) { return e.kind == EventKind::Acquired; }));
    QVERIFY(r.report[u"requests"_s][u"ok"_s].toInt() > 100);
    QVERIFY(r.report[u"connections"_s][u"evicted"_s][u"peer_closed"_s].toInt() >= 1);
    const QJsonObject errors = r.report[u"requests"_s][u"errors"_s].toObject();
    for (auto it = errors.begin(); it != errors.end(); ++it)
        QVERIFY2(it.key() == u"refused"_s || it.key() == u"closed_mid_request"_s
                     || it.key() == u"closed_before_response"_s || it.key() == u"dial_reset"_s,
                 qPrintable(it.key()));
}

// redis-server at its maxclients accepts, answers "-ERR max number of clients reached" and
// closes. Each dial succeeds; without early closes counting for the back-off, min idle redialed
// it about 6,000 times a second.
void tst_RealServers::redisAtMaxClientsIsNotRedialedInAStorm()
{
    QString error;
    const auto redis = RealServer::redis(&error, {u"--maxclients"_s, u"1"_s});
    QVERIFY2(redis, qPrintable(error));
    // The one client it takes; the start-up check's connection may still hold the slot.
    std::unique_ptr<QTcpSocket> holder;
    const auto holdTheSlot = [&] {
        holder = std::make_unique<QTcpSocket>();
        holder->connectToHost(QHostAddress::LocalHost, redis->port());
        holder->write("PING\r\n");
        return holder->waitForReadyRead(Timeout) && holder->readAll() == "+PONG\r\n";
    };
    QTRY_VERIFY_WITH_TIMEOUT(holdTheSlot(), Timeout);

    const QString events = m_dir.filePath(u"maxclients.jsonl"_s);
    const Result r = run(redis->port(), u"redis"_s,
                         {u"--duration"_s, u"3"_s, u"--min-idle"_s, u"4"_s, u"--max-connections"_s,
                          u"4"_s, u"--concurrency"_s, u"4"_s, u"--events"_s, events});
    QVERIFY2(r.exitCode == 1, r.err.constData());
    const QJsonObject connections = r.report[u"connections"_s].toObject();
    // The README's bound: with the default back-off, 100 ms doubling, at most 4 dials (the
    // pool's size) per step of 100, 200, 400, 800 and 1600 ms in 3 s, and the first 4.
    QVERIFY2(connections[u"dialed"_s].toInt() <= 4 * 6,
             qPrintable(QString::number(connections[u"dialed"_s].toInt())));
    QVERIFY(connections[u"closed_early"_s].toInt() >= 4);
    const QList<PoolEvent> all = readEvents(events);
    QVERIFY(std::any_of(all.begin(), all.end(), [](const PoolEvent &e) {
        return e.kind == EventKind::Evicted && e.message.contains(u"counted as a failed dial"_s);
    }));
}

void tst_RealServers::memcachedVersion()
{
    QString error;
    const auto memcached = RealServer::memcached(&error);
    QVERIFY2(memcached, qPrintable(error));
    const Result r = run(memcached->port(), u"memcached"_s, {u"--requests"_s, u"300"_s});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.report[u"requests"_s][u"ok"_s].toInt(), 300);
}

QTEST_GUILESS_MAIN(tst_RealServers)
#include "tst_realservers.moc"

// poolscope observe against clients PoolScope did not write: redis-benchmark with and without
// keep-alive against redis-server, wrk against nginx, and a client that leaves a connection
// nginx closed unread. Everything on 127.0.0.1, servers on free ports.
#include "observeprocess.h"
#include "realserver.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

constexpr int Timeout = 30'000;

// Runs a client program to its end; its exit code, -1 if it could not run.
int runClient(const QString &name, const QStringList &arguments, QString *output)
{
    const QString program = QStandardPaths::findExecutable(name);
    if (program.isEmpty()) {
        *output = u"%1 is not installed (scripts/setup.sh installs it)"_s.arg(name);
        return -1;
    }
    QProcess client;
    client.start(program, arguments);
    if (!client.waitForFinished(Timeout))
        return -1;
    *output = QString::fromUtf8(client.readAllStandardOutput() + client.readAllStandardError());
    return client.exitStatus() == QProcess::NormalExit ? client.exitCode() : -1;
}

QString target(quint16 port)
{
    return u"127.0.0.1:%1"_s.arg(port);
}

// A connection that sends one keep-alive request and never reads nor closes: what a pool does
// with a connection it holds idle and never checks.
int holdUnread(quint16 port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    const char request[] = "GET /ok HTTP/1.1\r\nHost: localhost\r\n\r\n";
    if (::send(fd, request, sizeof request - 1, 0) != qsizetype(sizeof request - 1)) {
        ::close(fd);
        return -1;
    }
    return fd;
}

} // namespace

class tst_ObserveClients : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void redisKeepAliveIsAStableSetWithHighReuse();
    void redisWithoutKeepAliveChurnsOneRequestPerConnection();
    void wrkAgainstNginx();
    void aConnectionNginxClosedUnreadIsInCloseWait();
};

void tst_ObserveClients::redisKeepAliveIsAStableSetWithHighReuse()
{
    QString error;
    const auto redis = RealServer::redis(&error);
    QVERIFY2(redis, qPrintable(error));
    ObserveProcess observe({u"--target"_s, target(redis->port())});
    QVERIFY2(observe.waitUntilObserving(&error), qPrintable(error));
    QString output;
    QCOMPARE(runClient(u"redis-benchmark"_s,
                       {u"-h"_s, u"127.0.0.1"_s, u"-p"_s, QString::number(redis->port()), u"-c"_s,
                        u"8"_s, u"-n"_s, u"20000"_s, u"-k"_s, u"1"_s, u"-t"_s, u"set"_s, u"-q"_s},
                       &output),
             0);
    const QJsonObject report = observe.stop(&error);
    QVERIFY2(!report.isEmpty(), qPrintable(error));
    QCOMPARE(observe.exitCode(), 0);
    // The 8 of the benchmark and the one that asks for the server's configuration first.
    QVERIFY2(report[u"connections_seen"_s].toInt() >= 8
                 && report[u"connections_seen"_s].toInt() <= 9,
             qPrintable(QString::number(report[u"connections_seen"_s].toInt())));
    QCOMPARE(report[u"peak_open"_s].toInt(), 8);
    // 2,500 requests each; the last reading before each close misses at most an interval's.
    const double perConnection = report[u"requests_per_connection"_s].toDouble();
    QVERIFY2(perConnection > 1000 && perConnection <= 2500,
             qPrintable(QString::number(perConnection)));
    QCOMPARE(report[u"closes"_s][u"local"_s].toInt(), report[u"connections_seen"_s].toInt());
    QCOMPARE(report[u"close_wait_peak"_s].toInt(), 0);
}

void tst_ObserveClients::redisWithoutKeepAliveChurnsOneRequestPerConnection()
{
    QString error;
    const auto redis = RealServer::redis(&error);
    QVERIFY2(redis, qPrintable(error));
    ObserveProcess observe({u"--target"_s, u"localhost:%1"_s.arg(redis->port())});
    QVERIFY2(observe.waitUntilObserving(&error), qPrintable(error));
    constexpr int Requests = 1500;
    QString output;
    QCOMPARE(runClient(u"redis-benchmark"_s,
                       {u"-h"_s, u"127.0.0.1"_s, u"-p"_s, QString::number(redis->port()), u"-c"_s,
                        u"4"_s, u"-n"_s, QString::number(Requests), u"-k"_s, u"0"_s, u"-t"_s,
                        u"set"_s, u"-q"_s},
                       &output),
             0);
    const QJsonObject report = observe.stop(&error);
    QVERIFY2(!report.isEmpty(), qPrintable(error));
    // A connection per request (and a few of its own): each carried about one request.
    const int seen = report[u"connections_seen"_s].toInt();
    QVERIFY2(seen >= Requests * 9 / 10 && seen <= Requests + 10, qPrintable(QString::number(seen)));
    QVERIFY(report[u"new_per_second_peak"_s].toDouble() > 100);
    // The benchmark closes first: TIME_WAIT on its side, for every connection, still there.
    QVERIFY2(report[u"closes"_s][u"local"_s].toInt() >= seen * 9 / 10,
             QJsonDocument(report).toJson().constData());
    QVERIFY(report[u"time_wait"_s].toInt() >= seen * 9 / 10);
    QVERIFY(report[u"ports_in_use"_s].toInt() >= report[u"time_wait"_s].toInt());
    QVERIFY(report[u"port_headroom_low"_s].toInt()
            <= report[u"port_range"_s].toInt() - report[u"time_wait"_s].toInt());
}

void tst_ObserveClients::wrkAgainstNginx()
{
    QString error;
    const auto nginx = RealServer::nginx(75, &error);
    QVERIFY2(nginx, qPrintable(error));
    ObserveProcess observe({u"--target"_s, target(nginx->port())});
    QVERIFY2(observe.waitUntilObserving(&error), qPrintable(error));
    QString output;
    QCOMPARE(runClient(u"wrk"_s,
                       {u"-t"_s, u"1"_s, u"-c"_s, u"6"_s, u"-d"_s, u"1s"_s,
                        u"http://127.0.0.1:%1/ok"_s.arg(nginx->port())},
                       &output),
             0);
    static const QRegularExpression requests(u"(\\d+) requests in"_s);
    const QRegularExpressionMatch match = requests.match(output);
    QVERIFY2(match.hasMatch(), qPrintable(output));
    const double done = match.captured(1).toDouble();
    const QJsonObject report = observe.stop(&error);
    QVERIFY2(!report.isEmpty(), qPrintable(error));
    // wrk's 6 and the one it tries the address with first.
    QVERIFY2(report[u"connections_seen"_s].toInt() >= 6
                 && report[u"connections_seen"_s].toInt() <= 7,
             QJsonDocument(report).toJson().constData());
    QVERIFY(report[u"peak_open"_s].toInt() >= 6 && report[u"peak_open"_s].toInt() <= 7);
    // Each request and response is one segment: the estimate is what wrk counted, less what
    // the last reading before the close missed (wrk runs 1 s; a reading every 100 ms).
    const double estimated = report[u"requests_estimated"_s].toDouble();
    QVERIFY2(estimated >= done * 0.7 && estimated <= done + 6,
             qPrintable(u"%1 estimated, wrk did %2"_s.arg(estimated).arg(done)));
}

void tst_ObserveClients::aConnectionNginxClosedUnreadIsInCloseWait()
{
    QString error;
    const auto nginx = RealServer::nginx(1, &error);
    QVERIFY2(nginx, qPrintable(error));
    ObserveProcess observe({u"--target"_s, target(nginx->port()), u"--pid"_s,
                            QString::number(QCoreApplication::applicationPid())});
    QVERIFY2(observe.waitUntilObserving(&error), qPrintable(error));
    const int fd = holdUnread(nginx->port());
    QVERIFY(fd >= 0);
    // nginx closes it after its keepalive_timeout of 1 s; the response and the FIN wait unread.
    const auto closeWait = [fd] {
        tcp_info info{};
        socklen_t length = sizeof info;
        return ::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &length) == 0
            && info.tcpi_state == TCP_CLOSE_WAIT;
    };
    QTRY_VERIFY_WITH_TIMEOUT(closeWait(), 10'000);
    const QJsonObject report = observe.stop(&error);
    ::close(fd);
    QVERIFY2(!report.isEmpty(), qPrintable(error));
    QCOMPARE(report[u"connections_seen"_s].toInt(), 1);
    QCOMPARE(report[u"close_wait"_s].toInt(), 1);
    QCOMPARE(report[u"open_at_end"_s].toInt(), 1); // the program still holds it
    QCOMPARE(report[u"closes"_s][u"local"_s].toInt(), 0);
}

QTEST_GUILESS_MAIN(tst_ObserveClients)
#include "tst_observeclients.moc"

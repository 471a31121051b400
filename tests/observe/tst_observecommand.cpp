// poolscope observe's command line: its refusals, what a user who is not root may observe, and
// PoolScope's own poolscope run observed from a second process, its counts against run's own
// report.
#include "endpoint.h"
#include "observeprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <linux/tcp.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

constexpr int Timeout = 30'000;
constexpr auto Nobody = "65534";

struct Result
{
    int exitCode = -1;
    QString out;
    QString err;
};

// prefix: a program to run poolscope under (setpriv, to drop root), or nothing.
Result observe(const QStringList &arguments, const QStringList &prefix = {})
{
    QProcess process;
    const QStringList all
        = prefix + QStringList{QStringLiteral(POOLSCOPE_BINARY), u"observe"_s} + arguments;
    process.start(all.first(), all.mid(1));
    process.waitForFinished(Timeout);
    return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

// Runs what follows as an unprivileged user: setpriv when the test is root, nothing otherwise.
QStringList unprivileged()
{
    if (::geteuid() != 0)
        return {};
    const QString setpriv = QStandardPaths::findExecutable(u"setpriv"_s);
    return {setpriv, u"--reuid=%1"_s.arg(QLatin1StringView(Nobody)),
            u"--regid=%1"_s.arg(QLatin1StringView(Nobody)), u"--clear-groups"_s};
}

} // namespace

class tst_ObserveCommand : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void refusesBadArguments_data();
    void refusesBadArguments();
    void namesAProcessThatDoesNotExist();
    void anotherUsersProcessIsRefusedWithTheWayOut();
    void anyUserObservesByDestination_data();
    void anyUserObservesByDestination();
    void observedRunAgreesWithRunsOwnReport();
};

void tst_ObserveCommand::refusesBadArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("nothing") << QStringList{} << u"--pid or --target: missing; accepted"_s;
    QTest::newRow("pid") << QStringList{u"--pid"_s, u"abc"_s}
                         << u"--pid: \"abc\" is not a whole number; accepted: 1 to"_s;
    QTest::newRow("pid 0") << QStringList{u"--pid"_s, u"0"_s} << u"--pid: \"0\" is out of range"_s;
    QTest::newRow("name") << QStringList{u"--target"_s, u"db.internal:5432"_s}
                          << u"is a name, and observe looks none up"_s;
    QTest::newRow("port") << QStringList{u"--target"_s, u"127.0.0.1"_s}
                          << u"\"127.0.0.1\" is not HOST:PORT; accepted: HOST:PORT"_s;
    QTest::newRow("report") << QStringList{u"--target"_s, u"127.0.0.1:1"_s, u"--report"_s, u"xml"_s}
                            << u"accepted: text or json"_s;
    QTest::newRow("duration") << QStringList{u"--target"_s, u"127.0.0.1:1"_s, u"--duration"_s,
                                             u"0"_s}
                              << u"--duration: 0 is out of range"_s;
}

void tst_ObserveCommand::refusesBadArguments()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Result result = observe(arguments);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.startsWith(u"poolscope observe: "_s) && result.err.contains(message),
             qPrintable(result.err));
    QVERIFY(result.out.isEmpty());
}

void tst_ObserveCommand::namesAProcessThatDoesNotExist()
{
    // PID_MAX_LIMIT: process ids stay below it, whatever pid_max says.
    const Result result = observe({u"--pid"_s, u"4194304"_s});
    QCOMPARE(result.exitCode, 3);
    QVERIFY2(result.err.contains(u"no process 4194304"_s) && result.err.contains(u"ps -p"_s),
             qPrintable(result.err));
}

void tst_ObserveCommand::anotherUsersProcessIsRefusedWithTheWayOut()
{
    // This test's process as seen by nobody, or, when not root, process 1 (root's).
    const bool root = ::geteuid() == 0;
    const qint64 pid = root ? QCoreApplication::applicationPid() : 1;
    struct stat status;
    if (!root && (::stat("/proc/1", &status) != 0 || status.st_uid == ::geteuid()))
        QSKIP("process 1 is this user's own: no other user's process to be refused");
    const Result result
        = observe({u"--pid"_s, QString::number(pid), u"--duration"_s, u"1"_s}, unprivileged());
    QCOMPARE(result.exitCode, 3);
    QVERIFY2(result.err.contains(u"process %1 belongs to user root"_s.arg(pid))
                 && result.err.contains(u"CAP_SYS_PTRACE"_s) && result.err.contains(u"sudo"_s)
                 && result.err.contains(u"--target HOST:PORT"_s),
             qPrintable(result.err));
}

void tst_ObserveCommand::anyUserObservesByDestination_data()
{
    QTest::addColumn<QHostAddress>("address");
    QTest::newRow("IPv4") << QHostAddress(QHostAddress::LocalHost);
    QTest::newRow("IPv6") << QHostAddress(QHostAddress::LocalHostIPv6);
}

void tst_ObserveCommand::anyUserObservesByDestination()
{
    // Every socket's TCP_INFO is in the table for every user: nobody sees this test's
    // connection and its counters, and leaves it as it was.
    QFETCH(QHostAddress, address);
    QTcpServer server;
    QVERIFY(server.listen(address));
    QTcpSocket client;
    client.connectToHost(address, server.serverPort());
    QVERIFY(client.waitForConnected(Timeout));
    QTRY_VERIFY(server.hasPendingConnections());
    const auto segments = [&client] {
        tcp_info info{};
        socklen_t length = sizeof info;
        ::getsockopt(int(client.socketDescriptor()), IPPROTO_TCP, TCP_INFO, &info, &length);
        return std::pair{info.tcpi_segs_out, info.tcpi_segs_in};
    };
    const auto before = segments();
    const Result result
        = observe({u"--target"_s, Endpoint::of(address, server.serverPort()), u"--duration"_s,
                   u"0.3"_s, u"--idle-cutoff"_s, u"1"_s, u"--report"_s, u"json"_s},
                  unprivileged());
    QCOMPARE(result.exitCode, 0);
    // Observing sent nothing on it and made the peer send nothing.
    QCOMPARE(segments(), before);
    const QJsonObject report = QJsonDocument::fromJson(result.out.toUtf8()).object();
    QCOMPARE(report[u"connections_seen"_s].toInt(), 1);
    QCOMPARE(report[u"already_open"_s].toInt(), 1);
    QCOMPARE(report[u"requests_measured"_s].toInt(), 1); // its counters were read
    // Nothing has moved on it since it connected: idle, past a cutoff of 1 ms.
    QCOMPARE(report[u"idle_over_cutoff"_s].toInt(), 1);
    const QJsonArray timeline = report[u"timeline"_s].toArray();
    QVERIFY(!timeline.isEmpty());
    QCOMPARE(timeline.first()[u"open"_s].toInt(), 1);
}

void tst_ObserveCommand::observedRunAgreesWithRunsOwnReport()
{
    QProcess run;
    run.start(QStringLiteral(POOLSCOPE_BINARY),
              {u"run"_s, u"--lab"_s, u"--duration"_s, u"2"_s, u"--concurrency"_s, u"4"_s,
               u"--report"_s, u"json"_s});
    QVERIFY(run.waitForStarted(Timeout));
    ObserveProcess observer({u"--pid"_s, QString::number(run.processId())});
    QString error;
    QVERIFY2(observer.waitUntilObserving(&error), qPrintable(error));
    // It ends by itself once run has exited and its connections are closed.
    const QJsonObject observed = observer.report(&error);
    QVERIFY2(!observed.isEmpty(), qPrintable(error));
    QVERIFY(run.waitForFinished(Timeout));
    QCOMPARE(run.exitCode(), 0);
    const QJsonObject report = QJsonDocument::fromJson(run.readAllStandardOutput()).object();
    const QJsonObject connections = report[u"connections"_s].toObject();
    const int ok = report[u"requests"_s][u"ok"_s].toInt();
    QVERIFY(ok > 0);
    const QByteArray both = QJsonDocument(observed).toJson() + QJsonDocument(report).toJson();
    // The lab's side of each connection is run's too, but no dial: observe leaves it out.
    // Bounds: every dial is seen (open when observing began, or opened after).
    QVERIFY2(observed[u"connections_seen"_s].toInt() == connections[u"dialed"_s].toInt(),
             both.constData());
    QVERIFY2(observed[u"peak_open"_s].toInt() == connections[u"peak_open"_s].toInt(),
             both.constData());
    // Each HTTP request and response is one segment; the last reading before run closes its
    // connections misses at most a reading's worth (100 ms of 2 s) of them.
    const int estimated = observed[u"requests_estimated"_s].toInt();
    QVERIFY2(estimated >= ok * 8 / 10 && estimated <= ok, both.constData());
    // The pool closes its connections when run ends: closed by the program, TIME_WAIT its.
    QCOMPARE(observed[u"closes"_s][u"local"_s].toInt(), connections[u"dialed"_s].toInt());
}

QTEST_GUILESS_MAIN(tst_ObserveCommand)
#include "tst_observecommand.moc"

#include "labthread.h"
#include "poolevent.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <sys/resource.h>

using namespace Qt::StringLiterals;

// End to end: the built poolscope binary, run as "poolscope run ...", against the lab backend
// (in this process, so the test can turn its knobs in the middle of a run).
class tst_RunCommand : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void embeddedCompareShowsThePoolsWorth();
    void textReportAndOutputFile();
    void eventsFileHasOneEventPerLine();
    void latencyKnob();
    void openFileLimitBelowMaxConnectionsWarns();
    void jitterKnob();
    void setupDelayIsPaidOncePerConnection();
    void idleCloseIsSeenAsPeerClosed();
    void silentDropTimesRequestsOut();
    void maxClientsRefusesTheRest();
    void pauseAcceptingTimesDialsOut();
    void restartInTheMiddleOfARun();
    void resetAllInTheMiddleOfARun();
    void blackholeTimesRequestsOut();
    void errorRateFailsRequests();
    void responseSizeIsRead();
    void tlsLab();
    void unreachableTargetExitsThree();
    void settingsFile();
    void unwritableReportExitsFour();
    void unwritableEventsExitFourAfterTheReport();
    void badArguments_data();
    void badArguments();

private:
    struct Result
    {
        int exitCode = -1;
        QJsonObject report;
        QByteArray out;
        QByteArray err;
    };
    Result run(const QStringList &arguments, QProcess *process = nullptr);
    QStringList target(const LabThread &lab) const;
    QList<PoolEvent> readEvents(const QString &path) const;

    QTemporaryDir m_dir;
};

namespace {

constexpr int Timeout = 60'000;

int count(const QJsonObject &report, const QString &group, const QString &key)
{
    const QJsonObject object = group == u"evicted"_s
        ? report[u"connections"_s][u"evicted"_s].toObject()
        : report[u"requests"_s][u"errors"_s].toObject();
    return object.value(key).toInt();
}

} // namespace

void tst_RunCommand::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

tst_RunCommand::Result tst_RunCommand::run(const QStringList &arguments, QProcess *process)
{
    QProcess local;
    QProcess &p = process ? *process : local;
    if (!process)
        p.start(QStringLiteral(POOLSCOPE_BINARY), QStringList{u"run"_s} + arguments);
    Result result;
    if (!p.waitForFinished(Timeout)) {
        p.kill();
        p.waitForFinished();
        return result;
    }
    result.exitCode = p.exitCode();
    result.out = p.readAllStandardOutput();
    result.err = p.readAllStandardError();
    result.report = QJsonDocument::fromJson(result.out).object();
    return result;
}

QStringList tst_RunCommand::target(const LabThread &lab) const
{
    return {u"--target"_s,   u"127.0.0.1:%1"_s.arg(lab.port()),
            u"--protocol"_s, enumName(lab.settings().protocol),
            u"--report"_s,   u"json"_s};
}

QList<PoolEvent> tst_RunCommand::readEvents(const QString &path) const
{
    QList<PoolEvent> events;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return events;
    while (!file.atEnd()) {
        const QJsonObject line = QJsonDocument::fromJson(file.readLine()).object();
        if (const auto event = PoolEvent::fromJson(line))
            events << *event;
    }
    return events;
}

void tst_RunCommand::embeddedCompareShowsThePoolsWorth()
{
    const Result r
        = run({u"--lab"_s, u"--compare"_s, u"--requests"_s, u"200"_s, u"--report"_s, u"json"_s});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject pooled = r.report[u"pooled"_s].toObject();
    const QJsonObject unpooled = r.report[u"unpooled"_s].toObject();
    QCOMPARE(pooled[u"mode"_s].toString(), u"pooled"_s);
    QCOMPARE(unpooled[u"mode"_s].toString(), u"unpooled"_s);
    QCOMPARE(unpooled[u"connections"_s][u"dialed"_s].toInt(), 200);
    QVERIFY(pooled[u"connections"_s][u"dialed"_s].toInt() <= 4);
    QCOMPARE(pooled[u"handshakes_saved"_s].toInt(),
             200 - pooled[u"connections"_s][u"dialed"_s].toInt());
    // The lab's simulated handshake is paid per connection: pooled wins, by a lot.
    QVERIFY(r.report[u"ratios"_s][u"throughput"_s].toDouble() > 2);
    QVERIFY(r.report[u"ratios"_s][u"p50"_s].toDouble() > 2);
}

void tst_RunCommand::textReportAndOutputFile()
{
    const QString path = m_dir.filePath(u"report.txt"_s);
    const Result r = run({u"--lab"_s, u"--requests"_s, u"20"_s, u"--output"_s, path});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.isEmpty());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY2(text.contains("20 ok, 0 failed"), text.constData());
    QVERIFY(text.contains("handshakes saved"));
}

void tst_RunCommand::eventsFileHasOneEventPerLine()
{
    const QString path = m_dir.filePath(u"events.jsonl"_s);
    const Result r = run({u"--lab"_s, u"--requests"_s, u"50"_s, u"--concurrency"_s, u"2"_s,
                          u"--events"_s, path, u"--report"_s, u"json"_s});
    QCOMPARE(r.exitCode, 0);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    int lines = 0;
    while (!file.atEnd()) {
        const QJsonObject line = QJsonDocument::fromJson(file.readLine()).object();
        QVERIFY(PoolEvent::fromJson(line));
        ++lines;
    }
    const QList<PoolEvent> events = readEvents(path);
    QCOMPARE(events.size(), lines);
    const auto acquired = std::count_if(events.begin(), events.end(), [](const PoolEvent &e) {
        return e.kind == EventKind::Acquired;
    });
    QCOMPARE(acquired, 50);
    const auto shutdowns = std::count_if(events.begin(), events.end(), [](const PoolEvent &e) {
        return e.kind == EventKind::Evicted && e.reason == EvictionReason::Shutdown;
    });
    QCOMPARE(shutdowns, r.report[u"connections"_s][u"peak_open"_s].toInt());
}

void tst_RunCommand::latencyKnob()
{
    LabThread lab;
    LabSettings settings;
    settings.latencyMs = 30;
    QCOMPARE(lab.start(settings), QStringList());
    const Result r = run(target(lab) + QStringList{u"--requests"_s, u"10"_s});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.report[u"latency_ms"_s][u"p50"_s].toDouble() >= 30);
}

void tst_RunCommand::jitterKnob()
{
    LabThread lab;
    LabSettings settings;
    settings.jitterMs = 30;
    QCOMPARE(lab.start(settings), QStringList());
    const Result r
        = run(target(lab) + QStringList{u"--requests"_s, u"60"_s, u"--concurrency"_s, u"4"_s});
    QCOMPARE(r.exitCode, 0);
    // A random 0..30 ms per answer spreads the latencies out: with 60 of them, the slowest
    // tenth is well apart from the median.
    const QJsonObject latency = r.report[u"latency_ms"_s].toObject();
    QVERIFY2(latency[u"p90"_s].toDouble() - latency[u"p50"_s].toDouble() >= 3, r.out.constData());
}

void tst_RunCommand::setupDelayIsPaidOncePerConnection()
{
    LabThread lab;
    LabSettings settings;
    settings.setupDelayMs = 50;
    QCOMPARE(lab.start(settings), QStringList());
    const Result r
        = run(target(lab) + QStringList{u"--requests"_s, u"40"_s, u"--concurrency"_s, u"2"_s});
    QCOMPARE(r.exitCode, 0);
    // Two connections pay it once each; the other 38 requests do not.
    QCOMPARE(r.report[u"connections"_s][u"dialed"_s].toInt(), 2);
    QVERIFY(r.report[u"latency_ms"_s][u"max"_s].toDouble() >= 50);
    QVERIFY(r.report[u"latency_ms"_s][u"p50"_s].toDouble() < 50);
}

void tst_RunCommand::idleCloseIsSeenAsPeerClosed()
{
    LabThread lab;
    LabSettings settings;
    settings.idleCloseMs = 200;
    QCOMPARE(lab.start(settings), QStringList());
    const QString events = m_dir.filePath(u"idle.jsonl"_s);
    // A request every 500 ms: each time, the server has closed the idle connection before.
    const Result r
        = run(target(lab)
              + QStringList{u"--requests"_s, u"4"_s, u"--concurrency"_s, u"1"_s, u"--rate"_s,
                            u"2"_s, u"--idle-timeout"_s, u"30000"_s, u"--events"_s, events});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.report[u"requests"_s][u"failed"_s].toInt(), 0);
    QVERIFY2(count(r.report, u"evicted"_s, u"peer_closed"_s) >= 3, r.out.constData());
    bool finSeen = false;
    for (const PoolEvent &e : readEvents(events))
        finSeen
            = finSeen || (e.reason == EvictionReason::PeerClosed && e.message.contains(u"FIN"_s));
    QVERIFY(finSeen);
}

void tst_RunCommand::silentDropTimesRequestsOut()
{
    LabThread lab;
    LabSettings settings;
    settings.silentDropMs = 200;
    QCOMPARE(lab.start(settings), QStringList());
    const Result r = run(target(lab)
                         + QStringList{u"--requests"_s, u"3"_s, u"--concurrency"_s, u"1"_s,
                                       u"--rate"_s, u"2"_s, u"--request-timeout"_s, u"500"_s});
    QCOMPARE(r.exitCode, 1);
    // Nothing on the wire says the connection is dead: only the request timeout notices.
    QVERIFY2(count(r.report, u"errors"_s, u"request_timeout"_s) >= 1, r.out.constData());
    // And its connection closes as what ended it.
    QVERIFY(count(r.report, u"evicted"_s, u"request_timeout"_s) >= 1);
    QCOMPARE(count(r.report, u"evicted"_s, u"broken"_s), 0);
}

void tst_RunCommand::maxClientsRefusesTheRest()
{
    LabThread lab;
    LabSettings settings;
    settings.maxClients = 2;
    settings.latencyMs = 20;
    QCOMPARE(lab.start(settings), QStringList());
    const Result r
        = run(target(lab) + QStringList{u"--requests"_s, u"20"_s, u"--concurrency"_s, u"4"_s});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.report[u"requests"_s][u"ok"_s].toInt() > 0);
    const int refused = count(r.report, u"errors"_s, u"closed_before_response"_s)
        + count(r.report, u"errors"_s, u"closed_mid_request"_s)
        + count(r.report, u"errors"_s, u"dial_reset"_s)
        + count(r.report, u"evicted"_s, u"peer_closed"_s);
    QVERIFY2(refused > 0, r.out.constData());
    QVERIFY(lab.counters().closedFor(LabCloseReason::OverMaxClients) > 0);
}

void tst_RunCommand::pauseAcceptingTimesDialsOut()
{
    LabThread lab;
    LabSettings settings;
    settings.pauseAccepting = true;
    QCOMPARE(lab.start(settings), QStringList());
    const Result r
        = run(target(lab)
              + QStringList{u"--requests"_s, u"4"_s, u"--concurrency"_s, u"4"_s,
                            u"--connect-timeout"_s, u"300"_s, u"--request-timeout"_s, u"300"_s});
    QVERIFY2(r.exitCode == 1 || r.exitCode == 3, r.err.constData());
    QCOMPARE(r.report[u"requests"_s][u"ok"_s].toInt(), 0);
    // What the kernel let into the backlog waits unanswered; what it did not, times out dialing.
    QVERIFY2(count(r.report, u"errors"_s, u"connect_timeout"_s)
                     + count(r.report, u"errors"_s, u"request_timeout"_s)
                 == 4,
             r.out.constData());
    QVERIFY(count(r.report, u"errors"_s, u"connect_timeout"_s) >= 1);
}

void tst_RunCommand::restartInTheMiddleOfARun()
{
    LabThread lab;
    QCOMPARE(lab.start(LabSettings()), QStringList());
    QProcess process;
    process.start(
        QStringLiteral(POOLSCOPE_BINARY),
        QStringList{u"run"_s} + target(lab)
            + QStringList{u"--duration"_s, u"2"_s, u"--rate"_s, u"100"_s, u"--min-idle"_s, u"2"_s});
    QTRY_VERIFY_WITH_TIMEOUT(lab.counters().requests > 30, Timeout);
    const int beforeRestart = int(lab.counters().requests);
    lab.restart(300);
    const Result r = run({}, &process);
    QVERIFY2(r.exitCode == 0 || r.exitCode == 1, r.err.constData());
    QVERIFY2(count(r.report, u"evicted"_s, u"peer_closed"_s) >= 1, r.out.constData());
    // Requests after the restart went through again (at the rate: what the outage cost is not
    // made up in a burst, so fewer than the 200 of an undisturbed run).
    const int ok = r.report[u"requests"_s][u"ok"_s].toInt();
    QVERIFY2(ok > beforeRestart + 20,
             qPrintable(u"%1 ok, %2 before the restart"_s.arg(ok).arg(beforeRestart)));
    QVERIFY2(ok <= 201, qPrintable(QString::number(ok)));
    QVERIFY(lab.counters().closedFor(LabCloseReason::Restart) >= 1);
    const QJsonObject errors = r.report[u"requests"_s][u"errors"_s].toObject();
    for (auto it = errors.begin(); it != errors.end(); ++it)
        QVERIFY2(it.key() == u"refused"_s || it.key() == u"closed_mid_request"_s
                     || it.key() == u"closed_before_response"_s || it.key() == u"dial_reset"_s,
                 qPrintable(it.key()));
}

void tst_RunCommand::resetAllInTheMiddleOfARun()
{
    LabThread lab;
    QCOMPARE(lab.start(LabSettings()), QStringList());
    const QString events = m_dir.filePath(u"reset.jsonl"_s);
    QProcess process;
    process.start(QStringLiteral(POOLSCOPE_BINARY),
                  QStringList{u"run"_s} + target(lab)
                      + QStringList{u"--duration"_s, u"1.5"_s, u"--rate"_s, u"20"_s,
                                    u"--min-idle"_s, u"3"_s, u"--events"_s, events});
    QTRY_VERIFY_WITH_TIMEOUT(lab.counters().open >= 3 && lab.counters().requests > 5, Timeout);
    lab.resetAll();
    const Result r = run({}, &process);
    QVERIFY2(r.exitCode == 0 || r.exitCode == 1, r.err.constData());
    bool rstSeen = false;
    for (const PoolEvent &e : readEvents(events))
        rstSeen
            = rstSeen || (e.reason == EvictionReason::PeerClosed && e.message.contains(u"RST"_s));
    QVERIFY(rstSeen);
}

void tst_RunCommand::blackholeTimesRequestsOut()
{
    LabThread lab;
    LabSettings settings;
    settings.blackhole = true;
    QCOMPARE(lab.start(settings), QStringList());
    const Result r
        = run(target(lab) + QStringList{u"--requests"_s, u"2"_s, u"--request-timeout"_s, u"300"_s});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(count(r.report, u"errors"_s, u"request_timeout"_s), 2);
    QCOMPARE(r.report[u"connections"_s][u"dial_failed"_s].toInt(), 0); // it accepts: dials work
    // The failures' latency is reported, not left out: both waited out the request timeout.
    const QJsonObject failed = r.report[u"failed_latency_ms"_s].toObject();
    QCOMPARE(failed[u"count"_s].toInt(), 2);
    QVERIFY2(failed[u"max"_s].toDouble() >= 300, r.out.constData());
    QCOMPARE(r.report[u"latency_ms"_s][u"count"_s].toInt(), 0);
}

void tst_RunCommand::errorRateFailsRequests()
{
    LabThread lab;
    LabSettings settings;
    settings.errorRate = 1.0;
    QCOMPARE(lab.start(settings), QStringList());
    const Result r = run(target(lab) + QStringList{u"--requests"_s, u"40"_s});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.report[u"requests"_s][u"ok"_s].toInt(), 0);
    // Half the injected errors are error replies, half a close in the middle of the response.
    QVERIFY(count(r.report, u"errors"_s, u"error_reply"_s) > 0);
    QVERIFY(count(r.report, u"errors"_s, u"closed_mid_request"_s) > 0);
}

void tst_RunCommand::responseSizeIsRead()
{
    LabThread lab;
    LabSettings settings;
    settings.responseSize = 1 << 20;
    QCOMPARE(lab.start(settings), QStringList());
    const Result r = run(target(lab) + QStringList{u"--requests"_s, u"10"_s});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(lab.counters().bytesOut >= 10u << 20);
    QVERIFY(r.report[u"connections"_s][u"dialed"_s].toInt() <= 4);
    QCOMPARE(r.report[u"requests"_s][u"ok"_s].toInt(), 10);
}

void tst_RunCommand::tlsLab()
{
    const Result r
        = run({u"--lab"_s, u"--tls"_s, u"--requests"_s, u"20"_s, u"--report"_s, u"json"_s});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.report[u"tls_ms"_s][u"count"_s].toInt() >= 1);
    QVERIFY(r.report[u"settings"_s][u"tls"_s].toBool());
}

void tst_RunCommand::unreachableTargetExitsThree()
{
    quint16 port;
    {
        LabThread closed;
        QCOMPARE(closed.start(LabSettings()), QStringList());
        port = closed.port();
    }
    const Result r
        = run({u"--target"_s, u"127.0.0.1:%1"_s.arg(port), u"--protocol"_s, u"http"_s,
               u"--requests"_s, u"50"_s, u"--concurrency"_s, u"2"_s, u"--report"_s, u"json"_s});
    QCOMPARE(r.exitCode, 3);
    QCOMPARE(count(r.report, u"errors"_s, u"refused"_s), 50);
    QCOMPARE(r.report[u"requests"_s][u"failed"_s].toInt(), 50);
    // After the first round of refused dials the rest fail at once, without a dial (or a
    // back-off) each: the pool dialed a handful, not 50.
    const int notSent = r.report[u"requests"_s][u"not_sent"_s].toInt();
    QVERIFY2(notSent >= 40, r.out.constData());
    QVERIFY(r.report[u"connections"_s][u"dialed"_s].toInt() <= 50 - notSent);
    QVERIFY(r.report[u"gave_up"_s].toString().contains(u"refused"_s));
    QVERIFY2(r.err.startsWith("poolscope run: could not reach the target: "), r.err.constData());
    QVERIFY(r.err.contains("refused"));
}

void tst_RunCommand::openFileLimitBelowMaxConnectionsWarns()
{
    QProcess process;
    process.setChildProcessModifier([] {
        const rlimit low{256, 256}; // a hard limit too, so the command cannot raise it
        ::setrlimit(RLIMIT_NOFILE, &low);
    });
    process.start(QStringLiteral(POOLSCOPE_BINARY),
                  {u"run"_s, u"--lab"_s, u"--max-connections"_s, u"200"_s, u"--concurrency"_s,
                   u"2"_s, u"--requests"_s, u"10"_s, u"--report"_s, u"json"_s});
    const Result r = run({}, &process);
    // A warning, not a refusal: the run itself needs two connections.
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.contains("poolscope run: warning: max_connections 200 needs 464 open files "
                            "(the embedded lab holds the other end of each), but this process "
                            "may open only 256"),
             r.err.constData());
    QVERIFY2(r.err.contains("lower max_connections to 96"), r.err.constData());
}

void tst_RunCommand::settingsFile()
{
    LabThread lab;
    QCOMPARE(lab.start(LabSettings()), QStringList());
    const QString path = m_dir.filePath(u"settings.json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QJsonDocument(QJsonObject{{u"host"_s, u"127.0.0.1"_s},
                                         {u"port"_s, lab.port()},
                                         {u"max_connections"_s, 2},
                                         {u"reuse_order"_s, u"fifo"_s}})
                   .toJson());
    file.close();
    const Result r = run({u"--settings"_s, path, u"--protocol"_s, u"http"_s, u"--concurrency"_s,
                          u"4"_s, u"--requests"_s, u"20"_s, u"--report"_s, u"json"_s});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.report[u"settings"_s][u"max_connections"_s].toInt(), 2); // the file, not -c
    QCOMPARE(r.report[u"settings"_s][u"reuse_order"_s].toString(), u"fifo"_s);
    QCOMPARE(r.report[u"connections"_s][u"peak_open"_s].toInt(), 2);
}

void tst_RunCommand::unwritableReportExitsFour()
{
    // /dev/full takes an open and refuses every write: a full disk.
    if (!QFileInfo::exists(u"/dev/full"_s))
        QSKIP("this machine has no /dev/full");
    const Result r = run({u"--lab"_s, u"--requests"_s, u"5"_s, u"--output"_s, u"/dev/full"_s});
    QCOMPARE(r.exitCode, 4);
    const QString err = QString::fromUtf8(r.err);
    QVERIFY2(err.contains(u"poolscope run: --output: cannot write the report to \"/dev/full\": "_s),
             qPrintable(err));
}

void tst_RunCommand::unwritableEventsExitFourAfterTheReport()
{
    if (!QFileInfo::exists(u"/dev/full"_s))
        QSKIP("this machine has no /dev/full");
    const Result r = run({u"--lab"_s, u"--requests"_s, u"5"_s, u"--events"_s, u"/dev/full"_s,
                          u"--report"_s, u"json"_s});
    QCOMPARE(r.exitCode, 4);
    // The run went on and its report is whole.
    QCOMPARE(r.report[u"requests"_s][u"ok"_s].toInt(), 5);
    const QString err = QString::fromUtf8(r.err);
    QVERIFY2(err.contains(u"--events: cannot write \"/dev/full\": "_s), qPrintable(err));
}

void tst_RunCommand::badArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const QString bad = m_dir.filePath(u"bad.json"_s);
    QFile badFile(bad);
    badFile.open(QIODevice::WriteOnly);
    badFile.write("{\"max_conns\": 3}");
    badFile.close();
    const QString notJson = m_dir.filePath(u"not.json"_s);
    QFile notJsonFile(notJson);
    notJsonFile.open(QIODevice::WriteOnly);
    notJsonFile.write("max_connections = 3");
    notJsonFile.close();

    const QStringList lab{u"--lab"_s};
    const auto row = [](const char *name, const QStringList &arguments, const QString &message) {
        QTest::newRow(name) << arguments << u"poolscope run: "_s + message;
    };
    // Valid JSON, but larger than a settings file can be: refused as such, not as broken JSON.
    const QString large = m_dir.filePath(u"large.json"_s);
    QFile largeFile(large);
    largeFile.open(QIODevice::WriteOnly);
    largeFile.write("{\"max_connections\": 3" + QByteArray(5 << 20, ' ') + "}");
    largeFile.close();
    row("settings file over 4 MiB", lab + QStringList{u"--settings"_s, large},
        u"--settings: cannot read \"%1\": it is larger than 4096 KiB, the most accepted"_s.arg(
            large));
    const QString both = m_dir.filePath(u"both.out"_s);
    row("output and events in one file",
        lab + QStringList{u"--output"_s, both, u"--events"_s, m_dir.filePath(u"./both.out"_s)},
        u"--output and --events both name \"%1\"; give each its own file"_s.arg(both));
    row("concurrency not a number", lab + QStringList{u"--concurrency"_s, u"abc"_s},
        u"--concurrency: \"abc\" is not a whole number; accepted: 1 to 10000"_s);
    row("concurrency 0", lab + QStringList{u"--concurrency"_s, u"0"_s},
        u"--concurrency: \"0\" is out of range; accepted: 1 to 10000"_s);
    row("requests 0", lab + QStringList{u"--requests"_s, u"0"_s},
        u"--requests: \"0\" is out of range; accepted: 1 to 1000000000"_s);
    row("duration not a number", lab + QStringList{u"--duration"_s, u"soon"_s},
        u"--duration: \"soon\" is not a number; accepted: a number of seconds above 0, up to 604800"_s);
    row("duration 0", lab + QStringList{u"--duration"_s, u"0"_s},
        u"--duration: 0 is out of range; accepted: a number of seconds above 0"_s);
    row("rate negative", lab + QStringList{u"--rate"_s, u"-1"_s},
        u"--rate: \"-1\" is out of range; accepted: 0 (no cap) to 10000000 requests per second"_s);
    row("requests and duration",
        lab + QStringList{u"--requests"_s, u"5"_s, u"--duration"_s, u"1"_s},
        u"--requests and --duration: both given; accepted: one of them"_s);
    row("target not host:port", {u"--target"_s, u"nohost"_s},
        u"--target: \"nohost\" is not HOST:PORT; accepted: HOST:PORT with a port 1 to 65535, "
        "e.g. 127.0.0.1:8080, localhost:6379 or [::1]:11211"_s);
    row("target port 70000", {u"--target"_s, u"127.0.0.1:70000"_s},
        u"--target: \"127.0.0.1:70000\" is not HOST:PORT; accepted: HOST:PORT with a port 1 to "
        "65535, e.g. 127.0.0.1:8080, localhost:6379 or [::1]:11211"_s);
    row("target missing", {u"--protocol"_s, u"http"_s},
        u"--target: missing; accepted: HOST:PORT with a port 1 to 65535, e.g. 127.0.0.1:8080, "
        "localhost:6379 or [::1]:11211, or --lab"_s);
    row("lab and target", lab + QStringList{u"--target"_s, u"127.0.0.1:80"_s},
        u"--lab and --target: both given; accepted: one of them"_s);
    row("protocol missing", {u"--target"_s, u"127.0.0.1:80"_s},
        u"--protocol: missing; accepted: echo, line, http, redis, memcached"_s);
    row("protocol unknown", lab + QStringList{u"--protocol"_s, u"gopher"_s},
        u"--protocol: \"gopher\" is not a protocol; accepted: echo, line, http, redis, memcached"_s);
    row("max connections 0", lab + QStringList{u"--max-connections"_s, u"0"_s},
        u"--max-connections: 0 is out of range; accepted: 1 to 10000"_s);
    row("min idle over max",
        lab + QStringList{u"--max-connections"_s, u"5"_s, u"--min-idle"_s, u"50"_s},
        u"min_idle: 50 is above max_connections (5); accepted: 0 to max_connections"_s);
    row("acquire timeout negative", lab + QStringList{u"--acquire-timeout"_s, u"-5"_s},
        u"--acquire-timeout: -5 is out of range; accepted: 0 to 3600000 ms (0: fail at once "
        "when every connection is busy)"_s);
    row("connect timeout 0", lab + QStringList{u"--connect-timeout"_s, u"0"_s},
        u"--connect-timeout: 0 is out of range; accepted: 1 to 600000 ms"_s);
    row("idle timeout text", lab + QStringList{u"--idle-timeout"_s, u"long"_s},
        u"--idle-timeout: \"long\" is not a whole number; accepted: 0 to 86400000 ms (0: never)"_s);
    row("max lifetime negative", lab + QStringList{u"--max-lifetime"_s, u"-1"_s},
        u"--max-lifetime: -1 is out of range; accepted: 0 to 86400000 ms (0: never)"_s);
    row("resolve without address", lab + QStringList{u"--resolve"_s, u"a:1"_s},
        u"--resolve: \"a:1\" has fewer than three parts; accepted: HOST:PORT:ADDRESS, e.g. "
        "backend.test:8080:127.0.0.2 or backend.test:443:[::1]"_s);
    row("resolve address shorthand", lab + QStringList{u"--resolve"_s, u"a:80:2"_s},
        u"--resolve: \"a:80:2\" has \"2\" for its address, which is not an IP address; "
        "accepted: HOST:PORT:ADDRESS with an IPv4 address like 127.0.0.1 or an IPv6 address like "
        "[::1]"_s);
    row("report xml", lab + QStringList{u"--report"_s, u"xml"_s},
        u"--report: \"xml\" is not a format; accepted: text or json"_s);
    row("missing value", lab + QStringList{u"--report"_s},
        u"--report: missing value; accepted: text or json"_s);
    row("switch with value", lab + QStringList{u"--no-pool=yes"_s},
        u"--no-pool: \"yes\" was given, but it takes no value; accepted: the option alone"_s);
    row("settings file missing", lab + QStringList{u"--settings"_s, u"/nonexistent/s.json"_s},
        u"--settings: cannot read \"/nonexistent/s.json\": No such file or directory"_s);
    row("settings unknown key", lab + QStringList{u"--settings"_s, bad},
        u"--settings: %1: max_conns: not a pool setting; accepted keys: host, port"_s.arg(bad));
    row("settings not json", lab + QStringList{u"--settings"_s, notJson},
        u"--settings: \"%1\" is not a JSON object"_s.arg(notJson));
    row("events unwritable", lab + QStringList{u"--events"_s, u"/nonexistent/e.jsonl"_s},
        u"--events: cannot write \"/nonexistent/e.jsonl\""_s);
    row("unknown option", {u"--bogus"_s}, u"unknown option --bogus; accepted: --target"_s);
    row("stray argument", {u"stray"_s}, u"unexpected argument \"stray\"; accepted: --target"_s);
}

void tst_RunCommand::badArguments()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Result r = run(arguments);
    QCOMPARE(r.exitCode, 2);
    const QString err = QString::fromUtf8(r.err);
    QVERIFY2(err.startsWith(message), qPrintable(err));
    QCOMPARE(err.count(u'\n'), 1); // one line, nothing else
    QVERIFY(r.out.isEmpty());
}

QTEST_GUILESS_MAIN(tst_RunCommand)
#include "tst_runcommand.moc"

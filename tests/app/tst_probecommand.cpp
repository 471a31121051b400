#include "labthread.h"
#include "testserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTest>

using namespace Qt::StringLiterals;

// End to end: the built poolscope binary, run as "poolscope probe ...", against loopback
// servers run by this test (the lab on its own thread). Each classification is read from the
// JSON output.
class tst_ProbeCommand : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void listeningPort();
    void refusedPort();
    void fullBacklogTimesOut();
    void labBlackhole();
    void labTlsUntrustedThenInsecure();
    void hostsOverrideName();
    void unresolvableName();
    void idleCloseFoundAsFin();
    void silentDropFoundAsSilence();
    void textOutput();
    void idleCutoffTextShowsEachTrial();
    void badArguments_data();
    void badArguments();
};

namespace {

constexpr int Timeout = 60'000;

struct Run
{
    int exitCode = -1;
    QJsonObject json;
    QByteArray out;
    QByteArray err;
};

Run probe(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(POOLSCOPE_BINARY), QStringList{u"probe"_s} + arguments);
    Run run;
    if (!process.waitForFinished(Timeout) || process.exitStatus() != QProcess::NormalExit)
        return run;
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    run.json = QJsonDocument::fromJson(run.out).object();
    return run;
}

QString target(quint16 port)
{
    return u"127.0.0.1:%1"_s.arg(port);
}

QJsonObject verdictOf(const Run &run)
{
    return run.json.value(u"verdict"_s).toObject();
}

QJsonObject firstStep(const Run &run, const QString &name)
{
    const QJsonArray steps
        = run.json.value(u"attempts"_s).toArray().first().toObject().value(u"steps"_s).toArray();
    for (const QJsonValue &step : steps) {
        if (step.toObject().value(u"step"_s).toString() == name)
            return step.toObject();
    }
    return {};
}

} // namespace

void tst_ProbeCommand::initTestCase()
{
    QVERIFY(QFile::exists(QStringLiteral(POOLSCOPE_BINARY)));
}

void tst_ProbeCommand::listeningPort()
{
    LabThread lab;
    QCOMPARE(lab.start(LabSettings()), QStringList());
    const Run run = probe({u"--target"_s, target(lab.port()), u"--protocol"_s, u"http"_s,
                           u"--count"_s, u"3"_s, u"--interval"_s, u"10"_s, u"--json"_s});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.err, QByteArray());
    const QJsonObject verdict = verdictOf(run);
    QCOMPARE(verdict.value(u"status"_s).toString(), u"reachable"_s);
    QCOMPARE(verdict.value(u"failure"_s).toString(), u"none"_s);
    QCOMPARE(verdict.value(u"succeeded"_s).toInt(), 3);
    QCOMPARE(run.json.value(u"attempts"_s).toArray().size(), 3);
    const QJsonArray summary = run.json.value(u"summary"_s).toArray();
    QCOMPARE(summary.size(), 3);
    for (const QJsonValue &value : summary) {
        const QJsonObject s = value.toObject();
        QCOMPARE(s.value(u"sent"_s).toInt(), 3);
        QCOMPARE(s.value(u"loss_percent"_s).toDouble(), 0.0);
        QVERIFY(s.value(u"min_ms"_s).toDouble() <= s.value(u"mean_ms"_s).toDouble());
        QVERIFY(s.value(u"mean_ms"_s).toDouble() <= s.value(u"max_ms"_s).toDouble());
    }
    QCOMPARE(summary.at(2).toObject().value(u"step"_s).toString(), u"response"_s);
}

void tst_ProbeCommand::refusedPort()
{
    quint16 port = 0;
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        port = server.serverPort();
    }
    const Run run = probe({u"--target"_s, target(port), u"--count"_s, u"1"_s, u"--json"_s});
    QCOMPARE(run.exitCode, 3);
    const QJsonObject verdict = verdictOf(run);
    QCOMPARE(verdict.value(u"failure"_s).toString(), u"refused"_s);
    QCOMPARE(verdict.value(u"step"_s).toString(), u"connect"_s);
    QCOMPARE(verdict.value(u"status"_s).toString(), u"unreachable"_s);
    QVERIFY(verdict.value(u"sentence"_s).toString().contains(u"refused"_s));
    QVERIFY(!verdict.value(u"cause"_s).toString().isEmpty());
    QVERIFY(!verdict.value(u"next"_s).toString().isEmpty());
}

void tst_ProbeCommand::fullBacklogTimesOut()
{
    FullBacklogListener listener;
    QVERIFY(listener.isValid());
    const Run run = probe({u"--target"_s, target(listener.port()), u"--count"_s, u"1"_s,
                           u"--timeout"_s, u"300"_s, u"--json"_s});
    QCOMPARE(run.exitCode, 3);
    QCOMPARE(verdictOf(run).value(u"failure"_s).toString(), u"timed_out"_s);
    QCOMPARE(verdictOf(run).value(u"step"_s).toString(), u"connect"_s);
}

void tst_ProbeCommand::labBlackhole()
{
    LabThread lab;
    LabSettings settings;
    settings.blackhole = true;
    QCOMPARE(lab.start(settings), QStringList());
    const Run run = probe({u"--target"_s, target(lab.port()), u"--protocol"_s, u"http"_s,
                           u"--count"_s, u"1"_s, u"--timeout"_s, u"300"_s, u"--json"_s});
    QCOMPARE(run.exitCode, 3);
    QCOMPARE(verdictOf(run).value(u"failure"_s).toString(), u"timed_out"_s);
    QCOMPARE(verdictOf(run).value(u"step"_s).toString(), u"response"_s);
    QVERIFY(firstStep(run, u"connect"_s).value(u"ok"_s).toBool());
}

void tst_ProbeCommand::labTlsUntrustedThenInsecure()
{
    LabThread lab;
    LabSettings settings;
    settings.tls = true;
    QCOMPARE(lab.start(settings), QStringList());
    const QStringList arguments{u"--target"_s, target(lab.port()), u"--protocol"_s,
                                u"http"_s,     u"--count"_s,       u"1"_s,
                                u"--tls"_s,    u"--json"_s};

    const Run strict = probe(arguments);
    QCOMPARE(strict.exitCode, 3);
    QCOMPARE(verdictOf(strict).value(u"failure"_s).toString(), u"tls_untrusted"_s);
    QCOMPARE(verdictOf(strict).value(u"step"_s).toString(), u"tls"_s);
    const QJsonObject tls = firstStep(strict, u"tls"_s).value(u"tls"_s).toObject();
    QCOMPARE(tls.value(u"trusted"_s).toBool(), false);
    QCOMPARE(tls.value(u"name_matches"_s).toBool(), true);
    QCOMPARE(tls.value(u"subject"_s).toString(), u"localhost"_s);
    QVERIFY(tls.value(u"expires"_s).toString().startsWith(u"21"_s));
    QVERIFY(!tls.value(u"protocol"_s).toString().isEmpty());
    QVERIFY(!tls.value(u"cipher"_s).toString().isEmpty());

    const Run insecure = probe(arguments + QStringList{u"--insecure"_s});
    QCOMPARE(insecure.exitCode, 0);
    QCOMPARE(verdictOf(insecure).value(u"status"_s).toString(), u"reachable"_s);
    QVERIFY(firstStep(insecure, u"response"_s).value(u"ok"_s).toBool());
    QCOMPARE(firstStep(insecure, u"tls"_s).value(u"tls"_s).toObject().value(u"trusted"_s),
             QJsonValue(false));
    QCOMPARE(verdictOf(insecure).value(u"notes"_s).toArray().size(), 1);
}

void tst_ProbeCommand::hostsOverrideName()
{
    LabThread lab;
    QCOMPARE(lab.start(LabSettings()), QStringList());
    const QString host = u"backend.test:%1"_s.arg(lab.port());
    const Run run = probe({u"--target"_s, host, u"--resolve"_s, host + u":127.0.0.1"_s,
                           u"--protocol"_s, u"http"_s, u"--count"_s, u"1"_s, u"--json"_s});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(verdictOf(run).value(u"status"_s).toString(), u"reachable"_s);
    const QJsonObject resolve = firstStep(run, u"resolve"_s);
    QCOMPARE(resolve.value(u"source"_s).toString(), u"resolve"_s);
    QCOMPARE(resolve.value(u"addresses"_s).toArray(), QJsonArray{u"127.0.0.1"_s});
    QCOMPARE(firstStep(run, u"connect"_s).value(u"address"_s).toString(), target(lab.port()));
}

void tst_ProbeCommand::unresolvableName()
{
    // A special-use name (RFC 6761): the probe answers it itself. Its empty label is a second
    // guard: Qt refuses such a name before asking any resolver, so no query leaves the machine.
    const Run run
        = probe({u"--target"_s, u"no-such-host..invalid:80"_s, u"--count"_s, u"1"_s, u"--json"_s});
    QCOMPARE(run.exitCode, 3);
    QCOMPARE(verdictOf(run).value(u"failure"_s).toString(), u"host_not_found"_s);
    QCOMPARE(verdictOf(run).value(u"step"_s).toString(), u"resolve"_s);
    QCOMPARE(verdictOf(run).value(u"detail"_s).toString(),
             u"\"no-such-host..invalid\" is a special-use name (RFC 6761) that never resolves"_s);
}

void tst_ProbeCommand::idleCloseFoundAsFin()
{
    LabThread lab;
    LabSettings settings;
    settings.idleCloseMs = 1000;
    QCOMPARE(lab.start(settings), QStringList());
    const Run run
        = probe({u"--target"_s, target(lab.port()), u"--protocol"_s, u"http"_s, u"--count"_s,
                 u"1"_s, u"--idle-cutoff"_s, u"--max-idle"_s, u"20"_s, u"--json"_s});
    QCOMPARE(run.exitCode, 0);
    const QJsonObject cutoff = run.json.value(u"idle_cutoff"_s).toObject();
    QCOMPARE(cutoff.value(u"outcome"_s).toString(), u"found"_s);
    QCOMPARE(cutoff.value(u"drop"_s).toString(), u"fin"_s);
    const qint64 cutoffMs = cutoff.value(u"cutoff_ms"_s).toInteger();
    QVERIFY2(cutoffMs >= 900 && cutoffMs <= 1300, qPrintable(QString::number(cutoffMs)));
    const QJsonObject recommended = cutoff.value(u"recommendation"_s).toObject();
    QVERIFY(recommended.value(u"idle_timeout_ms"_s).toInteger() < cutoffMs);
    // A lifetime under the cutoff would only make the pool redial: the default's stays.
    QVERIFY(!recommended.contains(u"max_lifetime_ms"_s));
    QVERIFY(!recommended.contains(u"keepalive"_s));
}

void tst_ProbeCommand::silentDropFoundAsSilence()
{
    LabThread lab;
    LabSettings settings;
    settings.silentDropMs = 1000;
    QCOMPARE(lab.start(settings), QStringList());
    const Run run
        = probe({u"--target"_s, target(lab.port()), u"--protocol"_s, u"http"_s, u"--count"_s,
                 u"1"_s, u"--idle-cutoff"_s, u"--max-idle"_s, u"20"_s, u"--json"_s});
    QCOMPARE(run.exitCode, 0);
    const QJsonObject cutoff = run.json.value(u"idle_cutoff"_s).toObject();
    QCOMPARE(cutoff.value(u"outcome"_s).toString(), u"found"_s);
    QCOMPARE(cutoff.value(u"drop"_s).toString(), u"silence"_s);
    const qint64 cutoffMs = cutoff.value(u"cutoff_ms"_s).toInteger();
    QVERIFY2(cutoffMs >= 900 && cutoffMs <= 1300, qPrintable(QString::number(cutoffMs)));
    const QJsonObject recommended = cutoff.value(u"recommendation"_s).toObject();
    QCOMPARE(recommended.value(u"keepalive"_s), QJsonValue(true));
    QVERIFY(recommended.value(u"idle_timeout_ms"_s).toInteger() < cutoffMs);
}

void tst_ProbeCommand::idleCutoffTextShowsEachTrial()
{
    LabThread lab;
    LabSettings settings;
    settings.idleCloseMs = 1000;
    QCOMPARE(lab.start(settings), QStringList());
    const Run run = probe({u"--target"_s, target(lab.port()), u"--protocol"_s, u"http"_s,
                           u"--count"_s, u"1"_s, u"--idle-cutoff"_s, u"--max-idle"_s, u"20"_s});
    QCOMPARE(run.exitCode, 0);
    const QString out = QString::fromUtf8(run.out);
    // A line per connection left idle, as each ends, then the finding without contradiction.
    QVERIFY2(out.contains(u"idle 0.25 s: usable"_s), qPrintable(out));
    QVERIFY(out.contains(u": fin"_s));
    QVERIFY(out.contains(u"still answered after"_s) || out.contains(u"failed after"_s));
    QVERIFY(out.contains(u"Recommended pool settings (for a pool with the defaults):"_s));
    QVERIFY(!out.contains(u"max_lifetime_ms 900"_s));
}

void tst_ProbeCommand::textOutput()
{
    LabThread lab;
    QCOMPARE(lab.start(LabSettings()), QStringList());
    const Run run = probe({u"--target"_s, target(lab.port()), u"--protocol"_s, u"redis"_s,
                           u"--count"_s, u"2"_s, u"--interval"_s, u"0"_s});
    QCOMPARE(run.exitCode, 3); // the lab speaks HTTP
    const QString text = QString::fromUtf8(run.out);
    QVERIFY2(text.startsWith(u"PROBE %1 (redis, 2 attempts"_s.arg(target(lab.port()))),
             qPrintable(text));
    QVERIFY(text.contains(u"\nseq=1 resolve="_s));
    QVERIFY(text.contains(u"\nseq=2 "_s));
    QVERIFY(text.contains(u"--- %1 probe statistics ---"_s.arg(target(lab.port()))));
    QVERIFY2(text.contains(u"\nUNREACHABLE ("_s), qPrintable(text));
    QVERIFY(text.contains(u"\n  next: "_s));
}

void tst_ProbeCommand::badArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const QString options = u"accepted: --target, --protocol, --count, --interval, --timeout, "
                            "--tls, --insecure, --ca-file, --resolve, --json, --idle-cutoff, "
                            "--max-idle"_s;
    const auto row = [](const char *name, const QStringList &arguments, const QString &message) {
        QTest::newRow(name) << arguments << u"poolscope probe: "_s + message;
    };
    const QString t = u"127.0.0.1:8080"_s;
    row("no target", {u"--count"_s, u"1"_s},
        u"--target: missing; accepted: --target HOST:PORT with a host name or an IP address "
        "(IPv6 in brackets) and a port 1 to 65535, e.g. 127.0.0.1:8080, db.internal:5432 or "
        "[::1]:6379"_s);
    row("target without port", {u"--target"_s, u"localhost"_s},
        u"--target: \"localhost\" is not accepted; accepted: HOST:PORT with a host name or an IP "
        "address (IPv6 in brackets) and a port 1 to 65535, e.g. 127.0.0.1:8080, db.internal:5432 "
        "or [::1]:6379"_s);
    row("count not a number", {u"--target"_s, t, u"--count"_s, u"many"_s},
        u"--count: \"many\" is not a whole number; accepted: 1 to 10000"_s);
    row("count zero", {u"--target"_s, t, u"--count=0"_s},
        u"--count: \"0\" is out of range; accepted: 1 to 10000"_s);
    row("interval negative", {u"--target"_s, t, u"--interval"_s, u"-5"_s},
        u"--interval: \"-5\" is out of range; accepted: 0 to 3600000 ms"_s);
    row("timeout missing", {u"--target"_s, t, u"--timeout"_s},
        u"--timeout: missing value; accepted: 1 to 600000 ms"_s);
    row("protocol unknown", {u"--target"_s, t, u"--protocol"_s, u"gopher"_s},
        u"--protocol: \"gopher\" is not accepted; accepted: echo, line, http, redis, memcached"_s);
    row("resolve malformed", {u"--target"_s, t, u"--resolve"_s, u"a:b"_s},
        u"--resolve: \"a:b\" has fewer than three parts; accepted: HOST:PORT:ADDRESS, e.g. "
        "backend.test:8080:127.0.0.2 or backend.test:443:[::1]"_s);
    row("insecure without tls", {u"--target"_s, t, u"--insecure"_s},
        u"--insecure: only means something with TLS; accepted: --insecure together with --tls"_s);
    row("tls with a value", {u"--target"_s, t, u"--tls=yes"_s},
        u"--tls: \"yes\" was given, but it takes no value; accepted: the option alone"_s);
    row("idle cutoff without protocol", {u"--target"_s, t, u"--idle-cutoff"_s},
        u"--idle-cutoff: needs --protocol, to check that an idle connection still answers; "
        "accepted: --protocol echo, line, http, redis, memcached"_s);
    row("max idle without idle cutoff", {u"--target"_s, t, u"--max-idle"_s, u"60"_s},
        u"--max-idle: only means something with --idle-cutoff; accepted: --max-idle S together "
        "with --idle-cutoff"_s);
    row("max idle too long",
        {u"--target"_s, t, u"--protocol"_s, u"http"_s, u"--idle-cutoff"_s, u"--max-idle"_s,
         u"100000"_s},
        u"--max-idle: \"100000\" is out of range; accepted: 1 to 86400 s"_s);
    row("unknown option", {u"--bogus"_s}, u"unknown option --bogus; "_s + options);
    row("stray argument", {u"stray"_s}, u"unexpected argument \"stray\"; "_s + options);
}

void tst_ProbeCommand::badArguments()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Run run = probe(arguments);
    QCOMPARE(run.exitCode, 2);
    QCOMPARE(QString::fromUtf8(run.err), message + u'\n');
    QCOMPARE(run.out, QByteArray());
}

QTEST_GUILESS_MAIN(tst_ProbeCommand)
#include "tst_probecommand.moc"

// /metrics end to end: a real Prometheus (Debian's package, started here on a free loopback port,
// scraping every second, stopped by its process id) scrapes a running "poolscope run --targets
// ... --metrics-listen" of three targets, one refused, and what its HTTP API then says of each
// target's pool equals the JSON report's section of the same run; promtool check metrics passes on
// the exposition, the lab's included; a bad or remote address is refused with one line and exit
// status 2.
#include "httpget.h"
#include "realserver.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace {

constexpr int Patience = 60'000; // ms: generous, for a loaded CI machine

// The URL a command prints once it serves /metrics ("metrics: serving URL" on stderr).
QString metricsUrl(QProcess &process, QByteArray *err)
{
    const QRegularExpression line(u"metrics: serving (http://\\S+)"_s);
    QString url;
    QTest::qWaitFor(
        [&] {
            *err += process.readAllStandardError();
            const QRegularExpressionMatch match = line.match(QString::fromUtf8(*err));
            url = match.hasMatch() ? match.captured(1) : QString();
            return !url.isEmpty() || process.state() == QProcess::NotRunning;
        },
        Patience);
    return url;
}

// promtool's verdict on an exposition: empty when it passes.
QString promtoolProblems(const QByteArray &exposition)
{
    const QString promtool = QStandardPaths::findExecutable(u"promtool"_s);
    if (promtool.isEmpty())
        return u"promtool is not installed (scripts/setup.sh installs prometheus)"_s;
    QProcess process;
    process.start(promtool, {u"check"_s, u"metrics"_s});
    process.write(exposition);
    process.closeWriteChannel();
    if (!process.waitForFinished(Patience))
        return u"promtool did not finish"_s;
    if (process.exitCode() == 0)
        return {};
    return QString::fromUtf8(process.readAllStandardOutput() + process.readAllStandardError());
}

} // namespace

class tst_MetricsCommand : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void prometheusScrapesWhatTheRunReports();
    void labExpositionPassesPromtool();
    void theWindowServesItsSession();
    void observeServesWhatItSees();
    void aScriptServesItsPool();
    void badAddressesAreRefused_data();
    void badAddressesAreRefused();

private:
    // The value Prometheus has for query (the highest it saw in the last minutes, which for a
    // counter is its latest); NaN while it has none.
    double queried(quint16 prometheusPort, const QString &query);
};

double tst_MetricsCommand::queried(quint16 prometheusPort, const QString &query)
{
    QUrl url(u"http://127.0.0.1:%1/api/v1/query"_s.arg(prometheusPort));
    QUrlQuery parameters;
    parameters.addQueryItem(u"query"_s, u"max_over_time(%1[5m])"_s.arg(query));
    url.setQuery(parameters);
    const QJsonObject answer = QJsonDocument::fromJson(httpGet(url)).object();
    const QJsonArray result = answer[u"data"_s][u"result"_s].toArray();
    if (result.size() != 1)
        return qQNaN();
    return result[0][u"value"_s][1].toString().toDouble();
}

void tst_MetricsCommand::prometheusScrapesWhatTheRunReports()
{
    // Three targets at once, one of them refused: the others carry on, and each target's
    // series, by its name, are what the report says of it.
    quint16 closedPort = 0;
    {
        QTcpServer server; // a port nothing listens on once it closes
        QVERIFY(server.listen(QHostAddress::LocalHost));
        closedPort = server.serverPort();
    }
    QTemporaryDir dir;
    QFile targets(dir.filePath(u"targets.json"_s));
    QVERIFY(targets.open(QIODevice::WriteOnly));
    targets.write(u"[{\"name\": \"web\", \"lab\": true, \"max_connections\": 3},"
                  " {\"name\": \"cache\", \"lab\": true, \"concurrency\": 2, \"rate\": 100},"
                  " {\"name\": \"gone\", \"host\": \"127.0.0.1\", \"port\": %1, "
                  "\"protocol\": \"redis\"}]"_s.arg(closedPort)
                      .toUtf8());
    targets.close();
    QProcess run;
    run.start(QStringLiteral(POOLSCOPE_BINARY),
              {u"run"_s, u"--targets"_s, targets.fileName(), u"--duration"_s, u"4"_s, u"--rate"_s,
               u"200"_s, u"--report"_s, u"json"_s, u"--metrics-listen"_s, u"127.0.0.1:0"_s,
               u"--metrics-linger"_s, u"5"_s});
    QByteArray err;
    const QUrl url(metricsUrl(run, &err));
    QVERIFY2(url.isValid() && !url.isEmpty(), err.constData());

    QString error;
    std::unique_ptr<RealServer> prometheus
        = RealServer::prometheus(u"127.0.0.1:%1"_s.arg(url.port()), &error);
    QVERIFY2(prometheus, qPrintable(error));
    const QString problems = promtoolProblems(httpGet(url));
    QVERIFY2(problems.isEmpty(), qPrintable(problems));

    // The report comes out when the run ends, before the final figures linger.
    QByteArray out;
    QJsonObject report;
    QTRY_VERIFY_WITH_TIMEOUT(
        !(report = QJsonDocument::fromJson(out += run.readAllStandardOutput()).object()).isEmpty(),
        Patience);
    const quint16 api = prometheus->port();
    for (const QJsonValue &section : report[u"targets"_s].toArray()) {
        const QString name = section[u"name"_s].toString();
        const auto reported = [&](const QString &part, const QString &key) {
            return section[part][key].toDouble();
        };
        const auto series = [&](const QString &metric, const QString &labels = {}) {
            return u"%1{job=\"poolscope\",pool=\"%2\"%3}"_s.arg(metric, name, labels);
        };
        const struct
        {
            QString query;
            double expected;
        } checks[] = {
            {series(u"poolscope_requests_total"_s, u",outcome=\"ok\""_s),
             reported(u"requests"_s, u"ok"_s)},
            {series(u"poolscope_requests_total"_s, u",outcome=\"failed\""_s),
             reported(u"requests"_s, u"failed"_s)},
            {series(u"poolscope_pool_dials_total"_s), reported(u"connections"_s, u"dialed"_s)},
            {series(u"poolscope_pool_dial_failures_total"_s, u",class=\"refused\""_s),
             reported(u"connections"_s, u"dial_failed"_s)},
            {series(u"poolscope_pool_handshakes_saved_total"_s),
             reported(u"connections"_s, u"reused"_s)},
            // Of the requests that succeeded, as the report's latency.
            {series(u"poolscope_request_duration_seconds_count"_s),
             section[u"latency_ms"_s][u"count"_s].toDouble()},
            {series(u"db_client_connection_max"_s),
             section[u"settings"_s][u"max_connections"_s].toDouble()},
        };
        if (name == u"gone"_s)
            QCOMPARE(reported(u"requests"_s, u"ok"_s), 0.0);
        else
            QVERIFY2(reported(u"requests"_s, u"ok"_s) > 50, qPrintable(name));
        for (const auto &check : checks) {
            // The final figures stay served while the command lingers, and Prometheus scrapes
            // them within a second or two.
            QTRY_COMPARE_WITH_TIMEOUT(queried(api, check.query), check.expected, Patience);
        }
    }
    QCOMPARE(report[u"targets"_s].toArray().size(), 3);
    QVERIFY(prometheus->stop());
    QVERIFY(run.waitForFinished(Patience));
    QCOMPARE(run.exitCode(), 1); // the refused target's requests failed
}

void tst_MetricsCommand::labExpositionPassesPromtool()
{
    QProcess lab;
    lab.start(QStringLiteral(POOLSCOPE_BINARY), {u"lab"_s, u"--metrics-listen"_s, u"[::1]:0"_s});
    QByteArray err;
    const QString url = metricsUrl(lab, &err);
    QVERIFY2(url.startsWith(u"http://[::1]:"_s), err.constData());
    QByteArray exposition;
    QTRY_VERIFY_WITH_TIMEOUT((exposition = httpGet(QUrl(url))).contains("poolscope_lab_up 1"),
                             Patience);
    const QString problems = promtoolProblems(exposition);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
    lab.terminate();
    QVERIFY(lab.waitForFinished(Patience));
}

void tst_MetricsCommand::theWindowServesItsSession()
{
    // The window on the embedded lab, drawn off screen, with a home of its own so no kept
    // profile or preference comes in.
    QTemporaryDir home;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    environment.insert(u"HOME"_s, home.path());
    environment.insert(u"XDG_CONFIG_HOME"_s, home.filePath(u"config"_s));
    QProcess window;
    window.setProcessEnvironment(environment);
    window.start(QStringLiteral(POOLSCOPE_BINARY), {u"--metrics-listen"_s, u"127.0.0.1:0"_s});
    QByteArray err;
    const QString url = metricsUrl(window, &err);
    QVERIFY2(url.startsWith(u"http://127.0.0.1:"_s), err.constData());
    // Its workload runs: the requests count up, and the lab is up.
    const QRegularExpression ok(
        u"poolscope_requests_total\\{pool=\"pool1\",outcome=\"ok\"\\} (\\d+)"_s);
    QByteArray exposition;
    QTRY_VERIFY_WITH_TIMEOUT(
        ok.match(QString::fromUtf8(exposition = httpGet(QUrl(url)))).captured(1).toInt() > 20,
        Patience);
    QVERIFY(exposition.contains("poolscope_lab_up 1"));
    const QString problems = promtoolProblems(exposition);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
    window.terminate();
    QVERIFY(window.waitForFinished(Patience));
}

void tst_MetricsCommand::observeServesWhatItSees()
{
    // Two connections to a server of this test's own, one of them used, observed by
    // destination from a second process.
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QTcpSocket used, quiet;
    used.connectToHost(QHostAddress::LocalHost, server.serverPort());
    quiet.connectToHost(QHostAddress::LocalHost, server.serverPort());
    QVERIFY(used.waitForConnected(Patience) && quiet.waitForConnected(Patience));
    QProcess observe;
    observe.start(QStringLiteral(POOLSCOPE_BINARY),
                  {u"observe"_s, u"--target"_s, u"127.0.0.1:%1"_s.arg(server.serverPort()),
                   u"--duration"_s, u"60"_s, u"--metrics-listen"_s, u"127.0.0.1:0"_s});
    QByteArray err;
    const QString url = metricsUrl(observe, &err);
    QVERIFY2(url.startsWith(u"http://127.0.0.1:"_s), err.constData());
    const QRegularExpression count(u"db_client_connections\\{pool=\"127\\.0\\.0\\.1:\\d+\","
                                   "db_client_connection_state=\"(idle|used)\"\\} (\\d+)"_s);
    const auto open = [&](QByteArray *exposition) {
        *exposition = httpGet(QUrl(url));
        int total = 0;
        for (auto it = count.globalMatch(QString::fromUtf8(*exposition)); it.hasNext();)
            total += it.next().captured(2).toInt();
        return total;
    };
    QByteArray exposition;
    QTRY_COMPARE_WITH_TIMEOUT(open(&exposition), 2, Patience);
    const QString problems = promtoolProblems(exposition);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
    // The program closes one: a close by the program, counted once it has gone.
    quiet.close();
    const QRegularExpression localClose(
        u"poolscope_observed_closes_total\\{pool=\"[^\"]+\",closed_by=\"local\"\\} 1"_s);
    QTRY_VERIFY_WITH_TIMEOUT(localClose.match(QString::fromUtf8(httpGet(QUrl(url)))).hasMatch(),
                             Patience);
    observe.terminate();
    QVERIFY(observe.waitForFinished(Patience));
}

void tst_MetricsCommand::aScriptServesItsPool()
{
    // A lease held on the lab while the script sleeps: one connection in use.
    QProcess script;
    script.start(QStringLiteral(POOLSCOPE_BINARY),
                 {u"script"_s, u"-"_s, u"--metrics-listen"_s, u"127.0.0.1:0"_s});
    script.write("{\"op\":\"create\",\"lab\":{},\"settings\":{\"max_connections\":3}}\n"
                 "{\"op\":\"acquire\",\"label\":\"c1\"}\n"
                 "{\"op\":\"sleep\",\"ms\":60000}\n");
    script.closeWriteChannel();
    QByteArray err;
    const QString url = metricsUrl(script, &err);
    QVERIFY2(url.startsWith(u"http://127.0.0.1:"_s), err.constData());
    QByteArray exposition;
    QTRY_VERIFY_WITH_TIMEOUT(
        (exposition = httpGet(QUrl(url)))
            .contains(
                "db_client_connections{pool=\"script\",db_client_connection_state=\"used\"} 1"),
        Patience);
    QVERIFY(exposition.contains("db_client_connection_max{pool=\"script\"} 3"));
    const QString problems = promtoolProblems(exposition);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
    script.kill();
    QVERIFY(script.waitForFinished(Patience));
}

void tst_MetricsCommand::badAddressesAreRefused_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("remote")
        << QStringList{u"run"_s, u"--lab"_s, u"--metrics-listen"_s, u"0.0.0.0:0"_s}
        << u"poolscope run: --metrics-listen: 0.0.0.0 is not a loopback address: the metrics "
           "name the backends this machine talks to and how they fare, so they are served to "
           "other machines only with --metrics-allow-remote"_s;
    QTest::newRow("not an address")
        << QStringList{u"lab"_s, u"--metrics-listen"_s, u"9464"_s}
        << u"poolscope lab: --metrics-listen: \"9464\" is not an address to listen on; "
           "accepted: HOST:PORT"_s;
    QTest::newRow("a name")
        << QStringList{u"run"_s, u"--lab"_s, u"--metrics-listen"_s, u"metrics.example:9464"_s}
        << u"poolscope run: --metrics-listen: \"metrics.example\" is not a numeric address; "_s;
    QTest::newRow("window, remote")
        << QStringList{u"--metrics-listen"_s, u"0.0.0.0:0"_s}
        << u"poolscope: --metrics-listen: 0.0.0.0 is not a loopback address"_s;
    QTest::newRow("linger") << QStringList{u"run"_s, u"--lab"_s, u"--metrics-linger"_s, u"-1"_s}
                            << u"poolscope run: --metrics-linger: "_s;
}

void tst_MetricsCommand::badAddressesAreRefused()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // For the window's row: no display, and the runtime directory a desktop session has.
    QTemporaryDir runtime;
    environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    environment.insert(u"XDG_RUNTIME_DIR"_s, runtime.path());
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(POOLSCOPE_BINARY), arguments);
    QVERIFY(process.waitForFinished(Patience));
    QCOMPARE(process.exitCode(), 2);
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(err.startsWith(message), qPrintable(err));
    QCOMPARE(err.count(u'\n'), 1);
}

QTEST_GUILESS_MAIN(tst_MetricsCommand)
#include "tst_metricscommand.moc"

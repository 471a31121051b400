// poolscope run --targets FILE.json: several targets at once, each on its own pool with its own
// settings and workload, against real servers (nginx and redis-server, started here on free
// loopback ports and stopped by their process ids). A backend restarted in the middle of the
// run does not disturb the other target's figures; a refused target fails alone; a targets
// file that cannot be run is refused with one line naming the target and the key.
#include "httpget.h"
#include "realserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

constexpr int Patience = 60'000; // ms: generous, for a loaded CI machine

QJsonObject section(const QJsonObject &report, const QString &name)
{
    for (const QJsonValue &target : report[u"targets"_s].toArray()) {
        if (target[u"name"_s].toString() == name)
            return target.toObject();
    }
    return {};
}

} // namespace

class tst_RunTargets : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void aRestartOfOneBackendLeavesTheOtherAlone();
    void aRefusedTargetFailsAlone();
    void badTargetsFiles_data();
    void badTargetsFiles();

private:
    QString writeTargets(const QString &name, const QByteArray &json) const;

    QTemporaryDir m_dir;
    std::unique_ptr<RealServer> m_nginx;
    std::unique_ptr<RealServer> m_redis;
};

void tst_RunTargets::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString error;
    m_nginx = RealServer::nginx(60, &error);
    QVERIFY2(m_nginx, qPrintable(error));
    m_redis = RealServer::redis(&error);
    QVERIFY2(m_redis, qPrintable(error));
}

QString tst_RunTargets::writeTargets(const QString &name, const QByteArray &json) const
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(json);
    return path;
}

void tst_RunTargets::aRestartOfOneBackendLeavesTheOtherAlone()
{
    const QString targets = writeTargets(
        u"two.json"_s,
        u"[{\"name\": \"web\", \"host\": \"127.0.0.1\", \"port\": %1, \"protocol\": \"http\", "
        "\"concurrency\": 2, \"rate\": 200},"
        " {\"name\": \"cache\", \"host\": \"127.0.0.1\", \"port\": %2, \"protocol\": \"redis\", "
        "\"concurrency\": 3, \"rate\": 200, \"backoff_max_ms\": 200}]"_s.arg(m_nginx->port())
            .arg(m_redis->port())
            .toUtf8());
    QProcess run;
    run.start(QStringLiteral(POOLSCOPE_BINARY),
              {u"run"_s, u"--targets"_s, targets, u"--duration"_s, u"4"_s, u"--report"_s, u"json"_s,
               u"--metrics-listen"_s, u"127.0.0.1:0"_s});
    // Both pools at work (their metrics, by target name, say so), then redis goes away and
    // comes back on the same port.
    QByteArray err;
    const QRegularExpression serving(u"metrics: serving (http://\\S+)"_s);
    QTRY_VERIFY_WITH_TIMEOUT(
        serving.match(QString::fromUtf8(err += run.readAllStandardError())).hasMatch(), Patience);
    const QUrl metrics(serving.match(QString::fromUtf8(err)).captured(1));
    const auto okOf = [&metrics](const QString &pool) {
        const QRegularExpression ok(
            u"poolscope_requests_total\\{pool=\"%1\",outcome=\"ok\"\\} (\\d+)"_s.arg(pool));
        return ok.match(QString::fromUtf8(httpGet(metrics))).captured(1).toInt();
    };
    QTRY_VERIFY_WITH_TIMEOUT(okOf(u"web"_s) > 50 && okOf(u"cache"_s) > 50, Patience);
    QVERIFY(m_redis->stop());
    QVERIFY(m_redis->start());
    QVERIFY(run.waitForFinished(Patience));
    err += run.readAllStandardError();
    const QJsonObject report = QJsonDocument::fromJson(run.readAllStandardOutput()).object();
    QVERIFY2(!report.isEmpty(), err.constData());

    const QJsonObject web = section(report, u"web"_s);
    const QJsonObject cache = section(report, u"cache"_s);
    // The web target saw nothing of it: every request ok, its connections (two at most) never
    // redialed and never closed.
    QVERIFY(web[u"requests"_s][u"ok"_s].toInteger() > 100);
    QCOMPARE(web[u"requests"_s][u"failed"_s].toInteger(), 0);
    QVERIFY(web[u"connections"_s][u"dialed"_s].toInteger() <= 2); // its max connections
    QCOMPARE(web[u"connections"_s][u"evicted"_s].toObject(), QJsonObject());
    // The cache target lost its connections and dialed new ones.
    QVERIFY2(cache[u"connections"_s][u"dialed"_s].toInteger() > 3,
             QJsonDocument(cache[u"connections"_s].toObject()).toJson().constData());
    QVERIFY(cache[u"requests"_s][u"ok"_s].toInteger() > 50);
    // The total adds up.
    QCOMPARE(report[u"total"_s][u"ok"_s].toInteger(),
             web[u"requests"_s][u"ok"_s].toInteger() + cache[u"requests"_s][u"ok"_s].toInteger());
    QVERIFY(run.exitCode() == 0 || run.exitCode() == 1);
}

void tst_RunTargets::aRefusedTargetFailsAlone()
{
    quint16 closedPort = 0;
    {
        QTcpServer server; // a port nothing listens on once it closes
        QVERIFY(server.listen(QHostAddress::LocalHost));
        closedPort = server.serverPort();
    }
    const QString targets = writeTargets(
        u"refused.json"_s,
        u"[{\"name\": \"web\", \"host\": \"127.0.0.1\", \"port\": %1, \"protocol\": \"http\"},"
        " {\"name\": \"gone\", \"host\": \"127.0.0.1\", \"port\": %2, \"protocol\": \"redis\"},"
        " {\"name\": \"lab\", \"lab\": true, \"concurrency\": 2}]"_s.arg(m_nginx->port())
            .arg(closedPort)
            .toUtf8());
    QProcess run;
    run.start(
        QStringLiteral(POOLSCOPE_BINARY),
        {u"run"_s, u"--targets"_s, targets, u"--requests"_s, u"200"_s, u"--report"_s, u"json"_s});
    QVERIFY(run.waitForFinished(Patience));
    const QString err = QString::fromUtf8(run.readAllStandardError());
    const QJsonObject report = QJsonDocument::fromJson(run.readAllStandardOutput()).object();
    QCOMPARE(run.exitCode(), 1);
    QVERIFY2(err.startsWith(u"poolscope run: could not reach gone: "_s), qPrintable(err));
    for (const QString &name : {u"web"_s, u"lab"_s}) {
        const QJsonObject target = section(report, name);
        QCOMPARE(target[u"requests"_s][u"ok"_s].toInteger(), 200);
        QCOMPARE(target[u"requests"_s][u"failed"_s].toInteger(), 0);
    }
    const QJsonObject gone = section(report, u"gone"_s);
    QCOMPARE(gone[u"requests"_s][u"ok"_s].toInteger(), 0);
    QVERIFY(gone[u"requests"_s][u"errors"_s][u"refused"_s].toInteger() > 0);
}

void tst_RunTargets::badTargetsFiles_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");
    QTest::newRow("not an array") << QByteArray("{\"name\": \"a\"}")
                                  << u"not an array; accepted: a JSON array of objects"_s;
    QTest::newRow("empty") << QByteArray("[]") << u"an empty array; accepted: "_s;
    QTest::newRow("no name") << QByteArray("[{\"lab\": true}]")
                             << u"target 1: name: missing or empty; accepted: "_s;
    QTest::newRow("unknown key") << QByteArray("[{\"name\": \"a\", \"lab\": true, \"colour\": 1}]")
                                 << u"target 1 (\"a\"): colour: unknown key; accepted: name, lab, "
                                    "host, port"_s;
    QTest::newRow("no host") << QByteArray("[{\"name\": \"a\", \"protocol\": \"http\"}]")
                             << u"target 1 (\"a\"): host and port: missing; accepted: "_s;
    QTest::newRow("no protocol") << QByteArray("[{\"name\": \"a\", \"host\": \"127.0.0.1\", "
                                               "\"port\": 80}]")
                                 << u"target 1 (\"a\"): protocol: missing; accepted: "_s;
    QTest::newRow("bad setting") << QByteArray("[{\"name\": \"a\", \"lab\": true}, {\"name\": "
                                               "\"b\", \"lab\": true, \"max_connections\": 0}]")
                                 << u"target 2 (\"b\"): max_connections: "_s;
    QTest::newRow("same name") << QByteArray("[{\"name\": \"a\", \"lab\": true}, {\"name\": "
                                             "\"a\", \"lab\": true}]")
                               << u"target 2: name \"a\" is taken by an earlier target; "_s;
}

void tst_RunTargets::badTargetsFiles()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    const QString path = writeTargets(u"bad.json"_s, json);
    QProcess run;
    run.start(QStringLiteral(POOLSCOPE_BINARY), {u"run"_s, u"--targets"_s, path});
    QVERIFY(run.waitForFinished(Patience));
    QCOMPARE(run.exitCode(), 2);
    const QString err = QString::fromUtf8(run.readAllStandardError());
    const QString expected = u"poolscope run: --targets: %1: "_s.arg(path) + message;
    QVERIFY2(err.startsWith(expected), qPrintable(err + u"\nexpected: "_s + expected));
    QCOMPARE(err.count(u'\n'), 1);
}

QTEST_GUILESS_MAIN(tst_RunTargets)
#include "tst_runtargets.moc"

#include "protocol.h"
#include "responseparser.h"

#include <QProcess>
#include <QRegularExpression>
#include <QSslSocket>
#include <QTcpServer>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;

// End to end: the built poolscope binary, run as "poolscope lab ...".
class tst_LabCommand : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void servesUntilSignal_data();
    void servesUntilSignal();
    void tlsAndProtocol();
    void badArguments_data();
    void badArguments();
    void addressInUse();
    void help();
};

namespace {

constexpr int Timeout = 15'000;

// Starts "poolscope lab arguments" and reads its first line; returns the port, or 0.
quint16 startLab(QProcess &process, const QStringList &arguments, QString *firstLine)
{
    process.start(QStringLiteral(POOLSCOPE_BINARY), QStringList{u"lab"_s} + arguments);
    if (!process.waitForStarted(Timeout))
        return 0;
    while (!process.canReadLine() && process.waitForReadyRead(Timeout))
        ;
    *firstLine = QString::fromUtf8(process.readLine()).trimmed();
    const auto match
        = QRegularExpression(u"^lab: listening on 127\\.0\\.0\\.1:(\\d+) \\("_s).match(*firstLine);
    return match.hasMatch() ? quint16(match.captured(1).toUInt()) : 0;
}

ResponseParser::Status request(QTcpSocket &socket, const Protocol &protocol)
{
    socket.write(protocol.request());
    const auto parser = protocol.createParser();
    QByteArray buffer;
    while (parser->status() == ResponseParser::Status::NeedMore
           && socket.waitForReadyRead(Timeout)) {
        buffer += socket.readAll();
        parser->parse(buffer);
    }
    return parser->status();
}

} // namespace

void tst_LabCommand::servesUntilSignal_data()
{
    QTest::addColumn<int>("signalNumber");
    QTest::newRow("SIGTERM") << int(SIGTERM);
    QTest::newRow("SIGINT") << int(SIGINT);
}

void tst_LabCommand::servesUntilSignal()
{
    QFETCH(int, signalNumber);
    QProcess process;
    QString firstLine;
    const quint16 port
        = startLab(process, {u"--listen"_s, u"127.0.0.1:0"_s, u"--latency"_s, u"5"_s}, &firstLine);
    QVERIFY2(port != 0, qPrintable(firstLine));
    QCOMPARE(firstLine, u"lab: listening on 127.0.0.1:%1 (http, tls off)"_s.arg(port));

    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(socket.waitForConnected(Timeout));
    Protocol http;
    QCOMPARE(request(socket, http), ResponseParser::Status::Complete);

    ::kill(pid_t(process.processId()), signalNumber);
    QVERIFY(process.waitForFinished(Timeout));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    QCOMPARE(process.readAllStandardOutput(),
             "lab: stopped after 1 connections, 1 requests, 0 error replies\n"_ba);
    QCOMPARE(process.readAllStandardError(), QByteArray());
}

void tst_LabCommand::tlsAndProtocol()
{
    QProcess process;
    QString firstLine;
    const quint16 port = startLab(process, {u"--protocol=redis"_s, u"--tls"_s}, &firstLine);
    QVERIFY2(port != 0, qPrintable(firstLine));
    QVERIFY(firstLine.endsWith(u"(redis, tls on)"_s));
    QSslSocket socket;
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setCaCertificates(
        QSslCertificate::fromPath(QStringLiteral(POOLSCOPE_SOURCE_DIR "/resources/lab/cert.pem")));
    socket.setSslConfiguration(configuration);
    socket.connectToHostEncrypted(u"localhost"_s, port);
    QVERIFY2(socket.waitForEncrypted(Timeout), qPrintable(socket.errorString()));
    Protocol redis;
    redis.kind = ProtocolKind::Redis;
    QCOMPARE(request(socket, redis), ResponseParser::Status::Complete);
    process.terminate();
    QVERIFY(process.waitForFinished(Timeout));
    QCOMPARE(process.exitCode(), 0);
}

void tst_LabCommand::badArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");

    const QString options
        = u"accepted: --listen, --protocol, --latency, --jitter, "
          "--response-size, --setup-delay, --tls, --idle-close, --silent-drop, "
          "--max-clients, --error-rate, --blackhole, --pause-accepting, --metrics-listen, "
          "--metrics-allow-remote, --metrics-linger"_s;
    const QString listen = u"accepted: ADDR:PORT with an IP address (IPv6 in brackets) and a port "
                           "0 to 65535, e.g. 127.0.0.1:0 or [::1]:8080"_s;
    const auto row = [](const char *name, const QStringList &arguments, const QString &message) {
        QTest::newRow(name) << arguments << u"poolscope lab: "_s + message;
    };
    row("latency not a number", {u"--latency"_s, u"abc"_s},
        u"--latency: \"abc\" is not a number; accepted: 0 to 600000 (ms)"_s);
    row("latency missing", {u"--latency"_s},
        u"--latency: missing value; accepted: 0 to 600000 (ms)"_s);
    row("jitter negative", {u"--jitter=-5"_s},
        u"--jitter: \"-5\" is out of range; accepted: 0 to 600000 (ms)"_s);
    row("setup-delay too long", {u"--setup-delay"_s, u"600001"_s},
        u"--setup-delay: \"600001\" is out of range; accepted: 0 to 600000 (ms)"_s);
    row("idle-close not a number", {u"--idle-close"_s, u"soon"_s},
        u"--idle-close: \"soon\" is not a number; accepted: 0 (never) or 1 to 86400000 (ms)"_s);
    row("silent-drop negative", {u"--silent-drop"_s, u"-1"_s},
        u"--silent-drop: \"-1\" is out of range; accepted: 0 (never) or 1 to 86400000 (ms)"_s);
    row("max-clients fraction", {u"--max-clients"_s, u"1.5"_s},
        u"--max-clients: \"1.5\" is not a whole number; accepted: 0 (unlimited) or 1 to 100000"_s);
    row("response-size huge", {u"--response-size"_s, u"1e12"_s},
        u"--response-size: \"1e12\" is out of range; accepted: 0 to 67108864 (bytes)"_s);
    row("error-rate over 1", {u"--error-rate"_s, u"2"_s},
        u"--error-rate: \"2\" is out of range; accepted: 0 to 1"_s);
    row("protocol unknown", {u"--protocol"_s, u"gopher"_s},
        u"--protocol: \"gopher\" is not accepted; accepted: echo, line, http, redis or memcached"_s);
    row("tls not a switch", {u"--tls=maybe"_s},
        u"--tls: \"maybe\" is not a switch; accepted: on or off"_s);
    row("listen not an address", {u"--listen"_s, u"nowhere"_s},
        u"--listen: \"nowhere\" is not accepted; "_s + listen);
    row("listen bad port", {u"--listen"_s, u"127.0.0.1:70000"_s},
        u"--listen: \"127.0.0.1:70000\" is not accepted; "_s + listen);
    row("listen ipv6 without brackets", {u"--listen"_s, u"::1:80"_s},
        u"--listen: \"::1:80\" is not accepted; "_s + listen);
    row("unknown option", {u"--bogus"_s}, u"unknown option --bogus; "_s + options);
    row("stray argument", {u"stray"_s}, u"unexpected argument \"stray\"; "_s + options);
}

void tst_LabCommand::badArguments()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    QProcess process;
    process.start(QStringLiteral(POOLSCOPE_BINARY), QStringList{u"lab"_s} + arguments);
    QVERIFY(process.waitForFinished(Timeout));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 2);
    QCOMPARE(QString::fromUtf8(process.readAllStandardError()), message + u'\n');
    QCOMPARE(process.readAllStandardOutput(), QByteArray());
}

void tst_LabCommand::addressInUse()
{
    QTcpServer taken;
    QVERIFY(taken.listen(QHostAddress::LocalHost));
    QProcess process;
    process.start(QStringLiteral(POOLSCOPE_BINARY),
                  {u"lab"_s, u"--listen"_s, u"127.0.0.1:%1"_s.arg(taken.serverPort())});
    QVERIFY(process.waitForFinished(Timeout));
    QCOMPARE(process.exitCode(), 1);
    const QString error = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(error.startsWith(
                 u"poolscope lab: cannot listen on 127.0.0.1:%1: "_s.arg(taken.serverPort())),
             qPrintable(error));
    QCOMPARE(error.count(u'\n'), 1);
}

void tst_LabCommand::help()
{
    for (const QString &argument : {u"help"_s, u"--help"_s}) {
        QProcess process;
        process.start(QStringLiteral(POOLSCOPE_BINARY), {argument});
        QVERIFY(process.waitForFinished(Timeout));
        QCOMPARE(process.exitCode(), 0);
        QVERIFY(process.readAllStandardOutput().contains("\n  lab "));
    }
    QProcess lab;
    lab.start(QStringLiteral(POOLSCOPE_BINARY), {u"lab"_s, u"--help"_s});
    QVERIFY(lab.waitForFinished(Timeout));
    QCOMPARE(lab.exitCode(), 0);
    const QByteArray usage = lab.readAllStandardOutput();
    QVERIFY(usage.contains("--silent-drop MS"));
    QVERIFY(usage.contains("simulated handshake"));

    QProcess unknown;
    unknown.start(QStringLiteral(POOLSCOPE_BINARY), {u"frobnicate"_s});
    QVERIFY(unknown.waitForFinished(Timeout));
    QCOMPARE(unknown.exitCode(), 2);
}

QTEST_GUILESS_MAIN(tst_LabCommand)
#include "tst_labcommand.moc"

#include "protocol.h"
#include "responseparser.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

using Status = ResponseParser::Status;

// The client protocols against the real servers they stand for: nginx, redis-server and
// memcached, each started on a free loopback port. A server that is not installed is skipped.
class tst_ProtocolInterop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void nginx();
    void redis();
    void memcached();

private:
    // Starts program and waits until it accepts connections on port.
    bool startServer(const QString &program, const QStringList &arguments, quint16 port);
    QProcess m_process;
};

namespace {

constexpr int Timeout = 15'000;

quint16 freePort()
{
    QTcpServer server;
    return server.listen(QHostAddress::LocalHost) ? server.serverPort() : 0;
}

struct Result
{
    Status status = Status::NeedMore;
    bool reusable = false;
    bool errorReply = false;
    QString error;
};

Result exchange(QTcpSocket &socket, const Protocol &protocol, const QByteArray &request)
{
    socket.write(request);
    const auto parser = protocol.createParser();
    QByteArray buffer;
    while (parser->status() == Status::NeedMore) {
        if (!socket.waitForReadyRead(Timeout)) {
            parser->finish();
            break;
        }
        buffer += socket.readAll();
        parser->parse(buffer);
    }
    return {parser->status(), parser->reusable(), parser->isErrorReply(), parser->errorString()};
}

} // namespace

bool tst_ProtocolInterop::startServer(const QString &program, const QStringList &arguments,
                                      quint16 port)
{
    m_process.start(program, arguments);
    if (!m_process.waitForStarted(Timeout))
        return false;
    return QTest::qWaitFor(
               [&] {
                   QTcpSocket probe;
                   probe.connectToHost(QHostAddress::LocalHost, port);
                   return probe.waitForConnected(Timeout) || m_process.state() != QProcess::Running;
               },
               Timeout)
        && m_process.state() == QProcess::Running;
}

void tst_ProtocolInterop::nginx()
{
    const QString program = QStandardPaths::findExecutable(u"nginx"_s, {u"/usr/sbin"_s});
    if (program.isEmpty())
        QSKIP("nginx is not installed");
    QTemporaryDir dir;
    const quint16 port = freePort();
    QFile config(dir.filePath(u"nginx.conf"_s));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write(QStringLiteral(
                     "daemon off; pid %1/nginx.pid; error_log stderr error; events {}\n"
                     "http { access_log off; client_body_temp_path %1;\n"
                     "  server { listen 127.0.0.1:%2; keepalive_requests 1000;\n"
                     "    location = /ok { return 200 \"hello\\n\"; }\n"
                     "    location = /fail { return 503; }\n"
                     "    location = /close { keepalive_timeout 0; return 200 \"bye\\n\"; } } }\n")
                     .arg(dir.path())
                     .arg(port)
                     .toUtf8());
    config.close();
    QVERIFY(startServer(program, {u"-c"_s, config.fileName(), u"-p"_s, dir.path()}, port));
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(socket.waitForConnected(Timeout));
    Protocol http;
    http.httpPath = u"/ok"_s;
    Result result = exchange(socket, http, http.request());
    QCOMPARE(result.status, Status::Complete);
    QVERIFY(result.reusable);
    http.httpPath = u"/missing"_s; // 404 with an HTML body
    result = exchange(socket, http, http.request());
    QCOMPARE(result.status, Status::Complete);
    QVERIFY(result.reusable);
    QVERIFY(!result.errorReply);
    http.httpPath = u"/fail"_s;
    result = exchange(socket, http, http.request());
    QCOMPARE(result.status, Status::Complete);
    QVERIFY(result.errorReply);
    http.httpPath = u"/close"_s;
    result = exchange(socket, http, http.request());
    QCOMPARE(result.status, Status::Complete);
    QVERIFY(!result.reusable);
    m_process.terminate();
    QVERIFY(m_process.waitForFinished(Timeout));
}

void tst_ProtocolInterop::redis()
{
    const QString program = QStandardPaths::findExecutable(u"redis-server"_s);
    if (program.isEmpty())
        QSKIP("redis-server is not installed");
    QTemporaryDir dir;
    const quint16 port = freePort();
    QVERIFY(startServer(program,
                        {u"--port"_s, QString::number(port), u"--bind"_s, u"127.0.0.1"_s,
                         u"--save"_s, u""_s, u"--dir"_s, dir.path(), u"--logfile"_s, u""_s},
                        port));
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(socket.waitForConnected(Timeout));
    Protocol redis;
    redis.kind = ProtocolKind::Redis;
    Result result = exchange(socket, redis, redis.request());
    QCOMPARE(result.status, Status::Complete);
    QVERIFY(result.reusable && !result.errorReply);
    result = exchange(socket, redis, "NOSUCHCOMMAND\r\n"_ba);
    QCOMPARE(result.status, Status::Complete);
    QVERIFY(result.errorReply);
    QVERIFY2(result.error.startsWith(u"error reply: ERR unknown command"_s),
             qPrintable(result.error));
    // RESP3: a map.
    result = exchange(socket, redis, "HELLO 3\r\n"_ba);
    QCOMPARE(result.status, Status::Complete);
    QVERIFY(!result.errorReply);
    result = exchange(socket, redis, "*3\r\n$4\r\nSADD\r\n$1\r\ns\r\n$1\r\na\r\n"_ba);
    QCOMPARE(result.status, Status::Complete);
    result = exchange(socket, redis, "SMEMBERS s\r\n"_ba); // a RESP3 set
    QCOMPARE(result.status, Status::Complete);
    m_process.terminate();
    QVERIFY(m_process.waitForFinished(Timeout));
}

void tst_ProtocolInterop::memcached()
{
    const QString program = QStandardPaths::findExecutable(u"memcached"_s);
    if (program.isEmpty())
        QSKIP("memcached is not installed");
    const quint16 port = freePort();
    QVERIFY(startServer(program,
                        {u"-l"_s, u"127.0.0.1"_s, u"-p"_s, QString::number(port), u"-U"_s, u"0"_s,
                         u"-u"_s, u"nobody"_s},
                        port));
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(socket.waitForConnected(Timeout));
    Protocol memcached;
    memcached.kind = ProtocolKind::Memcached;
    Result result = exchange(socket, memcached, memcached.request());
    QCOMPARE(result.status, Status::Complete);
    QVERIFY(result.reusable && !result.errorReply);
    result = exchange(socket, memcached, "bogus\r\n"_ba);
    QCOMPARE(result.status, Status::Complete);
    QVERIFY(result.errorReply);
    QVERIFY(result.reusable);
    m_process.terminate();
    QVERIFY(m_process.waitForFinished(Timeout));
}

QTEST_GUILESS_MAIN(tst_ProtocolInterop)
#include "tst_protocolinterop.moc"

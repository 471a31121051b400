#include "protocol.h"
#include "realserver.h"
#include "responseparser.h"

#include <QTcpSocket>
#include <QTest>

using namespace Qt::StringLiterals;

using Status = ResponseParser::Status;

// The client protocols against the real servers they stand for: nginx, redis-server and
// memcached, each started on a free loopback port.
class tst_ProtocolInterop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void nginx();
    void redis();
    void memcached();
};

namespace {

constexpr int Timeout = 15'000;

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

void tst_ProtocolInterop::nginx()
{
    QString error;
    const auto server = RealServer::nginx(75, &error);
    QVERIFY2(server, qPrintable(error));
    const quint16 port = server->port();
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(socket.waitForConnected(Timeout));
    Protocol http;
    http.httpPath = u"/ok"_s; // any path but /fail and /close: 200 with a body
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
    QVERIFY(server->stop());
}

void tst_ProtocolInterop::redis()
{
    QString error;
    const auto server = RealServer::redis(&error);
    QVERIFY2(server, qPrintable(error));
    const quint16 port = server->port();
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
    QVERIFY(server->stop());
}

void tst_ProtocolInterop::memcached()
{
    QString error;
    const auto server = RealServer::memcached(&error);
    QVERIFY2(server, qPrintable(error));
    const quint16 port = server->port();
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
    QVERIFY(server->stop());
}

QTEST_GUILESS_MAIN(tst_ProtocolInterop)
#include "tst_protocolinterop.moc"

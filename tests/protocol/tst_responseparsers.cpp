#include "httpresponseparser.h"
#include "httpsyntax.h"
#include "protocol.h"
#include "responseparser.h"

#include <QTest>

#include <functional>

using namespace Qt::StringLiterals;

using Status = ResponseParser::Status;

class tst_ResponseParsers : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void kindNames();
    void requests();
    void validate();
    void answersAreRecognised_data();
    void answersAreRecognised();
    void responses_data();
    void responses();
    void finish_data();
    void finish();
    void boundedMemory_data();
    void boundedMemory();
    void httpStatusCode();
    void httpToken_data();
    void httpToken();
    void httpFieldValue_data();
    void httpFieldValue();
};

namespace {

struct Fed
{
    Status status = Status::NeedMore;
    QByteArray rest;
};

// Feeds data in pieces of chunk bytes, as a socket would deliver it.
Fed feed(ResponseParser &parser, const QByteArray &data, qsizetype chunk)
{
    QByteArray buffer;
    for (qsizetype at = 0; at < data.size(); at += chunk) {
        buffer += data.mid(at, chunk);
        const Status status = parser.parse(buffer);
        if (status != Status::NeedMore)
            return {status, buffer + data.mid(at + chunk)};
    }
    return {Status::NeedMore, buffer};
}

Protocol protocolFor(ProtocolKind kind, qint64 maxResponseBytes = Protocol::DefaultMaxResponseBytes)
{
    Protocol protocol;
    protocol.kind = kind;
    protocol.echoPayloadSize = 10;
    protocol.maxResponseBytes = maxResponseBytes;
    return protocol;
}

} // namespace

void tst_ResponseParsers::kindNames()
{
    for (const QString &name : enumNameList<ProtocolKind>()) {
        const auto kind = enumFromName<ProtocolKind>(name);
        QVERIFY(kind);
        QCOMPARE(enumName(*kind), name);
    }
    QCOMPARE(enumFromName<ProtocolKind>(u"HTTP", Qt::CaseInsensitive), ProtocolKind::Http);
    QVERIFY(!enumFromName<ProtocolKind>(u"gopher"));
    QCOMPARE(enumNameList<ProtocolKind>().size(), 5);
}

void tst_ResponseParsers::requests()
{
    Protocol protocol = protocolFor(ProtocolKind::Echo);
    QCOMPARE(protocol.request(), "0123456789"_ba);
    protocol.kind = ProtocolKind::Line;
    QCOMPARE(protocol.request(), "ping\n"_ba);
    protocol.kind = ProtocolKind::Http;
    protocol.httpPath = u"/health?x=1"_s;
    protocol.httpHost = u"example.test:8080"_s;
    QCOMPARE(protocol.request(),
             "GET /health?x=1 HTTP/1.1\r\nHost: example.test:8080\r\nConnection: keep-alive\r\n"
             "User-Agent: PoolScope\r\nAccept: */*\r\n\r\n"_ba);
    protocol.kind = ProtocolKind::Redis;
    QCOMPARE(protocol.request(), "*1\r\n$4\r\nPING\r\n"_ba);
    protocol.kind = ProtocolKind::Memcached;
    QCOMPARE(protocol.request(), "version\r\n"_ba);
}

void tst_ResponseParsers::answersAreRecognised_data()
{
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<AnswerKind>("kind");
    QTest::newRow("http") << "HTTP/1.1 400 Bad Request\r\n"_ba << AnswerKind::Http;
    QTest::newRow("redis error") << "-ERR unknown command 'GET'\r\n"_ba << AnswerKind::Redis;
    QTest::newRow("redis status") << "+PONG\r\n"_ba << AnswerKind::Redis;
    QTest::newRow("memcached error") << "ERROR\r\nERROR\r\n"_ba << AnswerKind::Memcached;
    QTest::newRow("memcached version") << "VERSION 1.6.21\r\n"_ba << AnswerKind::Memcached;
    QTest::newRow("tls alert") << "\x15\x03\x03\x00\x02\x02\x46"_ba << AnswerKind::Tls;
    QTest::newRow("tls handshake") << "\x16\x03\x01\x00\x7a"_ba << AnswerKind::Tls;
    // A line or echo server says anything; a lone type byte is not yet a RESP line.
    QTest::newRow("a line") << "pong\n"_ba << AnswerKind::Unknown;
    QTest::newRow("half a redis line") << "-ERR unkn"_ba << AnswerKind::Unknown;
    QTest::newRow("nothing") << QByteArray() << AnswerKind::Unknown;
}

void tst_ResponseParsers::answersAreRecognised()
{
    QFETCH(QByteArray, answer);
    QFETCH(AnswerKind, kind);
    QCOMPARE(recogniseAnswer(answer), kind);
}

void tst_ResponseParsers::validate()
{
    QVERIFY(Protocol().validate().isEmpty());
    Protocol protocol;
    protocol.httpPath = u"no slash"_s;
    protocol.httpHost = QString();
    protocol.maxResponseBytes = 10;
    const QStringList errors = protocol.validate();
    QCOMPARE(errors.size(), 3);
    QVERIFY(errors.at(0).startsWith(u"max-response-size: 10 is out of range; accepted: 1024 to"));
    QVERIFY(errors.at(1).startsWith(u"http-path: \"no slash\" is not accepted"));
    QVERIFY(errors.at(2).startsWith(u"http-host: \"\" is not accepted"));
    protocol = protocolFor(ProtocolKind::Line);
    protocol.lineText = u"two\nlines"_s;
    QCOMPARE(protocol.validate().size(), 1);
    protocol = protocolFor(ProtocolKind::Echo);
    protocol.echoPayloadSize = 0;
    QVERIFY(protocol.validate().value(0).startsWith(u"payload-size: 0 is out of range"));
}

void tst_ResponseParsers::responses_data()
{
    QTest::addColumn<ProtocolKind>("kind");
    QTest::addColumn<QByteArray>("response");
    QTest::addColumn<Status>("status");
    QTest::addColumn<bool>("reusable");
    QTest::addColumn<bool>("errorReply");
    QTest::addColumn<QString>("message"); // contained in errorString()
    QTest::addColumn<QByteArray>("rest"); // left in the buffer

    const auto ok = [](const char *name, ProtocolKind kind, const QByteArray &response,
                       bool reusable = true, const QByteArray &rest = {}) {
        QTest::newRow(name) << kind << response + rest << Status::Complete << reusable << false
                            << QString() << rest;
    };
    const auto errorReply = [](const char *name, ProtocolKind kind, const QByteArray &response,
                               bool reusable, const QString &message) {
        QTest::newRow(name) << kind << response << Status::Complete << reusable << true << message
                            << QByteArray();
    };
    const auto bad = [](const char *name, ProtocolKind kind, const QByteArray &response,
                        const QString &message) {
        QTest::newRow(name) << kind << response << Status::Error << false << false << message
                            << QByteArray();
    };

    const auto Echo = ProtocolKind::Echo;
    ok("echo", Echo, "0123456789", true, "next");
    bad("echo mismatch", Echo, "01234x6789", u"differs from the request at byte 5"_s);

    const auto Line = ProtocolKind::Line;
    ok("line", Line, "pong\n", true, "more");
    ok("line crlf", Line, "pong\r\n");
    ok("line empty", Line, "\n");

    const auto Http = ProtocolKind::Http;
    ok("http content-length", Http, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", true,
       "HTTP/1.1 200");
    ok("http no reason", Http, "HTTP/1.1 204\r\n\r\n");
    ok("http bare LF", Http, "HTTP/1.1 200 OK\nContent-Length: 2\n\nok");
    ok("http leading empty line", Http, "\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    ok("http chunked", Http,
       "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"
       "1A;ext=1\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\n\r\n",
       true, "rest");
    ok("http chunked trailers", Http,
       "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n"
       "Checksum: 1\r\nOther: 2\r\n\r\n");
    ok("http chunked among empty list elements", Http,
       "HTTP/1.1 200 OK\r\nTransfer-Encoding: , Chunked ,\r\n\r\n0\r\n\r\n");
    ok("http tab and obs-text in a header value", Http,
       "HTTP/1.1 200 OK\r\nX-Note: caf\xc3\xa9\tau lait\r\nContent-Length: 0\r\n\r\n");
    ok("http 100 continue", Http,
       "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
       "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    ok("http 204 ignores length", Http, "HTTP/1.1 204 No Content\r\n\r\n", true, "next");
    ok("http 304", Http, "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n");
    ok("http connection close", Http,
       "HTTP/1.1 200 OK\r\nConnection: Keep-Alive, Close\r\nContent-Length: 0\r\n\r\n", false);
    ok("http/1.0", Http, "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", false);
    ok("http/1.0 keep-alive", Http,
       "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n");
    ok("http repeated equal lengths", Http,
       "HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\nContent-Length: 2\r\n\r\nok");
    errorReply("http 503", Http,
               "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\n\r\nbusy", true,
               u"HTTP status 503"_s);
    ok("http 404 is not an error reply", Http,
       "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
    bad("http garbage", Http, "\x16\x03\x01\x02\x00\x01\x00"_ba,
        u"not an HTTP response: it starts with \"\\x16"_s);
    bad("http other protocol", Http, "+PONG\r\n", u"not an HTTP response: it starts with \"+"_s);
    bad("http almost", Http, "HTTPS/1.1 200 OK\r\n", u"not an HTTP response"_s);
    bad("http version 2", Http, "HTTP/2 200\r\n\r\n", u"unsupported HTTP version"_s);
    bad("http bad status", Http, "HTTP/1.1 2x0 OK\r\n\r\n", u"malformed status line"_s);
    bad("http bad header", Http, "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
        u"malformed header line \"no colon here\""_s);
    bad("http space before colon", Http, "HTTP/1.1 200 OK\r\nContent-Length : 1\r\n\r\n",
        u"malformed header line"_s);
    bad("http folding", Http, "HTTP/1.1 200 OK\r\nX: a\r\n  b\r\n\r\n", u"line folding"_s);
    bad("http huge content-length", Http,
        "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n",
        u"Content-Length 99999999999999999999 exceeds the max response size of 16777216 bytes"_s);
    bad("http content-length over max", Http, "HTTP/1.1 200 OK\r\nContent-Length: 16777217\r\n\r\n",
        u"exceeds the max response size"_s);
    bad("http negative content-length", Http, "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
        u"malformed Content-Length \"-1\""_s);
    bad("http conflicting lengths", Http,
        "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
        u"conflicting Content-Length values 1 and 2"_s);
    // Each of these fails at its header line, before the head has ended.
    bad("http transfer coding after chunked", Http,
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n",
        u"Transfer-Encoding \"chunked, gzip\" applies the transfer coding \"gzip\", which "
        "PoolScope did not ask for (it sends no TE); accepted: chunked"_s);
    bad("http transfer coding before chunked", Http,
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n",
        u"applies the transfer coding \"gzip\""_s);
    bad("http transfer coding over two lines", Http,
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: br\r\n",
        u"applies the transfer coding \"br\""_s);
    bad("http/1.0 transfer coding", Http, "HTTP/1.0 200 OK\r\nTransfer-Encoding: gzip\r\n",
        u"applies the transfer coding \"gzip\""_s);
    bad("http chunked twice", Http,
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
        u"Transfer-Encoding \"chunked\" applies chunked more than once"_s);
    bad("http NUL in a header value", Http, "HTTP/1.1 200 OK\r\nX-Id: ab\0cd\r\n"_ba,
        u"the header \"X-Id\" has the byte \"\\x00\" in its value, which RFC 9110 forbids "
        "there; accepted: visible characters, spaces and tabs"_s);
    bad("http NUL in a trailer", Http,
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-Sum: \0\r\n"_ba,
        u"the header \"X-Sum\" has the byte \"\\x00\""_s);
    bad("http CR alone in a header value", Http, "HTTP/1.1 200 OK\r\nX-Id: ab\rcd\r\n",
        u"the header \"X-Id\" has the byte \"\\r\""_s);
    bad("http CR before a header's CRLF", Http, "HTTP/1.1 200 OK\r\nX-Id: ab\r\r\n",
        u"the header \"X-Id\" has the byte \"\\r\""_s);
    bad("http control character in a header value", Http, "HTTP/1.1 200 OK\r\nX-Id: \x1b[31m\r\n",
        u"has the byte \"\\x1b\""_s);
    bad("http NUL in a header name", Http, "HTTP/1.1 200 OK\r\nX-\0Id: a\r\n"_ba,
        u"malformed header line \"X-\\x00Id: a\""_s);
    bad("http te and cl", Http,
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n",
        u"both Transfer-Encoding and Content-Length"_s);
    bad("http huge chunk", Http,
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffffff\r\n",
        u"chunk size \"ffffffffffffffffffffff\" exceeds"_s);
    bad("http bad chunk size", Http, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        u"malformed chunk size line \"zz\""_s);
    bad("http chunk without crlf", Http,
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcdef\r\n",
        u"chunk data is not followed by CRLF"_s);
    bad("http 101", Http, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\n",
        u"unexpected 101"_s);
    bad("http long header line", Http,
        "HTTP/1.1 200 OK\r\nX: " + QByteArray(10'000, 'a') + "\r\n\r\n",
        u"a header line is longer than 8192 bytes"_s);
    bad("http long status line", Http, "HTTP/1.1 200 " + QByteArray(10'000, 'a'),
        u"the status line is longer than 8192 bytes"_s);
    bad("http head too long", Http,
        "HTTP/1.1 200 OK\r\n"
            + QByteArray("X-Filler: 0123456789012345678901234567890123\r\n").repeated(2'000),
        u"the response head is longer than 65536 bytes"_s);

    const auto Redis = ProtocolKind::Redis;
    ok("redis pong", Redis, "+PONG\r\n", true, "+PONG\r\n");
    ok("redis integer", Redis, ":-42\r\n");
    ok("redis largest integer", Redis, ":9223372036854775807\r\n");
    ok("redis smallest integer", Redis, ":-9223372036854775808\r\n");
    ok("redis bulk", Redis, "$5\r\nhe\r\no\r\n");
    ok("redis empty bulk", Redis, "$0\r\n\r\n");
    ok("redis null bulk", Redis, "$-1\r\n");
    ok("redis null array", Redis, "*-1\r\n");
    ok("redis empty array", Redis, "*0\r\n");
    ok("redis nested", Redis, "*3\r\n:1\r\n*2\r\n+a\r\n$1\r\nb\r\n*0\r\n", true, ":9\r\n");
    ok("redis resp3 types", Redis,
       "*8\r\n_\r\n,3.14\r\n,inf\r\n#t\r\n(3492890328409238509324850943850943825024385\r\n"
       "=15\r\ntxt:Some string\r\n~2\r\n+a\r\n+b\r\n>2\r\n+pubsub\r\n+message\r\n");
    ok("redis map", Redis, "%2\r\n+first\r\n:1\r\n+second\r\n:2\r\n");
    ok("redis attribute", Redis,
       "|1\r\n+key-popularity\r\n%1\r\n$1\r\na\r\n,0.19\r\n*2\r\n:2039123\r\n:9543892\r\n");
    ok("redis nested attribute", Redis, "*2\r\n|1\r\n+k\r\n+v\r\n:1\r\n:2\r\n");
    errorReply("redis error", Redis, "-ERR unknown command 'FOO'\r\n", true,
               u"error reply: ERR unknown command 'FOO'"_s);
    errorReply("redis blob error", Redis, "!21\r\nSYNTAX invalid syntax\r\n", true,
               u"error reply: SYNTAX invalid syntax"_s);
    ok("redis nested error is a value", Redis, "*1\r\n-ERR inside\r\n");
    bad("redis garbage", Redis, "HTTP/1.1 200 OK\r\n", u"unexpected type byte"_s);
    bad("redis bare newline", Redis, "+PONG\n", u"bare \\n"_s);
    bad("redis empty line", Redis, "\r\n", u"unexpected type byte in \"\\r"_s);
    bad("redis huge bulk", Redis, "$999999999999\r\n",
        u"bulk length 999999999999 exceeds the max response size of 16777216 bytes"_s);
    bad("redis bulk length overflow", Redis, "$99999999999999999999999\r\n",
        u"bulk length 99999999999999999999999 does not fit a signed 64-bit integer, as RESP "
        "requires (-9223372036854775808 to 9223372036854775807)"_s);
    bad("redis integer overflow", Redis, ":9223372036854775808\r\n",
        u"integer reply 9223372036854775808 does not fit a signed 64-bit integer"_s);
    bad("redis negative integer overflow", Redis, ":-9223372036854775809\r\n",
        u"integer reply -9223372036854775809 does not fit a signed 64-bit integer"_s);
    bad("redis aggregate length overflow", Redis, "*18446744073709551616\r\n",
        u"aggregate length 18446744073709551616 does not fit a signed 64-bit integer"_s);
    bad("redis bad big number", Redis, "(12a\r\n", u"malformed big number reply"_s);
    bad("redis negative bulk", Redis, "$-2\r\n", u"negative bulk length -2"_s);
    bad("redis bad bulk length", Redis, "$abc\r\n", u"malformed bulk length"_s);
    bad("redis bulk overrun", Redis, "$2\r\nabc\r\n", u"bulk data is not followed by \\r\\n"_s);
    bad("redis huge array", Redis, "*999999999999\r\n", u"aggregate length 999999999999"_s);
    bad("redis bad integer", Redis, ":12a\r\n", u"malformed integer reply"_s);
    bad("redis bad bool", Redis, "#x\r\n", u"malformed boolean reply"_s);
    bad("redis bad double", Redis, ",abc\r\n", u"malformed double reply"_s);
    bad("redis deep nesting", Redis, QByteArray("*1\r\n").repeated(100) + ":1\r\n",
        u"nests deeper than 64 levels"_s);

    const auto Memcached = ProtocolKind::Memcached;
    ok("memcached version", Memcached, "VERSION 1.6.18\r\n", true, "VERSION 1.6.18\r\n");
    errorReply("memcached error", Memcached, "ERROR\r\n", true, u"error reply: ERROR"_s);
    errorReply("memcached client error", Memcached, "CLIENT_ERROR bad command line format\r\n",
               true, u"error reply: CLIENT_ERROR bad command line format"_s);
    errorReply("memcached server error", Memcached, "SERVER_ERROR out of memory\r\n", false,
               u"error reply: SERVER_ERROR out of memory"_s);
    bad("memcached another command's reply", Memcached, "STORED\r\n",
        u"not a memcached reply to version: \"STORED\""_s);
    bad("memcached number", Memcached, "42\r\n", u"not a memcached reply to version: \"42\""_s);
    // Each of these fails at the first bytes that cannot start any memcached reply, before a
    // line has ended.
    bad("memcached garbage", Memcached, "HTTP/1.1 200 OK",
        u"not a memcached reply: it starts with \"HT"_s);
    bad("memcached lowercase", Memcached, "version 1.6", u"not a memcached reply"_s);
    bad("memcached word too long", Memcached, "VERSIONS 1.6", u"not a memcached reply"_s);
    bad("memcached number too long", Memcached, QByteArray(21, '7'), u"not a memcached reply"_s);
    bad("memcached binary protocol", Memcached, "\x81\x0b\x00\x00"_ba,
        u"not a memcached reply: it starts with \"\\x81"_s);
    bad("memcached empty line", Memcached, "\r\n", u"not a memcached reply"_s);
    bad("memcached long line", Memcached, "VERSION " + QByteArray(9'000, 'V') + "\r\n",
        u"a reply line is longer than 8192 bytes"_s);
}

void tst_ResponseParsers::responses()
{
    QFETCH(ProtocolKind, kind);
    QFETCH(QByteArray, response);
    QFETCH(Status, status);
    QFETCH(bool, reusable);
    QFETCH(bool, errorReply);
    QFETCH(QString, message);
    QFETCH(QByteArray, rest);

    const Protocol protocol = protocolFor(kind);
    // Byte by byte, in small pieces and all at once: the result must not depend on how the
    // bytes arrive.
    for (qsizetype chunk : {qsizetype(1), qsizetype(7), response.size()}) {
        const auto parser = protocol.createParser();
        const Fed fed = feed(*parser, response, chunk);
        QCOMPARE(fed.status, status);
        QCOMPARE(parser->status(), status);
        if (!message.isEmpty())
            QVERIFY2(parser->errorString().contains(message), qPrintable(parser->errorString()));
        if (status == Status::Complete) {
            QCOMPARE(parser->reusable(), reusable);
            QCOMPARE(parser->isErrorReply(), errorReply);
            QCOMPARE(fed.rest, rest);
            QCOMPARE(parser->responseBytes(), response.size() - rest.size());
            if (!errorReply)
                QVERIFY(parser->errorString().isEmpty());
        } else {
            QVERIFY(!parser->reusable());
        }
        // A finished parser takes nothing more.
        QByteArray more = "more"_ba;
        QCOMPARE(parser->parse(more), status);
        QCOMPARE(more, "more"_ba);
        QCOMPARE(parser->finish(), status);
    }
}

void tst_ResponseParsers::finish_data()
{
    QTest::addColumn<ProtocolKind>("kind");
    QTest::addColumn<QByteArray>("partial");
    QTest::addColumn<Status>("status");
    QTest::addColumn<QString>("message");

    const QString before = u"the connection closed before a complete response arrived"_s;
    const QString after = u"before the response was complete"_s;
    QTest::newRow("echo nothing") << ProtocolKind::Echo << QByteArray() << Status::Error << before;
    QTest::newRow("echo half") << ProtocolKind::Echo << "01234"_ba << Status::Error
                               << u"the connection closed after 5 bytes"_s;
    QTest::newRow("line") << ProtocolKind::Line << "no newline"_ba << Status::Error << after;
    QTest::newRow("http nothing") << ProtocolKind::Http << QByteArray() << Status::Error << before;
    QTest::newRow("http in head") << ProtocolKind::Http << "HTTP/1.1 200 OK\r\nContent-"_ba
                                  << Status::Error << after;
    QTest::newRow("http short body")
        << ProtocolKind::Http << "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc"_ba
        << Status::Error << after;
    QTest::newRow("http in chunk")
        << ProtocolKind::Http << "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab"_ba
        << Status::Error << after;
    QTest::newRow("http body until close")
        << ProtocolKind::Http << "HTTP/1.1 200 OK\r\n\r\nanything"_ba << Status::Complete
        << QString();
    QTest::newRow("redis in array")
        << ProtocolKind::Redis << "*2\r\n+a\r\n"_ba << Status::Error << after;
    QTest::newRow("redis in bulk")
        << ProtocolKind::Redis << "$10\r\nabc"_ba << Status::Error << after;
    QTest::newRow("memcached") << ProtocolKind::Memcached << "VERS"_ba << Status::Error << before;
    // Bytes that can still start some reply wait for the rest.
    QTest::newRow("memcached other reply")
        << ProtocolKind::Memcached << "NOT_FO"_ba << Status::Error << before;
    QTest::newRow("memcached number")
        << ProtocolKind::Memcached << "1234"_ba << Status::Error << before;
}

void tst_ResponseParsers::finish()
{
    QFETCH(ProtocolKind, kind);
    QFETCH(QByteArray, partial);
    QFETCH(Status, status);
    QFETCH(QString, message);

    const auto parser = protocolFor(kind).createParser();
    QByteArray buffer = partial;
    QCOMPARE(parser->parse(buffer), Status::NeedMore);
    QCOMPARE(parser->finish(), status);
    QVERIFY2(parser->errorString().contains(message), qPrintable(parser->errorString()));
    QVERIFY(!parser->reusable());
}

void tst_ResponseParsers::boundedMemory_data()
{
    QTest::addColumn<ProtocolKind>("kind");
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<QByteArray>("repeated"); // sent forever after head
    QTest::addColumn<QString>("message");

    const QString exceeds = u"exceeds the max response size of 65536 bytes"_s;
    QTest::newRow("http body until close") << ProtocolKind::Http << "HTTP/1.1 200 OK\r\n\r\n"_ba
                                           << "a"_ba << exceeds;
    QTest::newRow("http endless chunks")
        << ProtocolKind::Http << "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"_ba
        << "10\r\n0123456789abcdef\r\n"_ba << exceeds;
    QTest::newRow("http endless headers") << ProtocolKind::Http << "HTTP/1.1 200 OK\r\n"_ba
                                          << "X-Header: value\r\n"_ba << exceeds;
    QTest::newRow("http endless trailers")
        << ProtocolKind::Http << "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n"_ba
        << "X-Trailer: value\r\n"_ba << exceeds;
    QTest::newRow("http endless header line") << ProtocolKind::Http << "HTTP/1.1 200 OK\r\nX: "_ba
                                              << "a"_ba << u"longer than 8192"_s;
    QTest::newRow("http endless 1xx")
        << ProtocolKind::Http << QByteArray() << "HTTP/1.1 100 Continue\r\n\r\n"_ba << exceeds;
    QTest::newRow("http endless empty lines")
        << ProtocolKind::Http << QByteArray() << "\r\n"_ba << exceeds;
    QTest::newRow("redis endless array") << ProtocolKind::Redis << "*20000\r\n"_ba
                                         << "+a\r\n"_ba << exceeds;
    QTest::newRow("redis endless simple string") << ProtocolKind::Redis << "+"_ba
                                                 << "a"_ba << exceeds;
    QTest::newRow("redis endless bulk")
        << ProtocolKind::Redis << "*20000\r\n"_ba
        << "$1000\r\n"_ba + QByteArray(1000, 'x') + "\r\n"_ba << exceeds;
    QTest::newRow("memcached endless line") << ProtocolKind::Memcached << "VERSION "_ba
                                            << "a"_ba << u"longer than 8192"_s;
    QTest::newRow("line endless") << ProtocolKind::Line << QByteArray() << "a"_ba
                                  << u"no newline within the max response size of 65536"_s;
}

void tst_ResponseParsers::boundedMemory()
{
    QFETCH(ProtocolKind, kind);
    QFETCH(QByteArray, head);
    QFETCH(QByteArray, repeated);
    QFETCH(QString, message);

    constexpr qint64 Max = 64 * 1024;
    constexpr qsizetype ReadSize = 4096;
    const auto parser = protocolFor(kind, Max).createParser();
    QByteArray stream = head;
    QByteArray buffer;
    qint64 fed = 0;
    while (fed < 10 * Max) {
        while (stream.size() < ReadSize)
            stream += repeated;
        buffer += stream.left(ReadSize);
        stream.remove(0, ReadSize);
        fed += ReadSize;
        const Status status = parser->parse(buffer);
        if (status == Status::Error)
            break;
        QCOMPARE(status, Status::NeedMore);
        // What a NeedMore leaves behind stays under the max response size.
        QVERIFY2(buffer.size() < Max, qPrintable(QString::number(buffer.size())));
    }
    QCOMPARE(parser->status(), Status::Error);
    QVERIFY2(parser->errorString().contains(message), qPrintable(parser->errorString()));
    QVERIFY(parser->responseBytes() <= Max);
    QVERIFY(fed <= Max + 2 * ReadSize);
}

void tst_ResponseParsers::httpStatusCode()
{
    HttpResponseParser parser(Protocol::DefaultMaxResponseBytes);
    QCOMPARE(parser.statusCode(), 0);
    QByteArray buffer
        = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 302 Found\r\nContent-Length: 0\r\n\r\n";
    QCOMPARE(parser.parse(buffer), Status::Complete);
    QCOMPARE(parser.statusCode(), 302);
    QVERIFY(!parser.isErrorReply());
}

void tst_ResponseParsers::httpToken_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("token");
    QTest::newRow("method") << "GET"_ba << true;
    QTest::newRow("field name") << "Content-Length"_ba << true;
    QTest::newRow("every tchar") << "!#$%&'*+-.^_`|~09azAZ"_ba << true;
    QTest::newRow("empty") << QByteArray() << false;
    QTest::newRow("space") << "Content Length"_ba << false;
    QTest::newRow("colon") << "Host:"_ba << false;
    QTest::newRow("separator") << "a(b)"_ba << false;
    QTest::newRow("not ascii") << "caf\xc3\xa9"_ba << false;
}

void tst_ResponseParsers::httpToken()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, token);
    QCOMPARE(HttpSyntax::isToken(text), token);
}

void tst_ResponseParsers::httpFieldValue_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<qsizetype>("invalidAt");
    QTest::newRow("empty") << QByteArray() << qsizetype(-1);
    QTest::newRow("visible, spaces and tabs") << " text/html; q=0.9\t"_ba << qsizetype(-1);
    QTest::newRow("obs-text") << "caf\xc3\xa9"_ba << qsizetype(-1);
    QTest::newRow("NUL") << "a\0b"_ba << qsizetype(1);
    QTest::newRow("CR") << "ab\r"_ba << qsizetype(2);
    QTest::newRow("LF") << "\nab"_ba << qsizetype(0);
    QTest::newRow("escape") << "x\x1b"_ba << qsizetype(1);
    QTest::newRow("DEL") << "x\x7f"_ba << qsizetype(1);
}

void tst_ResponseParsers::httpFieldValue()
{
    QFETCH(QByteArray, value);
    QFETCH(qsizetype, invalidAt);
    QCOMPARE(HttpSyntax::invalidFieldValueByte(value), invalidAt);
}

QTEST_GUILESS_MAIN(tst_ResponseParsers)
#include "tst_responseparsers.moc"

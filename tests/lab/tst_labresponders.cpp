#include "endpoint.h"
#include "labknob.h"
#include "labresponder.h"
#include "labsettings.h"

#include <QTest>

using namespace Qt::StringLiterals;

using Status = LabResponder::Status;

class tst_LabResponders : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void answers_data();
    void answers();
    void malformed_data();
    void malformed();
    void byteByByte();
    void errorAnswers();
    void settingsValidate();
    void knobParse_data();
    void knobParse();
    void knobTable();
};

namespace {

// Takes every request in input and concatenates the answers.
QByteArray answerAll(LabResponder &responder, QByteArray input, qint64 responseSize,
                     bool *closed = nullptr)
{
    QByteArray output;
    while (responder.take(input) == Status::Request) {
        const LabResponder::Answer answer = responder.answer(responseSize);
        output += answer.bytes;
        if (closed)
            *closed = *closed || answer.close;
    }
    return output;
}

} // namespace

void tst_LabResponders::answers_data()
{
    QTest::addColumn<ProtocolKind>("kind");
    QTest::addColumn<QByteArray>("requests");
    QTest::addColumn<qint64>("responseSize");
    QTest::addColumn<QByteArray>("answers");
    QTest::addColumn<bool>("close");

    QTest::newRow("echo") << ProtocolKind::Echo << "abc\r\n"_ba << qint64(10) << "abc\r\n"_ba
                          << false;
    QTest::newRow("line") << ProtocolKind::Line << "one\r\ntwo\n"_ba << qint64(0) << "one\ntwo\n"_ba
                          << false;
    QTest::newRow("line sized") << ProtocolKind::Line << "one\n"_ba << qint64(3) << "xxx\n"_ba
                                << false;
    QTest::newRow("http pipelined")
        << ProtocolKind::Http
        << "GET / HTTP/1.1\r\nHost: a\r\n\r\nPOST /x HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"
           "\r\nHEAD / HTTP/1.1\r\n\r\n"_ba
        << qint64(2)
        << "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nxx"
           "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nxx"
           "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\n"_ba
        << false;
    QTest::newRow("http close") << ProtocolKind::Http
                                << "GET / HTTP/1.1\r\nConnection: close\r\n\r\n"_ba << qint64(0)
                                << "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                                   "0\r\nConnection: close\r\n\r\n"_ba
                                << true;
    QTest::newRow("http/1.0 keep-alive")
        << ProtocolKind::Http << "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"_ba << qint64(0)
        << "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 0\r\nConnection: "
           "keep-alive\r\n\r\n"_ba
        << false;
    QTest::newRow("http/1.0") << ProtocolKind::Http << "GET / HTTP/1.0\n\n"_ba << qint64(0)
                              << "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                                 "0\r\nConnection: close\r\n\r\n"_ba
                              << true;
    QTest::newRow("redis") << ProtocolKind::Redis
                           << "*1\r\n$4\r\nPING\r\nPING hello\r\n*2\r\n$4\r\necho\r\n$2\r\nhi\r\n"
                              "\r\n*0\r\nGET k\r\nSET k v\r\nFLUSHALL\r\nGET\r\nQUIT\r\n"_ba
                           << qint64(0)
                           << "+PONG\r\n$5\r\nhello\r\n$2\r\nhi\r\n$0\r\n\r\n+OK\r\n"
                              "-ERR unknown command 'FLUSHALL'\r\n"
                              "-ERR wrong number of arguments for 'get' command\r\n+OK\r\n"_ba
                           << true;
    QTest::newRow("redis sized ping")
        << ProtocolKind::Redis << "PING\r\n"_ba << qint64(3) << "$3\r\nxxx\r\n"_ba << false;
    QTest::newRow("memcached") << ProtocolKind::Memcached
                               << "version\r\nget a b\r\ngets c\r\nflush_all\r\n\r\nquit\r\n"_ba
                               << qint64(2)
                               << "VERSION xx\r\nVALUE a 0 2\r\nxx\r\nVALUE b 0 2\r\nxx\r\nEND\r\n"
                                  "VALUE c 0 2 1\r\nxx\r\nEND\r\nERROR\r\nERROR\r\n"_ba
                               << true;
    QTest::newRow("memcached version") << ProtocolKind::Memcached << "version\n"_ba << qint64(0)
                                       << "VERSION 1.6.0-poolscope-lab\r\n"_ba << false;
}

void tst_LabResponders::answers()
{
    QFETCH(ProtocolKind, kind);
    QFETCH(QByteArray, requests);
    QFETCH(qint64, responseSize);
    QFETCH(QByteArray, answers);
    QFETCH(bool, close);

    const auto responder = LabResponder::create(kind);
    bool closed = false;
    QCOMPARE(answerAll(*responder, requests, responseSize, &closed), answers);
    QCOMPARE(closed, close);
}

void tst_LabResponders::malformed_data()
{
    QTest::addColumn<ProtocolKind>("kind");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("answerStart");

    QTest::newRow("line too long") << ProtocolKind::Line << QByteArray(70'000, 'a') << QByteArray();
    QTest::newRow("http garbage") << ProtocolKind::Http << "\x16\x03\x01\x00\xa5\r\n\r\n"_ba
                                  << "HTTP/1.1 400 Bad Request\r\n"_ba;
    // Another protocol's request is refused once its first line is whole, as nginx does: its
    // client never sends the blank line that ends an HTTP head.
    QTest::newRow("http given redis") << ProtocolKind::Http << "*1\r\n$4\r\nPING\r\n"_ba
                                      << "HTTP/1.1 400 Bad Request\r\n"_ba;
    QTest::newRow("http given memcached") << ProtocolKind::Http << "version\r\n"_ba
                                          << "HTTP/1.1 400 Bad Request\r\n"_ba;
    QTest::newRow("http version") << ProtocolKind::Http << "GET / HTTP/2.0\r\n\r\n"_ba
                                  << "HTTP/1.1 505 "_ba;
    QTest::newRow("http chunked") << ProtocolKind::Http
                                  << "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"_ba
                                  << "HTTP/1.1 501 "_ba;
    QTest::newRow("http huge head")
        << ProtocolKind::Http << "GET / HTTP/1.1\r\nX: " + QByteArray(20'000, 'a')
        << "HTTP/1.1 431 "_ba;
    QTest::newRow("http bad header") << ProtocolKind::Http << "GET / HTTP/1.1\r\nbad\r\n\r\n"_ba
                                     << "HTTP/1.1 400 "_ba;
    QTest::newRow("http bad length")
        << ProtocolKind::Http << "GET / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n"_ba
        << "HTTP/1.1 400 "_ba;
    QTest::newRow("redis bad multibulk") << ProtocolKind::Redis << "*x\r\n"_ba
                                         << "-ERR Protocol error: invalid multibulk length\r\n"_ba;
    QTest::newRow("redis huge multibulk") << ProtocolKind::Redis << "*99999999999\r\n"_ba
                                          << "-ERR Protocol error: invalid multibulk length"_ba;
    QTest::newRow("redis endless digits") << ProtocolKind::Redis << "*" + QByteArray(100, '1')
                                          << "-ERR Protocol error: invalid multibulk length"_ba;
    QTest::newRow("redis huge bulk") << ProtocolKind::Redis << "*1\r\n$999999999999\r\n"_ba
                                     << "-ERR Protocol error: invalid bulk length"_ba;
    QTest::newRow("redis not bulk") << ProtocolKind::Redis << "*1\r\n+PING\r\n"_ba
                                    << "-ERR Protocol error: expected '$'"_ba;
    QTest::newRow("redis bulk overrun") << ProtocolKind::Redis << "*1\r\n$1\r\nab\r\n"_ba
                                        << "-ERR Protocol error: bulk data"_ba;
    QTest::newRow("redis inline too big") << ProtocolKind::Redis << QByteArray(70'000, 'a')
                                          << "-ERR Protocol error: too big inline request"_ba;
    QTest::newRow("redis request too big")
        << ProtocolKind::Redis << "*2\r\n$4\r\nECHO\r\n$1048576\r\n"_ba
        << "-ERR Protocol error: the request is larger"_ba;
    QTest::newRow("memcached long line")
        << ProtocolKind::Memcached << QByteArray(3000, 'a') << "CLIENT_ERROR line too long\r\n"_ba;
}

void tst_LabResponders::malformed()
{
    QFETCH(ProtocolKind, kind);
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, answerStart);

    const auto responder = LabResponder::create(kind);
    QByteArray buffer;
    // Fed in reads of up to 64 KiB, as the lab reads; a request that is too large must be
    // reported before the buffer grows past the responder's limit.
    Status status = Status::NeedMore;
    for (qsizetype at = 0; at < input.size() && status == Status::NeedMore; at += 65536) {
        buffer += input.mid(at, 65536);
        status = responder->take(buffer);
    }
    QCOMPARE(status, Status::Malformed);
    QVERIFY(!responder->errorString().isEmpty());
    QVERIFY2(responder->malformedAnswer().startsWith(answerStart),
             responder->malformedAnswer().constData());
}

void tst_LabResponders::byteByByte()
{
    const QByteArray input = "*1\r\n$4\r\nPING\r\nGET / HTTP/1.1\r\n\r\n"_ba;
    const auto redis = LabResponder::create(ProtocolKind::Redis);
    QByteArray buffer;
    int requests = 0;
    for (char c : input.first(14)) {
        buffer += c;
        if (redis->take(buffer) == Status::Request)
            ++requests;
    }
    QCOMPARE(requests, 1);
    QVERIFY(buffer.isEmpty());

    const auto http = LabResponder::create(ProtocolKind::Http);
    requests = 0;
    for (char c : input.sliced(14)) {
        buffer += c;
        if (http->take(buffer) == Status::Request)
            ++requests;
    }
    QCOMPARE(requests, 1);
}

void tst_LabResponders::errorAnswers()
{
    QVERIFY(!LabResponder::create(ProtocolKind::Echo)->errorAnswer());
    QVERIFY(!LabResponder::create(ProtocolKind::Line)->errorAnswer());
    QByteArray request = "GET / HTTP/1.1\r\n\r\n"_ba;
    const auto http = LabResponder::create(ProtocolKind::Http);
    QCOMPARE(http->take(request), Status::Request);
    QVERIFY(http->errorAnswer()->bytes.startsWith("HTTP/1.1 500 Internal Server Error\r\n"));
    QVERIFY(http->errorAnswer()->errorReply);
    QCOMPARE(LabResponder::create(ProtocolKind::Redis)->errorAnswer()->bytes,
             "-ERR injected error\r\n"_ba);
    QCOMPARE(LabResponder::create(ProtocolKind::Memcached)->errorAnswer()->bytes,
             "SERVER_ERROR injected error\r\n"_ba);
}

void tst_LabResponders::settingsValidate()
{
    QVERIFY(LabSettings().validate().isEmpty());
    LabSettings settings;
    settings.port = 70000;
    settings.latencyMs = 700'000;
    settings.idleCloseMs = -1;
    settings.errorRate = 1.5;
    settings.maxClients = -3;
    settings.address = QHostAddress();
    const QStringList errors = settings.validate();
    QCOMPARE(errors,
             QStringList({
                 u"address: \"\" is not accepted; accepted: an IPv4 or IPv6 address"_s,
                 u"port: 70000 is out of range; accepted: 0 (any free port) or 1 to 65535"_s,
                 u"latency: 700000 is out of range; accepted: 0 to 600000 (ms)"_s,
                 u"idle-close: -1 is out of range; accepted: 0 (never) or 1 to 86400000 (ms)"_s,
                 u"max-clients: -3 is out of range; accepted: 0 (unlimited) or 1 to 100000"_s,
                 u"error-rate: 1.5 is out of range; accepted: 0 to 1"_s,
             }));
    QCOMPARE(Endpoint::of(QHostAddress(u"::1"_s), 80), u"[::1]:80"_s);
    QCOMPARE(Endpoint::of(QHostAddress(u"127.0.0.1"_s), 80), u"127.0.0.1:80"_s);
}

void tst_LabResponders::knobParse_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QVariant>("value"); // invalid: rejected
    QTest::addColumn<QString>("error");

    QTest::newRow("latency") << u"latency"_s << u"250"_s << QVariant(qint64(250)) << QString();
    QTest::newRow("latency abc") << u"latency"_s << u"abc"_s << QVariant()
                                 << u"\"abc\" is not a number; accepted: 0 to 600000 (ms)"_s;
    QTest::newRow("latency fraction")
        << u"latency"_s << u"1.5"_s << QVariant()
        << u"\"1.5\" is not a whole number; accepted: 0 to 600000 (ms)"_s;
    QTest::newRow("latency huge")
        << u"latency"_s << u"99999999999999999999"_s << QVariant()
        << u"\"99999999999999999999\" is out of range; accepted: 0 to 600000 (ms)"_s;
    QTest::newRow("latency negative") << u"latency"_s << u"-1"_s << QVariant()
                                      << u"\"-1\" is out of range; accepted: 0 to 600000 (ms)"_s;
    QTest::newRow("idle-close 0") << u"idle-close"_s << u"0"_s << QVariant(qint64(0)) << QString();
    QTest::newRow("max-clients") << u"max-clients"_s << u"10"_s << QVariant(10) << QString();
    QTest::newRow("error-rate") << u"error-rate"_s << u"0.25"_s << QVariant(0.25) << QString();
    QTest::newRow("error-rate nan") << u"error-rate"_s << u"nan"_s << QVariant()
                                    << u"\"nan\" is not a number; accepted: 0 to 1"_s;
    QTest::newRow("error-rate 2") << u"error-rate"_s << u"2"_s << QVariant()
                                  << u"\"2\" is out of range; accepted: 0 to 1"_s;
    QTest::newRow("protocol") << u"protocol"_s << u"Redis"_s << QVariant(u"redis"_s) << QString();
    QTest::newRow("protocol bad")
        << u"protocol"_s << u"gopher"_s << QVariant()
        << u"\"gopher\" is not accepted; accepted: echo, line, http, redis or memcached"_s;
    QTest::newRow("tls") << u"tls"_s << u"on"_s << QVariant(true) << QString();
    QTest::newRow("tls bad") << u"tls"_s << u"maybe"_s << QVariant()
                             << u"\"maybe\" is not a switch; accepted: on or off"_s;
}

void tst_LabResponders::knobParse()
{
    QFETCH(QString, key);
    QFETCH(QString, text);
    QFETCH(QVariant, value);
    QFETCH(QString, error);

    const LabKnob *knob = LabKnob::find(key);
    QVERIFY(knob);
    QString message;
    const auto parsed = knob->parse(text, &message);
    QCOMPARE(parsed.has_value(), value.isValid());
    QCOMPARE(message, error);
    if (parsed) {
        QCOMPARE(*parsed, value);
        LabSettings settings;
        knob->set(settings, *parsed);
        QCOMPARE(knob->get(settings), value);
        QVERIFY(settings.validate().isEmpty());
    }
}

void tst_LabResponders::knobTable()
{
    QStringList keys;
    for (const LabKnob &knob : LabKnob::all()) {
        keys << knob.key;
        QVERIFY(!knob.simulates.isEmpty());
        QVERIFY(knob.check(knob.get(LabSettings())).isEmpty()); // defaults are accepted
    }
    QCOMPARE(
        keys,
        QStringList({u"protocol"_s, u"latency"_s, u"jitter"_s, u"response-size"_s, u"setup-delay"_s,
                     u"tls"_s, u"idle-close"_s, u"silent-drop"_s, u"max-clients"_s, u"error-rate"_s,
                     u"blackhole"_s, u"pause-accepting"_s}));
    QVERIFY(!LabKnob::find(u"nope"));
}

QTEST_GUILESS_MAIN(tst_LabResponders)
#include "tst_labresponders.moc"

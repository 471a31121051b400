#include "endpoint.h"

#include <QTest>

using namespace Qt::StringLiterals;

class tst_Endpoint : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parse_data();
    void parse();
};

void tst_Endpoint::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::newRow("ipv4") << u"127.0.0.1:8080"_s << true << u"127.0.0.1"_s << 8080;
    QTest::newRow("name") << u"localhost:6379"_s << true << u"localhost"_s << 6379;
    QTest::newRow("ipv6") << u"[::1]:11211"_s << true << u"::1"_s << 11211;
    QTest::newRow("port 0") << u"127.0.0.1:0"_s << true << u"127.0.0.1"_s << 0;
    QTest::newRow("ipv6 without brackets") << u"::1:80"_s << false << QString() << 0;
    QTest::newRow("name in brackets") << u"[localhost]:80"_s << false << QString() << 0;
    QTest::newRow("no port") << u"localhost"_s << false << QString() << 0;
    QTest::newRow("empty host") << u":80"_s << false << QString() << 0;
    QTest::newRow("port too big") << u"localhost:65536"_s << false << QString() << 0;
    QTest::newRow("port not a number") << u"localhost:http"_s << false << QString() << 0;
    QTest::newRow("negative port") << u"localhost:-1"_s << false << QString() << 0;
}

void tst_Endpoint::parse()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(QString, host);
    QFETCH(int, port);
    const auto endpoint = Endpoint::parse(text);
    QCOMPARE(bool(endpoint), valid);
    if (!valid)
        return;
    QCOMPARE(endpoint->host, host);
    QCOMPARE(endpoint->port, port);
    QCOMPARE(endpoint->toString(), text);
}

QTEST_GUILESS_MAIN(tst_Endpoint)
#include "tst_endpoint.moc"

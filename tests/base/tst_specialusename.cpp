#include "hostoverride.h"
#include "specialusename.h"

#include <QTest>

using namespace Qt::StringLiterals;

class tst_SpecialUseName : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void of_data();
    void of();
    void invalidNamesCannotBeOverridden();
};

void tst_SpecialUseName::of_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("special");
    QTest::addColumn<bool>("loopback");
    QTest::addColumn<QString>("message");
    const QString never = u"is a special-use name (RFC 6761) that never resolves"_s;
    const QString testing = u"is a special-use name (RFC 6761) for testing, which no DNS server "
                            "answers; give it an address with a resolve entry"_s;
    QTest::newRow("invalid") << u"foo.invalid"_s << true << false << u"\"foo.invalid\" "_s + never;
    QTest::newRow("invalid itself") << u"invalid"_s << true << false << never;
    QTest::newRow("invalid, any case, final dot")
        << u"Db.Example.INVALID."_s << true << false << u"\"Db.Example.INVALID.\" "_s + never;
    QTest::newRow("empty label under invalid")
        << u"no-such-host..invalid"_s << true << false << never;
    QTest::newRow("test") << u"backend.test"_s << true << false << u"\"backend.test\" "_s + testing;
    QTest::newRow("test, final dot") << u"backend.TEST."_s << true << false << testing;
    QTest::newRow("under localhost") << u"app.localhost"_s << true << true << QString();
    QTest::newRow("localhost, final dot") << u"localhost."_s << true << true << QString();
    // The system answers these.
    QTest::newRow("localhost") << u"localhost"_s << false << false << QString();
    QTest::newRow("LOCALHOST") << u"LOCALHOST"_s << false << false << QString();
    QTest::newRow("ordinary") << u"db.internal"_s << false << false << QString();
    QTest::newRow("ends like invalid") << u"notinvalid"_s << false << false << QString();
    QTest::newRow("ends like test") << u"contest"_s << false << false << QString();
    QTest::newRow("test inside") << u"test.example.com"_s << false << false << QString();
    QTest::newRow("ends like localhost") << u"mylocalhost"_s << false << false << QString();
}

void tst_SpecialUseName::of()
{
    QFETCH(QString, host);
    QFETCH(bool, special);
    QFETCH(bool, loopback);
    QFETCH(QString, message);
    const auto answer = SpecialUseName::of(host);
    QCOMPARE(answer.has_value(), special);
    if (!answer)
        return;
    if (loopback) {
        QCOMPARE(answer->addresses,
                 (QList<QHostAddress>{QHostAddress(QHostAddress::LocalHost),
                                      QHostAddress(QHostAddress::LocalHostIPv6)}));
        QVERIFY(answer->message.isEmpty());
    } else {
        QVERIFY(answer->addresses.isEmpty());
        QVERIFY2(answer->message.contains(message), qPrintable(answer->message));
    }
}

void tst_SpecialUseName::invalidNamesCannotBeOverridden()
{
    QVERIFY(!SpecialUseName::canBeOverridden(u"x.invalid"));
    QVERIFY(SpecialUseName::canBeOverridden(u"x.test"));
    QVERIFY(SpecialUseName::canBeOverridden(u"x.localhost"));
    QString error;
    QVERIFY(!HostOverride::parse(u"x.Invalid:80:127.0.0.1", &error));
    QCOMPARE(error,
             u"resolve: \"x.Invalid:80:127.0.0.1\" names \"x.Invalid\", a special-use name (RFC "
             "6761) that never resolves, not even by an override; accepted: HOST:PORT:ADDRESS "
             "with a HOST outside .invalid"_s);
    QVERIFY2(HostOverride::parse(u"x.test:80:127.0.0.1", &error), qPrintable(error));
}

QTEST_GUILESS_MAIN(tst_SpecialUseName)
#include "tst_specialusename.moc"

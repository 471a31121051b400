#include "poolsettingfield.h"
#include "poolsettings.h"

#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;

class tst_PoolSettings : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaultsWithATargetAreValid();
    void invalidSetting_data();
    void invalidSetting();
    void everyIntegerFieldRejectsBothEnds();
    void parse_data();
    void parse();
    void jsonRoundTrip();
    void jsonErrors_data();
    void jsonErrors();
    void hostOverrideParsing_data();
    void hostOverrideParsing();
};

namespace {

PoolSettings valid()
{
    PoolSettings s;
    s.host = u"127.0.0.1"_s;
    s.port = 8080;
    return s;
}

} // namespace

void tst_PoolSettings::defaultsWithATargetAreValid()
{
    QCOMPARE(valid().validate(), QStringList());
    QCOMPARE(PoolSettings().validate().size(), 2); // no host, no port
}

void tst_PoolSettings::invalidSetting_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty host") << u"host"_s << QVariant(u""_s)
                                << u"host: empty; accepted: a host name or an IP address"_s;
    QTest::newRow("host with a space")
        << u"host"_s << QVariant(u"a b"_s) << u"host: \"a b\" is not a host name"_s;
    QTest::newRow("port 0") << u"port"_s << QVariant(0)
                            << u"port: 0 is out of range; accepted: 1 to 65535"_s;
    QTest::newRow("port 70000") << u"port"_s << QVariant(70000)
                                << u"port: 70000 is out of range; accepted: 1 to 65535"_s;
    QTest::newRow("max connections 0")
        << u"max_connections"_s << QVariant(0)
        << u"max_connections: 0 is out of range; accepted: 1 to 10000"_s;
    QTest::newRow("negative acquire timeout")
        << u"acquire_timeout_ms"_s << QVariant(-5)
        << u"acquire_timeout_ms: -5 is out of range; accepted: 0 to 3600000 ms (0: fail at "
           "once when every connection is busy)"_s;
    QTest::newRow("negative idle timeout")
        << u"idle_timeout_ms"_s << QVariant(-1)
        << u"idle_timeout_ms: -1 is out of range; accepted: 0 to 86400000 ms (0: never)"_s;
    QTest::newRow("connect timeout 0")
        << u"connect_timeout_ms"_s << QVariant(0)
        << u"connect_timeout_ms: 0 is out of range; accepted: 1 to 600000 ms"_s;
    QTest::newRow("dns refresh 50")
        << u"dns_refresh_ms"_s << QVariant(50)
        << u"dns_refresh_ms: 50 is out of range; accepted: 0 (resolve once) or 100 to 86400000 ms"_s;
    QTest::newRow("keepalive count 500")
        << u"keepalive_count"_s << QVariant(500)
        << u"keepalive_count: 500 is out of range; accepted: 1 to 127"_s;
    QTest::newRow("reuse order")
        << u"reuse_order"_s << QVariant(u"random"_s)
        << u"reuse_order: \"random\" is not a choice; accepted: lifo or fifo"_s;
    QTest::newRow("bad override") << u"resolve"_s << QVariant(QStringList{u"nohost"_s})
                                  << u"resolve: \"nohost\" has fewer than three parts"_s;
}

void tst_PoolSettings::invalidSetting()
{
    QFETCH(QString, key);
    QFETCH(QVariant, value);
    QFETCH(QString, message);
    const PoolSettingField *field = PoolSettingField::find(key);
    QVERIFY(field);
    PoolSettings s = valid();
    if (field->kind == PoolSettingField::Kind::List
        || field->kind == PoolSettingField::Kind::Choice) {
        // The struct cannot hold these bad values (an enum, parsed overrides): check the value
        // as a file or a command line would give it.
        QVERIFY2(field->check(value).startsWith(message), qPrintable(field->check(value)));
        return;
    }
    field->set(s, value);
    const QStringList errors = s.validate();
    QCOMPARE(errors.size(), 1);
    QVERIFY2(errors[0].startsWith(message), qPrintable(errors[0]));
}

void tst_PoolSettings::everyIntegerFieldRejectsBothEnds()
{
    for (const PoolSettingField &field : PoolSettingField::all()) {
        if (field.kind != PoolSettingField::Kind::Integer)
            continue;
        for (const qint64 bad : {qint64(field.minimum) - 1, qint64(field.maximum) + 1}) {
            if (bad == 0 && !field.zeroMeans.isEmpty())
                continue;
            PoolSettings s = valid();
            field.set(s, QVariant::fromValue(bad));
            const QStringList errors = s.validate();
            QVERIFY2(!errors.isEmpty() && errors[0].startsWith(field.key + u':'),
                     qPrintable(field.key + u' ' + QString::number(bad)));
            QVERIFY(errors[0].contains(u"accepted: "_s));
        }
        PoolSettings s = valid();
        field.set(s, QVariant::fromValue(qint64(field.maximum)));
        if (field.key == u"min_idle"_s || field.key == u"min_connections"_s)
            s.maxConnections = int(field.maximum);
        if (field.key == u"backoff_initial_ms"_s)
            s.backoffMaxMs = qint64(field.maximum);
        QVERIFY2(s.validate().isEmpty(), qPrintable(field.key + u": "_s + s.validate().join(u';')));
    }
}

void tst_PoolSettings::parse_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QVariant>("expected");
    QTest::addColumn<QString>("error");
    QTest::newRow("number") << u"max_connections"_s << u" 25 "_s << QVariant(qint64(25))
                            << QString();
    QTest::newRow("not a number")
        << u"max_connections"_s << u"ten"_s << QVariant()
        << u"max_connections: \"ten\" is not a whole number; accepted: 1 to 10000"_s;
    QTest::newRow("switch on") << u"tls"_s << u"on"_s << QVariant(true) << QString();
    QTest::newRow("switch junk")
        << u"tls"_s << u"maybe"_s << QVariant()
        << u"tls: \"maybe\" is not a switch; accepted: true or false (on/off, 1/0)"_s;
    QTest::newRow("choice") << u"reuse_order"_s << u"FIFO"_s << QVariant(u"fifo"_s) << QString();
    QTest::newRow("overrides") << u"resolve"_s << u"a:1:127.0.0.2,b:2:[::1]"_s
                               << QVariant(QStringList{u"a:1:127.0.0.2"_s, u"b:2:[::1]"_s})
                               << QString();
}

void tst_PoolSettings::parse()
{
    QFETCH(QString, key);
    QFETCH(QString, text);
    QFETCH(QVariant, expected);
    QFETCH(QString, error);
    const PoolSettingField *field = PoolSettingField::find(key);
    QString message;
    const auto value = field->parse(text, &message);
    // The message does not name the setting; whoever shows it does.
    QCOMPARE(value ? QString() : field->key + u": "_s + message, error);
    if (value)
        QCOMPARE(*value, expected);
}

void tst_PoolSettings::jsonRoundTrip()
{
    PoolSettings s = valid();
    s.tls = true;
    s.maxConnections = 42;
    s.reuseOrder = ReuseOrder::Fifo;
    QString error;
    s.hostOverrides = {*HostOverride::parse(u"backend.test:8080:[::1]"_s, &error)};
    QStringList errors;
    const PoolSettings back = PoolSettings::fromJson(s.toJson(), &errors);
    QCOMPARE(errors, QStringList());
    QVERIFY(back == s);
    QCOMPARE(s.toJson().size(), PoolSettingField::all().size());
}

void tst_PoolSettings::jsonErrors_data()
{
    QTest::addColumn<QJsonObject>("json");
    QTest::addColumn<QString>("error");
    QTest::newRow("unknown key") << QJsonObject{{u"max_conns"_s, 5}}
                                 << u"max_conns: not a pool setting; accepted keys: host, port"_s;
    QTest::newRow("string for a number")
        << QJsonObject{{u"max_connections"_s, u"5"_s}}
        << u"max_connections: \"5\" is not a whole number; accepted: 1 to 10000"_s;
    QTest::newRow("fraction") << QJsonObject{{u"port"_s, 80.5}}
                              << u"port: 80.5 is not a whole number; accepted: 1 to 65535"_s;
    QTest::newRow("number for a switch")
        << QJsonObject{{u"tls"_s, 1}} << u"tls: 1 is not true or false"_s;
    QTest::newRow("out of range") << QJsonObject{{u"port"_s, 0}}
                                  << u"port: 0 is out of range; accepted: 1 to 65535"_s;
    QTest::newRow("resolve entry a number")
        << QJsonObject{{u"resolve"_s, QJsonArray{u"a:80:127.0.0.1"_s, 2}}}
        << u"resolve: entry 2 of 2 is the number 2, not a string; accepted: a list of "
           "HOST:PORT:ADDRESS (a JSON list of strings)"_s;
    QTest::newRow("resolve entry an object")
        << QJsonObject{{u"resolve"_s, QJsonArray{QJsonObject{{u"host"_s, u"a"_s}}}}}
        << u"resolve: entry 1 of 1 is an object, not a string"_s;
    QTest::newRow("resolve a string")
        << QJsonObject{{u"resolve"_s, u"a:80:127.0.0.1"_s}}
        << u"resolve: \"a:80:127.0.0.1\" is a string, not a list; accepted: a list of "
           "HOST:PORT:ADDRESS (a JSON list of strings, e.g. [\"a:80:127.0.0.1\"])"_s;
    QTest::newRow("resolve a number") << QJsonObject{{u"resolve"_s, 7}}
                                      << u"resolve: 7 is not a list; accepted: a list of "
                                         "HOST:PORT:ADDRESS (a JSON list of strings)"_s;
    QTest::newRow("resolve address shorthand")
        << QJsonObject{{u"resolve"_s, QJsonArray{u"a:80:2"_s}}}
        << u"resolve: \"a:80:2\" has \"2\" for its address, which is not an IP address; "
           "accepted: HOST:PORT:ADDRESS with an IPv4 address like 127.0.0.1 or an IPv6 address "
           "like [::1]"_s;
    // Found by tests/fuzz (settings_file): it passed the check, and trimmed, the host was empty.
    QTest::newRow("blank host") << QJsonObject{{u"host"_s, u"\n\t"_s}} << u"host: empty"_s;
}

void tst_PoolSettings::jsonErrors()
{
    QFETCH(QJsonObject, json);
    QFETCH(QString, error);
    QStringList errors;
    const PoolSettings result = PoolSettings::fromJson(json, &errors, valid());
    QCOMPARE(errors.size(), 1);
    QVERIFY2(errors[0].startsWith(error), qPrintable(errors[0]));
    QVERIFY(result == valid()); // a bad key leaves the rest untouched
}

void tst_PoolSettings::hostOverrideParsing_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("roundTrip");
    QTest::newRow("ipv4") << u"backend.test:8080:127.0.0.2"_s << u"backend.test:8080:127.0.0.2"_s;
    QTest::newRow("ipv6") << u"backend.test:443:[::1]"_s << u"backend.test:443:[::1]"_s;
    QTest::newRow("no address") << u"backend.test:443:"_s << QString();
    QTest::newRow("bad port") << u"backend.test:99999:127.0.0.1"_s << QString();
    QTest::newRow("name as address") << u"a:1:localhost"_s << QString();
    QTest::newRow("empty host") << u":1:127.0.0.1"_s << QString();
    QTest::newRow("ipv6 without brackets") << u"a:1:::1"_s << u"a:1:[::1]"_s;
    QTest::newRow("ipv4-mapped ipv6") << u"a:1:[::ffff:127.0.0.1]"_s << u"a:1:[::ffff:127.0.0.1]"_s;
    QTest::newRow("zero and 255") << u"a:1:0.0.0.255"_s << u"a:1:0.0.0.255"_s;
    // The shorthands QHostAddress reads as IPv4 addresses are typing mistakes here.
    QTest::newRow("one number") << u"a:1:2"_s << QString();
    QTest::newRow("two parts") << u"a:1:127.1"_s << QString();
    QTest::newRow("three parts") << u"a:1:10.0.1"_s << QString();
    QTest::newRow("hexadecimal") << u"a:1:0x7f.0.0.1"_s << QString();
    QTest::newRow("leading zero") << u"a:1:127.0.0.01"_s << QString();
    QTest::newRow("part over 255") << u"a:1:127.0.0.256"_s << QString();
    QTest::newRow("ipv4 in brackets") << u"a:1:[127.0.0.1]"_s << QString();
}

void tst_PoolSettings::hostOverrideParsing()
{
    QFETCH(QString, text);
    QFETCH(QString, roundTrip);
    QString error;
    const auto parsed = HostOverride::parse(text, &error);
    if (roundTrip.isEmpty()) {
        QVERIFY(!parsed);
        QVERIFY2(error.startsWith(u"resolve: "_s)
                     && error.contains(u"accepted: HOST:PORT:ADDRESS"_s),
                 qPrintable(error));
    } else {
        QVERIFY2(parsed, qPrintable(error));
        QCOMPARE(parsed->toString(), roundTrip);
    }
}

QTEST_GUILESS_MAIN(tst_PoolSettings)
#include "tst_poolsettings.moc"

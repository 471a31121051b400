#include "manualclock.h"
#include "targetresolver.h"

#include <QTest>

using namespace Qt::StringLiterals;

// The names TargetResolver answers without the system resolver. Were one asked of the system
// after all, the answer would not be the one checked here; and the names that would need DNS
// have an empty label, which Qt refuses before asking any resolver: nothing leaves the machine.
class tst_TargetResolver : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void specialUseNameNeverResolves_data();
    void specialUseNameNeverResolves();
    void overrideGivesATestNameItsAddress();
    void localhostNamesAreLoopback();
    void aNewTargetDropsAQueuedRefusal();
};

namespace {

class Listener : public TargetResolver::Listener
{
public:
    void targetResolved(const QList<QHostAddress> &addresses, const QString &source,
                        qint64 tookNs) override
    {
        resolved.push_back({addresses, source, tookNs});
    }
    void targetResolutionFailed(const QString &message, qint64 tookNs) override
    {
        failed.push_back({message, tookNs});
    }

    struct Resolved
    {
        QList<QHostAddress> addresses;
        QString source;
        qint64 tookNs = 0;
    };
    struct Failed
    {
        QString message;
        qint64 tookNs = 0;
    };
    std::vector<Resolved> resolved;
    std::vector<Failed> failed;
};

} // namespace

void tst_TargetResolver::specialUseNameNeverResolves_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<QStringList>("overrides");
    QTest::addColumn<QString>("message");
    QTest::newRow("invalid") << u"db..invalid"_s << QStringList()
                             << u"\"db..invalid\" is a special-use name (RFC 6761) that never "
                                "resolves"_s;
    // An override for another port is no answer for this one.
    QTest::newRow("test") << u"db..test"_s << QStringList{u"db..test:81:127.0.0.1"_s}
                          << u"\"db..test\" is a special-use name (RFC 6761) for testing, which "
                             "no DNS server answers; give it an address with a resolve entry "
                             "(HOST:PORT:ADDRESS)"_s;
}

void tst_TargetResolver::specialUseNameNeverResolves()
{
    QFETCH(QString, host);
    QFETCH(QStringList, overrides);
    QFETCH(QString, message);
    ManualClock clock;
    Listener listener;
    TargetResolver resolver(clock, listener);
    QList<HostOverride> parsed;
    for (const QString &entry : overrides) {
        QString error;
        const auto parsedEntry = HostOverride::parse(entry, &error);
        QVERIFY2(parsedEntry, qPrintable(error));
        parsed << *parsedEntry;
    }
    resolver.setTarget(host, 80, parsed, true);
    resolver.setRefreshMs(1'000);
    QVERIFY(resolver.addresses().isEmpty());
    // Two dials ask before the answer comes: one answer serves both.
    resolver.lookUp();
    resolver.lookUp();
    QVERIFY(listener.failed.empty()); // from the event loop, as a lookup's answer would be
    QTRY_COMPARE(listener.failed.size(), size_t(1));
    QCOMPARE(listener.failed[0].message, message);
    QCOMPARE(listener.failed[0].tookNs, 0);
    QVERIFY(listener.resolved.empty());
    // Nothing to refresh; a later dial is refused again.
    QCOMPARE(clock.nextDueNs(), 0);
    resolver.lookUp();
    QTRY_COMPARE(listener.failed.size(), size_t(2));
}

void tst_TargetResolver::overrideGivesATestNameItsAddress()
{
    ManualClock clock;
    Listener listener;
    TargetResolver resolver(clock, listener);
    QString error;
    resolver.setTarget(u"DB.test"_s, 80, {*HostOverride::parse(u"db.test:80:127.0.0.2", &error)},
                       false);
    QCOMPARE(listener.resolved.size(), size_t(1));
    QCOMPARE(listener.resolved[0].source, u"hosts override"_s);
    QCOMPARE(resolver.addresses(), QList<QHostAddress>{QHostAddress(u"127.0.0.2"_s)});
    resolver.lookUp();
    QTest::qWait(0);
    QVERIFY(listener.failed.empty());
}

void tst_TargetResolver::localhostNamesAreLoopback()
{
    ManualClock clock;
    Listener listener;
    TargetResolver resolver(clock, listener);
    resolver.setTarget(u"api.localhost"_s, 80, {}, false);
    // At once, like an override: no lookup to wait for.
    QCOMPARE(listener.resolved.size(), size_t(1));
    QCOMPARE(listener.resolved[0].source, u"special-use name"_s);
    const QList<QHostAddress> loopback{QHostAddress(QHostAddress::LocalHost),
                                       QHostAddress(QHostAddress::LocalHostIPv6)};
    QCOMPARE(listener.resolved[0].addresses, loopback);
    QCOMPARE(resolver.addresses(), loopback);
}

void tst_TargetResolver::aNewTargetDropsAQueuedRefusal()
{
    ManualClock clock;
    Listener listener;
    TargetResolver resolver(clock, listener);
    resolver.setTarget(u"old..invalid"_s, 80, {}, false);
    resolver.lookUp();
    resolver.setTarget(u"127.0.0.1"_s, 80, {}, false);
    QTest::qWait(0);
    QVERIFY(listener.failed.empty());
    resolver.setTarget(u"new..invalid"_s, 80, {}, false);
    resolver.lookUp();
    QTRY_COMPARE(listener.failed.size(), size_t(1));
    QVERIFY(listener.failed[0].message.startsWith(u"\"new..invalid\""_s));
}

QTEST_GUILESS_MAIN(tst_TargetResolver)
#include "tst_targetresolver.moc"

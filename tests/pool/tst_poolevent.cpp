#include "acquireresult.h"
#include "connectioninfo.h"
#include "poolevent.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;

class tst_PoolEvent : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void namesRoundTrip();
    void jsonLineRoundTrip();
    void jsonCarriesOnlyWhatTheKindHas();
    void acquireFailureAndInterruptRoundTrip();
};

void tst_PoolEvent::namesRoundTrip()
{
    for (int i = 0; i <= int(EnumNames<EventKind>::last); ++i)
        QCOMPARE(enumFromName<EventKind>(enumName(EventKind(i))), EventKind(i));
    for (int i = 0; i <= int(EvictionReason::Shutdown); ++i)
        QCOMPARE(enumFromName<EvictionReason>(enumName(EvictionReason(i))), EvictionReason(i));
    for (int i = 0; i <= int(DialError::Other); ++i)
        QCOMPARE(enumFromName<DialError>(enumName(DialError(i))), DialError(i));
    for (int i = 0; i <= int(EnumNames<AcquireError>::last); ++i)
        QCOMPARE(enumFromName<AcquireError>(enumName(AcquireError(i))), AcquireError(i));
    for (int i = 0; i <= int(ConnectionState::Closed); ++i)
        QCOMPARE(enumFromName<ConnectionState>(enumName(ConnectionState(i))), ConnectionState(i));
    QCOMPARE(enumFromName<EventKind>(u"nonsense"_s), std::nullopt);
}

void tst_PoolEvent::jsonLineRoundTrip()
{
    PoolEvent e;
    e.timeNs = 123'456'789'012;
    e.kind = EventKind::Evicted;
    e.connectionId = 42;
    e.generation = 3;
    e.reason = EvictionReason::PeerClosed;
    e.ageNs = 1'500'000'000;
    e.idleNs = 250'000;
    e.message = u"the server closed it while idle (FIN)"_s;
    const QByteArray line = e.toJsonLine();
    QVERIFY(line.endsWith('\n'));
    QCOMPARE(line.count('\n'), 1);
    const auto back = PoolEvent::fromJson(QJsonDocument::fromJson(line).object());
    QVERIFY(back);
    QCOMPARE(back->timeNs, e.timeNs);
    QCOMPARE(back->kind, e.kind);
    QCOMPARE(back->connectionId, e.connectionId);
    QCOMPARE(back->generation, e.generation);
    QCOMPARE(back->reason, e.reason);
    QCOMPARE(back->ageNs, e.ageNs);
    QCOMPARE(back->idleNs, e.idleNs);
    QCOMPARE(back->message, e.message);
}

void tst_PoolEvent::jsonCarriesOnlyWhatTheKindHas()
{
    PoolEvent e;
    e.kind = EventKind::Acquired;
    e.connectionId = 7;
    e.reused = false;
    e.waitNs = 2'000'000;
    const QJsonObject o = e.toJson();
    QCOMPARE(o.value(u"kind"_s).toString(), u"acquired"_s);
    QCOMPARE(o.value(u"reused"_s).toBool(true), false);
    QCOMPARE(o.value(u"wait_ms"_s).toDouble(), 2.0);
    QVERIFY(!o.contains(u"reason"_s));
    QVERIFY(!o.contains(u"hold_ms"_s));
}

void tst_PoolEvent::acquireFailureAndInterruptRoundTrip()
{
    PoolEvent failed;
    failed.kind = EventKind::WaiterFailed;
    failed.failure = AcquireError::Paused;
    QCOMPARE(failed.toJson().value(u"failure"_s).toString(), u"paused"_s);
    QVERIFY(!failed.toJson().contains(u"interrupt_in_use"_s));
    QCOMPARE(PoolEvent::fromJson(failed.toJson())->failure, AcquireError::Paused);

    PoolEvent cleared;
    cleared.kind = EventKind::Cleared;
    cleared.interruptInUse = true;
    QCOMPARE(cleared.toJson().value(u"interrupt_in_use"_s).toBool(), true);
    QVERIFY(!cleared.toJson().contains(u"failure"_s));
    QCOMPARE(PoolEvent::fromJson(cleared.toJson())->interruptInUse, true);
}

QTEST_GUILESS_MAIN(tst_PoolEvent)
#include "tst_poolevent.moc"

#include "connectionpool.h"
#include "poolhost.h"
#include "testserver.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;

class tst_PoolHost : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void poolRunsOnItsOwnThread();
    void eventsArriveInBoundedBatches();
    void invalidSettingsAreRefused();
    void stopDeliversTheLastEvents();
    void aStalledConsumerCostsBoundedMemory();
};

namespace {

PoolSettings settingsFor(quint16 port)
{
    PoolSettings s;
    s.host = u"127.0.0.1"_s;
    s.port = port;
    s.dnsRefreshMs = 0;
    return s;
}

// One acquire and release, then the next from the event loop, so the batcher's timer runs.
void cycle(ConnectionPool *pool, int left)
{
    if (left == 0)
        return;
    pool->acquire(pool, [pool, left](AcquireResult r) {
        r.lease.release();
        QTimer::singleShot(0, pool, [pool, left] { cycle(pool, left - 1); });
    });
}

} // namespace

void tst_PoolHost::poolRunsOnItsOwnThread()
{
    TestServer server;
    QVERIFY(server.listen());
    PoolHost host;
    QCOMPARE(host.start(settingsFor(server.port())), QStringList());
    QVERIFY(host.workerThread() != QThread::currentThread());
    QThread *poolThread = nullptr;
    host.invokeAndWait([&](ConnectionPool &pool) { poolThread = pool.thread(); });
    QCOMPARE(poolThread, host.workerThread());
}

void tst_PoolHost::eventsArriveInBoundedBatches()
{
    TestServer server; // on this thread: the pool thread talks to it over loopback
    QVERIFY(server.listen());
    PoolHost host;
    QList<PoolEvent> received;
    int deliveries = 0;
    connect(&host, &PoolHost::eventsDelivered, this, [&](const QList<PoolEvent> &events) {
        QCOMPARE(QThread::currentThread(), thread());
        ++deliveries;
        received += events;
    });
    QSignalSpy snapshots(&host, &PoolHost::snapshotDelivered);
    QElapsedTimer clock;
    clock.start();
    QCOMPARE(host.start(settingsFor(server.port())), QStringList());

    // 5,000 acquire/release pairs on the pool thread, as fast as it goes.
    constexpr int Cycles = 5'000;
    host.invoke([](ConnectionPool &pool) { cycle(&pool, Cycles); });
    const auto acquired = [&] {
        return std::count_if(received.begin(), received.end(),
                             [](const PoolEvent &e) { return e.kind == EventKind::Acquired; });
    };
    QTRY_COMPARE_WITH_TIMEOUT(acquired(), Cycles, 30'000);
    const double seconds = double(clock.elapsed()) / 1000.0;
    // Every event arrives, in order, in at most ~30 deliveries a second.
    QVERIFY2(deliveries <= int(seconds * 31) + 2,
             qPrintable(u"%1 deliveries in %2 s"_s.arg(deliveries).arg(seconds)));
    QVERIFY(deliveries >= 1);
    for (qsizetype i = 1; i < received.size(); ++i)
        QVERIFY(received[i - 1].timeNs <= received[i].timeNs);
    QTRY_VERIFY_WITH_TIMEOUT(!snapshots.isEmpty(), 10'000);
    QCOMPARE(host.droppedEvents(), 0u);
}

void tst_PoolHost::invalidSettingsAreRefused()
{
    PoolHost host;
    PoolSettings s;
    s.host = u"127.0.0.1"_s;
    s.port = 0;
    const QStringList errors = host.start(s);
    QCOMPARE(errors.size(), 1);
    QVERIFY(errors[0].startsWith(u"port:"_s));
    QVERIFY(!host.isRunning());
}

void tst_PoolHost::stopDeliversTheLastEvents()
{
    TestServer server;
    QVERIFY(server.listen());
    PoolHost host;
    QList<PoolEvent> received;
    connect(&host, &PoolHost::eventsDelivered, this,
            [&](const QList<PoolEvent> &events) { received += events; });
    PoolSettings s = settingsFor(server.port());
    s.minIdle = 2;
    QCOMPARE(host.start(s), QStringList());
    QTRY_COMPARE_WITH_TIMEOUT(server.open(), 2, 10'000);
    host.stop();
    const auto shutdowns = std::count_if(received.begin(), received.end(), [](const PoolEvent &e) {
        return e.kind == EventKind::Evicted && e.reason == EvictionReason::Shutdown;
    });
    QCOMPARE(shutdowns, 2);
}

void tst_PoolHost::aStalledConsumerCostsBoundedMemory()
{
    TestServer server;
    QVERIFY(server.listen());
    PoolHost host;
    host.setMaxBufferedEvents(100);
    QList<PoolEvent> received;
    connect(&host, &PoolHost::eventsDelivered, this,
            [&](const QList<PoolEvent> &events) { received += events; });
    QCOMPARE(host.start(settingsFor(server.port())), QStringList());
    // 2,005 events while this thread, the consumer, is blocked in invokeAndWait.
    host.invokeAndWait([](ConnectionPool &pool) {
        bool ready = false;
        pool.acquire(&pool, [&ready](AcquireResult r) { ready = r.ok(); });
        while (!ready)
            QCoreApplication::processEvents();
        for (int i = 0; i < 1'000; ++i)
            pool.tryAcquire().release();
    });
    QTRY_COMPARE_WITH_TIMEOUT(quint64(received.size()) + host.droppedEvents(), 2'005u, 10'000);
    // At most the cap waited for it: the oldest went, the newest are there.
    QVERIFY(received.size() <= 100);
    QVERIFY(host.droppedEvents() >= 1'905u);
    QCOMPARE(received.last().kind, EventKind::Released);
}

QTEST_GUILESS_MAIN(tst_PoolHost)
#include "tst_poolhost.moc"

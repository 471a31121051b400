// The pool's state machine on its seams (ManualClock, FakeConnector): every rule checked
// deterministically, in exact event order, without waiting real time. tst_connectionpool checks
// the same behaviour against real sockets.
#include "poolharness.h"

#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

using Kinds = std::vector<EventKind>;

PoolSettings withMax(int maxConnections)
{
    PoolSettings settings = PoolHarness::defaults();
    settings.maxConnections = maxConnections;
    return settings;
}

// What every state of the pool must satisfy, whatever happened before.
void checkInvariants(const PoolHarness &h)
{
    const PoolStats stats = h.pool->stats();
    QVERIFY(stats.idle >= 0 && stats.inUse >= 0 && stats.dialing >= 0 && stats.waiting >= 0);
    QCOMPARE(stats.open, stats.idle + stats.inUse);
    // Over the maximum only after it was lowered, and then nothing over it sits idle.
    QVERIFY2(
        stats.open + stats.dialing <= h.pool->settings().maxConnections || stats.idle == 0,
        qPrintable(
            u"%1 open, %2 idle, %3 dialing"_s.arg(stats.open).arg(stats.idle).arg(stats.dialing)));
    QCOMPARE(
        int(h.connector.links().size()), stats.open + stats.dialing - [&] {
            int resolving = 0;
            for (const ConnectionInfo &c : h.pool->snapshot().connections)
                resolving += c.state == ConnectionState::Resolving;
            return resolving;
        }());
    int idleLinks = 0;
    for (const FakeLink *link : h.connector.links())
        idleLinks += link->isIdle();
    QCOMPARE(idleLinks, stats.idle);
}

} // namespace

class tst_PoolStateMachine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void dialsThenReuses();
    void callbacksNeverRunInsideThePool();
    void tryAcquireAnswersAtOnce();
    void waitersAreServedInFifoOrder();
    void aWaiterBlockedOnDialsTakesAReturnedConnection();
    void releaseComesBeforeTheNextAcquired();
    void waiterTimesOutAtItsDeadline();
    void acquireTimeoutLeavesTheDialToTheConnectTimeout();
    void zeroAcquireTimeoutFailsAtOnceWhenExhausted();
    void cancelledAndAbandonedWaiters();
    void waitsCountOnlyABusyPool();
    void resetStatisticsKeepsTheGauges();
    void reuseOrder_data();
    void reuseOrder();
    void prewarmsAndRefillsMinIdle();
    void idleTimeoutKeepsMinIdle();
    void maxLifetimeWithJitter();
    void peerCloseWhileIdle();
    void closedConnectionsLeaveSnapshotsAfterTwoSeconds();
    void unexpectedDataWhileIdle();
    void checkAtAcquire_data();
    void checkAtAcquire();
    void closeOnReleaseAndBroken();
    void freshWaiterGetsRoomMade();
    void dialFailuresBackOffOneAtATime();
    void connectTimeout();
    void clearStartsANewGeneration();
    void shrinkAndGrowLive();
    void targetChangeRetiresEveryConnection();
    void misuseIsCaught();
    void sequenceNumbersAndPoolId();
    void shutdownFailsWaitersAndClosesOnReturn();
    void randomWalkKeepsTheInvariants();
};

void tst_PoolStateMachine::dialsThenReuses()
{
    PoolHarness h;
    h.acquire();
    QCOMPARE(h.connector.connects(), 1);
    QCOMPARE(h.pool->stats().dialing, 1);
    h.clock.advanceMs(7);
    h.establishAll();
    QCOMPARE(h.granted(), 1);
    QVERIFY(!h.results[0].lease.isReused());
    QCOMPARE(h.results[0].dial.totalNs(), 7'000'000);
    QCOMPARE(h.results[0].dial.connectNs, 7'000'000); // a literal address: nothing to resolve
    QCOMPARE(h.results[0].dial.tlsNs, 0);
    QCOMPARE(h.results[0].waitNs, 7'000'000);
    QCOMPARE(h.kindsSince(0),
             (Kinds{EventKind::PoolCreated, EventKind::PoolReady, EventKind::WaiterQueued,
                    EventKind::DialStarted, EventKind::DialSucceeded, EventKind::Acquired}));
    h.results[0].lease.release();

    h.acquire();
    h.settle();
    QCOMPARE(h.granted(), 2);
    QVERIFY(h.results[1].lease.isReused());
    QCOMPARE(h.connector.connects(), 1);
    const PoolStats stats = h.pool->stats();
    QCOMPARE(stats.dials, 1u);
    QCOMPARE(stats.reuses, 1u);
    QCOMPARE(stats.inUse, 1);
    QCOMPARE(stats.dialTime.count(), 1u);
}

void tst_PoolStateMachine::callbacksNeverRunInsideThePool()
{
    PoolHarness h(withMax(1));
    h.acquire();
    h.establishAll();
    h.results[0].lease.release();

    // An idle connection is taken at once, but the caller hears of it from the event loop.
    h.acquire();
    QCOMPARE(h.results.size(), size_t(1));
    QCOMPARE(h.pool->stats().inUse, 1);
    h.settle();
    QCOMPARE(h.results.size(), size_t(2));

    // A release that hands the connection to a waiter does not run the waiter's callback.
    h.acquire();
    h.results[1].lease.release();
    QCOMPARE(h.results.size(), size_t(2));
    QCOMPARE(h.pool->stats().inUse, 1);
    h.settle();
    QCOMPARE(h.granted(), 3);

    // Nor does a failure: the pool is at its maximum and the caller will not wait.
    h.acquire(0);
    QCOMPARE(h.results.size(), size_t(3));
    h.settle();
    QCOMPARE(h.results.back().error, AcquireError::Exhausted);
}

void tst_PoolStateMachine::tryAcquireAnswersAtOnce()
{
    PoolHarness h;
    QVERIFY(!h.pool->tryAcquire().isValid()); // nothing idle; it dials nothing either
    QCOMPARE(h.connector.connects(), 0);
    h.acquire();
    h.establishAll();
    const quint64 id = h.results[0].lease.connectionId();
    h.results[0].lease.release();
    PoolLease lease = h.pool->tryAcquire();
    QVERIFY(lease.isValid());
    QCOMPARE(lease.connectionId(), id);
    QVERIFY(lease.isReused());
    QCOMPARE(h.last(EventKind::Acquired)->waiterId, 0u);
    QVERIFY(!h.pool->tryAcquire().isValid());
}

void tst_PoolStateMachine::waitersAreServedInFifoOrder()
{
    PoolHarness h(withMax(1));
    std::vector<std::pair<QString, PoolLease>> order;
    auto take = [&](const QString &name) {
        h.pool->acquire(nullptr, [&order, name](AcquireResult r) {
            QVERIFY(r.ok());
            order.emplace_back(name, std::move(r.lease));
        });
    };
    take(u"a"_s);
    h.establishAll();
    for (const QString &name : {u"b"_s, u"c"_s, u"d"_s})
        take(name);
    QCOMPARE(h.pool->stats().waiting, 3);
    for (int i = 0; i < 3; ++i) {
        order[size_t(i)].second.release();
        h.settle();
    }
    QStringList names;
    for (const auto &[name, lease] : order)
        names << name;
    QCOMPARE(names, QStringList({u"a"_s, u"b"_s, u"c"_s, u"d"_s}));
    QCOMPARE(h.connector.connects(), 1);
}

void tst_PoolStateMachine::aWaiterBlockedOnDialsTakesAReturnedConnection()
{
    PoolSettings settings = withMax(3);
    settings.maxConcurrentDials = 1;
    PoolHarness h(settings);
    h.acquire();
    h.establishAll();
    h.acquire(); // takes the one dial slot
    h.acquire(); // waits for the slot
    QCOMPARE(h.connector.connects(), 2);
    QCOMPARE(h.pool->stats().waiting, 2);
    h.results[0].lease.release();
    h.settle();
    QCOMPARE(h.granted(), 2); // the connection that came back went to a waiter
    h.establishAll();
    QCOMPARE(h.granted(), 3); // and the dial under way to the other one
    QCOMPARE(h.connector.connects(), 2);
}

void tst_PoolStateMachine::releaseComesBeforeTheNextAcquired()
{
    PoolHarness h(withMax(1));
    h.acquire();
    h.establishAll();
    const quint64 waiterId = h.acquire();
    h.clock.advanceMs(30);
    const size_t mark = h.events.size();
    h.results[0].lease.release();
    QCOMPARE(h.kindsSince(mark), (Kinds{EventKind::Released, EventKind::Acquired}));
    QCOMPARE(h.events.back().waiterId, waiterId);
    QCOMPARE(h.events.back().waitNs, 30'000'000);
    QCOMPARE(h.events.back().idleNs, 0);
    QCOMPARE(h.pool->stats().idle, 0);
    h.settle();
    QCOMPARE(h.results[1].waitNs, 30'000'000);
}

void tst_PoolStateMachine::waiterTimesOutAtItsDeadline()
{
    PoolSettings settings = withMax(1);
    settings.acquireTimeoutMs = 150;
    PoolHarness h(settings);
    h.acquire();
    h.establishAll();
    h.acquire();
    h.advanceMs(149);
    QCOMPARE(h.results.size(), size_t(1));
    h.advanceMs(1);
    QCOMPARE(h.results.size(), size_t(2));
    QCOMPARE(h.results[1].error, AcquireError::Timeout);
    QCOMPARE(h.results[1].waitNs, 150'000'000);
    QVERIFY2(h.results[1].message.contains(u"150 ms (1 of 1 in use, 0 dialing)"_s),
             qPrintable(h.results[1].message));
    QCOMPARE(h.count(EventKind::WaiterTimedOut), 1);
    QCOMPARE(h.pool->stats().acquireTimeouts, 1u);
    QCOMPARE(h.pool->stats().waiting, 0);
}

void tst_PoolStateMachine::acquireTimeoutLeavesTheDialToTheConnectTimeout()
{
    // One dial slot: the first waiter's dial is under way, the second waits for the slot.
    PoolSettings settings = withMax(2);
    settings.maxConcurrentDials = 1;
    settings.acquireTimeoutMs = 100;
    settings.connectTimeoutMs = 1'000;
    PoolHarness h(settings);
    h.acquire();
    h.acquire();
    QCOMPARE(h.connector.connects(), 1);
    h.advanceMs(150);
    QCOMPARE(h.results.size(), size_t(1)); // only the one waiting for a slot timed out
    QCOMPARE(h.results[0].error, AcquireError::Timeout);
    h.advanceMs(500);
    QCOMPARE(h.results.size(), size_t(1));
    h.establishAll();
    QCOMPARE(h.granted(), 1);
    QCOMPARE(h.results[1].waitNs, 650'000'000);
    // A dial that hangs fails its waiter at the connect timeout instead.
    const PoolLease held = std::move(h.results[1].lease);
    h.results.clear();
    h.acquire();
    h.acquire();
    h.advanceMs(1'000);
    QCOMPARE(h.results.size(), size_t(2));
    QCOMPARE(h.results[0].error, AcquireError::Timeout); // waited for the slot
    QCOMPARE(h.results[1].error, AcquireError::DialFailed);
    QCOMPARE(h.results[1].dialError, DialError::TimedOut);
}

void tst_PoolStateMachine::zeroAcquireTimeoutFailsAtOnceWhenExhausted()
{
    PoolSettings settings = withMax(1);
    settings.acquireTimeoutMs = 0;
    PoolHarness h(settings);
    h.acquire(); // under the maximum: it waits for its dial even with timeout 0
    h.establishAll();
    QCOMPARE(h.granted(), 1);
    h.acquire();
    h.settle();
    QCOMPARE(h.results[1].error, AcquireError::Exhausted);
    QCOMPARE(h.pool->stats().acquireTimeouts, 1u);
    // The first waited for its dial, not for a connection someone held; the second did not
    // wait at all.
    QCOMPARE(h.pool->stats().waits, 0u);
    QCOMPARE(h.pool->stats().dialWaits, 1u);
}

void tst_PoolStateMachine::waitsCountOnlyABusyPool()
{
    PoolHarness h(withMax(1));
    h.acquire(-1, true); // unpooled: waits for a dial of its own, not for anyone
    h.establishAll();
    QCOMPARE(h.granted(), 1);
    QCOMPARE(h.pool->stats().waits, 0u);
    QCOMPARE(h.pool->stats().dialWaits, 1u);
    h.acquire(); // the only connection is held: a wait for the holder
    h.settle();
    QCOMPARE(h.pool->stats().waits, 1u);
    h.results[0].lease.release();
    h.settle();
    QCOMPARE(h.granted(), 2);
    QVERIFY(h.results[1].lease.isReused());
    QCOMPARE(h.pool->stats().waits, 1u);
    QCOMPARE(h.pool->stats().dialWaits, 1u);
}

void tst_PoolStateMachine::resetStatisticsKeepsTheGauges()
{
    PoolHarness h(withMax(2));
    h.acquire();
    h.acquire();
    h.advanceMs(3);
    h.establishAll();
    QCOMPARE(h.granted(), 2);
    h.results[0].lease.release();
    h.acquire();
    h.settle();
    QCOMPARE(h.granted(), 3);
    PoolStats before = h.pool->stats();
    QCOMPARE(before.dials, 2u);
    QCOMPARE(before.reuses, 1u);
    QCOMPARE(before.dialTime.count(), 2u);

    h.advanceMs(10);
    h.pool->resetStatistics();
    const PoolStats after = h.pool->stats();
    QCOMPARE(after.sinceNs, h.clock.nowNs());
    QVERIFY(after.sinceNs > before.sinceNs);
    QCOMPARE(after.dials, 0u);
    QCOMPARE(after.acquisitions, 0u);
    QCOMPARE(after.reuses, 0u);
    QCOMPARE(after.dialWaits, 0u);
    QCOMPARE(after.releases, 0u);
    QCOMPARE(after.dialTime.count(), 0u);
    QCOMPARE(after.acquireWait.count(), 0u);
    QCOMPARE(after.holdTime.count(), 0u);
    // What is there now stays.
    QCOMPARE(after.open, 2);
    QCOMPARE(after.inUse, 2);
    QCOMPARE(after.peakOpen, 2);
    QCOMPARE(after.generation, before.generation);

    // And it counts on from zero.
    h.results[1].lease.release();
    QCOMPARE(h.pool->stats().releases, 1u);
    QCOMPARE(h.pool->stats().holdTime.count(), 1u);
    QCOMPARE(h.pool->stats().holdTime.max(), 10'000'000);
}

void tst_PoolStateMachine::cancelledAndAbandonedWaiters()
{
    PoolHarness h(withMax(1));
    h.acquire();
    h.establishAll();
    const quint64 id = h.acquire();
    QVERIFY(h.pool->cancelAcquire(id));
    QVERIFY(!h.pool->cancelAcquire(id));
    h.settle();
    QCOMPARE(h.results[1].error, AcquireError::Cancelled);

    auto context = std::make_unique<QObject>();
    h.acquire(-1, false, context.get());
    context.reset();
    h.results[0].lease.release();
    h.settle();
    QCOMPARE(h.results.size(), size_t(2)); // nobody to tell
    QCOMPARE(h.count(EventKind::WaiterCancelled), 2);
    QCOMPARE(h.pool->stats().idle, 1);
}

void tst_PoolStateMachine::reuseOrder_data()
{
    QTest::addColumn<ReuseOrder>("order");
    QTest::addColumn<int>("expected");
    QTest::newRow("lifo: newest idle first") << ReuseOrder::Lifo << 2;
    QTest::newRow("fifo: oldest idle first") << ReuseOrder::Fifo << 0;
}

void tst_PoolStateMachine::reuseOrder()
{
    QFETCH(ReuseOrder, order);
    QFETCH(int, expected);
    PoolSettings settings = PoolHarness::defaults();
    settings.reuseOrder = order;
    PoolHarness h(settings);
    for (int i = 0; i < 3; ++i)
        h.acquire();
    h.establishAll();
    std::vector<quint64> released;
    for (AcquireResult &result : h.results) {
        released.push_back(result.lease.connectionId());
        result.lease.release();
        h.clock.advanceMs(1);
    }
    QCOMPARE(h.pool->tryAcquire().connectionId(), released[size_t(expected)]);
}

void tst_PoolStateMachine::prewarmsAndRefillsMinIdle()
{
    PoolSettings settings = PoolHarness::defaults();
    settings.minIdle = 3;
    settings.maxConnections = 5;
    PoolHarness h(settings);
    QCOMPARE(h.connector.connects(), 3);
    h.establishAll();
    QCOMPARE(h.pool->stats().idle, 3);

    PoolLease lease = h.pool->tryAcquire();
    QVERIFY(lease.isValid());
    QCOMPARE(h.connector.connects(), 4); // two left idle: a fourth keeps three ready
    h.establishAll();
    QCOMPARE(h.pool->stats().idle, 3);

    // Every idle one closed by the server, later than an early close: each is replaced at once.
    h.advanceMs(PoolStats::EarlyCloseNs / 1'000'000);
    for (FakeLink *link : std::vector<FakeLink *>(h.connector.links())) {
        if (link->isIdle())
            link->closeByPeer();
    }
    QCOMPARE(h.evictions(EvictionReason::PeerClosed), 3);
    h.establishAll();
    QCOMPARE(h.pool->stats().idle, 3);
    QCOMPARE(h.connector.connects(), 7);
}

void tst_PoolStateMachine::idleTimeoutKeepsMinIdle()
{
    PoolSettings settings = PoolHarness::defaults();
    settings.idleTimeoutMs = 150;
    settings.minIdle = 1;
    PoolHarness h(settings);
    h.acquire();
    h.acquire();
    h.establishAll(); // the pre-warm dial and the two asked for
    h.results[0].lease.release();
    h.results[1].lease.release();
    QCOMPARE(h.pool->stats().idle, 3);
    h.advanceMs(149);
    QCOMPARE(h.evictions(EvictionReason::IdleTimeout), 0);
    h.advanceMs(1);
    QCOMPARE(h.evictions(EvictionReason::IdleTimeout), 2);
    QCOMPARE(h.last(EventKind::Evicted)->idleNs, 150'000'000);
    QCOMPARE(h.pool->stats().idle, 1);
    // The survivor is past the idle timeout, kept for min idle, and still handed out.
    h.advanceMs(1'000);
    PoolLease lease = h.pool->tryAcquire();
    QVERIFY(lease.isValid());
    QVERIFY(h.last(EventKind::Acquired)->idleNs >= 1'000'000'000);
}

void tst_PoolStateMachine::maxLifetimeWithJitter()
{
    PoolSettings settings = PoolHarness::defaults();
    settings.maxLifetimeMs = 1'000;
    PoolHarness h(settings);
    h.acquire();
    h.acquire();
    h.establishAll();
    h.results[0].lease.release(); // idle: the cleaner closes it on time
    h.advanceMs(974);
    QCOMPARE(h.evictions(EvictionReason::MaxLifetime), 0); // jitter is at most 2.5 %
    h.advanceMs(26);
    QCOMPARE(h.evictions(EvictionReason::MaxLifetime), 1);
    QVERIFY(h.last(EventKind::Evicted)->ageNs >= 975'000'000);
    // The busy one is past its lifetime too: it is not taken away, and closes on return.
    QCOMPARE(h.pool->stats().inUse, 1);
    h.results[1].lease.release();
    QCOMPARE(h.evictions(EvictionReason::MaxLifetime), 2);
    QCOMPARE(h.pool->stats().open, 0);
}

void tst_PoolStateMachine::peerCloseWhileIdle()
{
    PoolHarness h;
    h.acquire();
    h.acquire();
    h.establishAll();
    h.results[0].lease.release();
    h.advanceMs(PoolStats::EarlyCloseNs / 1'000'000); // not an early close (tst_earlyclose)
    h.connector.links()[0]->closeByPeer(true);
    QCOMPARE(h.evictions(EvictionReason::PeerClosed), 1);
    QCOMPARE(h.last(EventKind::Evicted)->message, u"the server reset it (RST)"_s);
    // While in use, a close waits for the holder, who hears of it.
    FakeLink *busy = h.connector.links()[0];
    busy->closeByPeer(true);
    QCOMPARE(h.evictions(EvictionReason::PeerClosed), 1);
    h.results[1].lease.release();
    QCOMPARE(h.evictions(EvictionReason::PeerClosed), 2);
    QVERIFY(h.last(EventKind::Evicted)->message.endsWith(u"(while in use)"_s));
    const PoolSnapshot snapshot = h.pool->snapshot();
    QCOMPARE(snapshot.connections.size(), 2);
    QCOMPARE(snapshot.connections[0].closeReason, EvictionReason::PeerClosed);
}

void tst_PoolStateMachine::closedConnectionsLeaveSnapshotsAfterTwoSeconds()
{
    PoolHarness h;
    h.acquire();
    h.establishAll();
    h.results[0].lease.release();
    h.advanceMs(PoolStats::EarlyCloseNs / 1'000'000);
    h.connector.links()[0]->closeByPeer(true);
    QCOMPARE(h.evictions(EvictionReason::PeerClosed), 1);
    const auto closedInSnapshot = [&] {
        const PoolSnapshot snapshot = h.pool->snapshot();
        return std::count_if(
            snapshot.connections.begin(), snapshot.connections.end(),
            [](const ConnectionInfo &c) { return c.state == ConnectionState::Closed; });
    };
    // Every snapshot copies them and every view goes through them: they stay a score of
    // snapshots (two seconds), long enough for a view that missed the close, not for good.
    QCOMPARE(closedInSnapshot(), 1);
    h.advanceMs(1'999);
    QCOMPARE(closedInSnapshot(), 1);
    h.advanceMs(2);
    QCOMPARE(closedInSnapshot(), 0);
}

void tst_PoolStateMachine::unexpectedDataWhileIdle()
{
    PoolHarness h;
    h.acquire();
    h.establishAll();
    h.results[0].lease.release();
    h.connector.links()[0]->receive(32);
    QCOMPARE(h.evictions(EvictionReason::UnexpectedData), 1);
    QVERIFY(h.last(EventKind::Evicted)->message.contains(u"32 bytes arrived while idle"_s));
}

void tst_PoolStateMachine::checkAtAcquire_data()
{
    QTest::addColumn<int>("health");
    QTest::addColumn<QString>("message");
    QTest::newRow("FIN pending") << int(SocketOptions::Health::PeerClosed) << u"FIN"_s;
    QTest::newRow("RST") << int(SocketOptions::Health::Reset) << u"RST"_s;
    QTest::newRow("gone") << int(SocketOptions::Health::NotConnected) << u"no longer"_s;
    QTest::newRow("stray bytes") << int(SocketOptions::Health::PendingData) << u"bytes"_s;
}

void tst_PoolStateMachine::checkAtAcquire()
{
    QFETCH(int, health);
    QFETCH(QString, message);
    PoolSettings settings = PoolHarness::defaults();
    settings.checkAfterIdleMs = 100;
    PoolHarness h(settings);
    h.acquire();
    h.establishAll();
    h.results[0].lease.release();
    h.connector.links()[0]->setHealth(SocketOptions::Health(health));
    // Idle for less than check_after_idle_ms: not checked, handed out as it is.
    PoolLease unchecked = h.pool->tryAcquire();
    QVERIFY(unchecked.isValid());
    unchecked.release();
    h.advanceMs(100);
    QVERIFY(!h.pool->tryAcquire().isValid());
    QCOMPARE(h.evictions(EvictionReason::StaleCheckFailed), 1);
    QVERIFY2(h.last(EventKind::Evicted)->message.contains(message),
             qPrintable(h.last(EventKind::Evicted)->message));
}

void tst_PoolStateMachine::closeOnReleaseAndBroken()
{
    PoolHarness h;
    h.acquire();
    h.acquire();
    h.establishAll();
    h.results[0].lease.closeOnRelease(EvictionReason::SingleUse, u"unpooled"_s);
    h.results[0].lease.release();
    QCOMPARE(h.last(EventKind::Evicted)->reason, EvictionReason::SingleUse);
    QCOMPARE(h.last(EventKind::Evicted)->message, u"unpooled"_s);
    h.results[1].lease.markBroken();
    h.results[1].lease.release();
    QCOMPARE(h.evictions(EvictionReason::Broken), 1);
    // Released, then closed: counted out of use once.
    QCOMPARE(h.pool->stats().inUse, 0);
    QCOMPARE(h.pool->stats().open, 0);
    QCOMPARE(h.pool->stats().peakOpen, 2);
}

void tst_PoolStateMachine::freshWaiterGetsRoomMade()
{
    PoolHarness h(withMax(1));
    h.acquire();
    h.establishAll();
    const quint64 first = h.results[0].lease.connectionId();
    h.acquire(-1, true);
    QCOMPARE(h.connector.connects(), 1); // at the maximum
    h.results[0].lease.release(); // a used connection is not what it asked for
    QCOMPARE(h.evictions(EvictionReason::MadeRoom), 1);
    QCOMPARE(h.connector.connects(), 2);
    h.establishAll();
    QCOMPARE(h.granted(), 2);
    QVERIFY(h.results[1].lease.connectionId() != first);
    QVERIFY(!h.results[1].lease.isReused());
}

void tst_PoolStateMachine::dialFailuresBackOffOneAtATime()
{
    PoolSettings settings = PoolHarness::defaults();
    settings.minIdle = 2; // keeps the pool trying on its own
    settings.backoffInitialMs = 40;
    settings.backoffMaxMs = 160;
    PoolHarness h(settings);
    QCOMPARE(h.connector.dialing().size(), size_t(2));
    h.connector.dialing()[0]->failDial(DialError::Refused, u"refused"_s); // wait 40 ms
    h.connector.dialing()[0]->failDial(DialError::Refused, u"refused"_s); // then 80
    QCOMPARE(h.connector.dialing().size(), size_t(0));
    h.advanceMs(79);
    QCOMPARE(h.connector.dialing().size(), size_t(0));
    h.advanceMs(1);
    // One at a time after a failure, though min idle wants two.
    QCOMPARE(h.connector.dialing().size(), size_t(1));
    for (const qint64 gapMs : {160, 160}) { // doubled, then capped
        h.connector.dialing()[0]->failDial(DialError::Refused, u"refused"_s);
        h.advanceMs(gapMs - 1);
        QCOMPARE(h.connector.dialing().size(), size_t(0));
        h.advanceMs(1);
        QCOMPARE(h.connector.dialing().size(), size_t(1));
    }
    QVERIFY2(h.last(EventKind::DialFailed)->message.endsWith(u"next dial in 160 ms"_s),
             qPrintable(h.last(EventKind::DialFailed)->message));
    QCOMPARE(h.pool->stats().consecutiveDialFailures, 4);

    // A waiter learns why instead of waiting out its deadline.
    h.acquire();
    h.connector.dialing()[0]->failDial(DialError::Refused, u"refused"_s);
    h.settle();
    QCOMPARE(h.results[0].error, AcquireError::DialFailed);
    QCOMPARE(h.results[0].dialError, DialError::Refused);

    // One success ends it: the pool dials at full concurrency again.
    h.advanceMs(160);
    h.establishAll();
    QCOMPARE(h.pool->stats().consecutiveDialFailures, 0);
    QCOMPARE(h.pool->stats().backoffUntilNs, 0);
    QCOMPARE(h.connector.dialing().size(), size_t(1));
}

void tst_PoolStateMachine::connectTimeout()
{
    PoolSettings settings = PoolHarness::defaults();
    settings.connectTimeoutMs = 200;
    PoolHarness h(settings);
    h.acquire();
    h.advanceMs(199);
    QCOMPARE(h.results.size(), size_t(0));
    h.advanceMs(1);
    QCOMPARE(h.results.size(), size_t(1));
    QCOMPARE(h.results[0].dialError, DialError::TimedOut);
    QCOMPARE(h.last(EventKind::DialFailed)->dialNs, 200'000'000);
    QVERIFY(h.last(EventKind::DialFailed)->message.contains(u"within 200 ms"_s));
    QCOMPARE(h.connector.links().size(), size_t(0)); // the attempt was dropped
}

void tst_PoolStateMachine::clearStartsANewGeneration()
{
    PoolHarness h;
    h.acquire();
    h.acquire();
    h.establishAll();
    h.results[0].lease.release();
    h.acquire(-1, true); // its dial, of generation 1, is in flight across the clear
    h.pool->clear();
    QCOMPARE(h.pool->generation(), 2u);
    QCOMPARE(h.last(EventKind::Cleared)->generation, 2u);
    QCOMPARE(h.evictions(EvictionReason::Cleared), 1); // the idle one, now
    QCOMPARE(h.pool->stats().inUse, 1);
    h.results[1].lease.release();
    QCOMPARE(h.evictions(EvictionReason::Cleared), 2); // the busy one, as it came back
    h.establishAll(); // closed as it lands; the waiter gets a dial of generation 2
    QCOMPARE(h.evictions(EvictionReason::Cleared), 3);
    QCOMPARE(h.granted(), 2);
    h.establishAll();
    QCOMPARE(h.granted(), 3);
    QCOMPARE(h.last(EventKind::Acquired)->generation, 2u);
}

void tst_PoolStateMachine::shrinkAndGrowLive()
{
    PoolSettings settings = withMax(2);
    PoolHarness h(settings);
    for (int i = 0; i < 3; ++i)
        h.acquire();
    h.establishAll();
    QCOMPARE(h.granted(), 2);
    QCOMPARE(h.pool->stats().waiting, 1);
    settings.maxConnections = 3; // the waiter gets a new connection
    QCOMPARE(h.pool->setSettings(settings), QStringList());
    h.establishAll();
    QCOMPARE(h.granted(), 3);
    QCOMPARE(h.last(EventKind::SettingsChanged)->message, u"max_connections"_s);

    settings.maxConnections = 1; // nothing in use is taken away...
    QCOMPARE(h.pool->setSettings(settings), QStringList());
    QCOMPARE(h.pool->stats().inUse, 3);
    h.results[0].lease.release(); // ... the excess closes as it comes back
    h.results[1].lease.release();
    QCOMPARE(h.evictions(EvictionReason::Shrink), 2);
    h.results[2].lease.release();
    QCOMPARE(h.pool->stats().idle, 1);
}

void tst_PoolStateMachine::targetChangeRetiresEveryConnection()
{
    PoolSettings settings = PoolHarness::defaults();
    PoolHarness h(settings);
    h.acquire();
    h.acquire();
    h.establishAll();
    h.results[0].lease.release();
    settings.port = 5433;
    QCOMPARE(h.pool->setSettings(settings), QStringList());
    QCOMPARE(h.evictions(EvictionReason::AddressChanged), 1);
    QVERIFY(h.last(EventKind::Evicted)->message.contains(u"127.0.0.1:5433"_s));
    h.results[1].lease.release();
    QCOMPARE(h.evictions(EvictionReason::AddressChanged), 2);
    h.acquire();
    QCOMPARE(h.connector.links().back()->target().port, 5433);
}

void tst_PoolStateMachine::misuseIsCaught()
{
    PoolHarness h(withMax(1));
    h.acquire();
    h.establishAll();
    PoolLease &lease = h.results[0].lease;
    const quint64 id = lease.connectionId();
    const quint64 token = lease.token();
    lease.release();
    lease.release(); // a no-op on the lease itself
    h.pool->release(id, token);
    QCOMPARE(h.count(EventKind::Misuse), 1);
    QVERIFY(h.last(EventKind::Misuse)->message.contains(u"released twice"_s));
    // The same connection, out again under a new lease: the stale token cannot release it.
    PoolLease again = h.pool->tryAcquire();
    QCOMPARE(again.connectionId(), id);
    h.pool->release(id, token);
    QCOMPARE(h.pool->stats().inUse, 1);
    QCOMPARE(h.pool->stats().misuses, 2u);
}

void tst_PoolStateMachine::sequenceNumbersAndPoolId()
{
    PoolHarness h;
    h.pool->setId(7);
    h.acquire();
    h.acquire();
    h.establishAll();
    h.results[0].lease.release();
    h.pool->clear();
    QVERIFY(h.events.size() > 6);
    for (size_t i = 0; i < h.events.size(); ++i) {
        QCOMPARE(h.events[i].sequence, quint64(i + 1));
        // pool_created and pool_ready came when the pool started, before it had an id.
        QCOMPARE(h.events[i].poolId, i < 2 ? 0u : 7u);
    }
    const QJsonObject json = h.events.back().toJson();
    QCOMPARE(json.value(u"seq"_s).toInteger(), qint64(h.events.size()));
    QCOMPARE(json.value(u"pool"_s).toInteger(), 7);
    QCOMPARE(PoolEvent::fromJson(json)->sequence, h.events.back().sequence);
}

void tst_PoolStateMachine::shutdownFailsWaitersAndClosesOnReturn()
{
    PoolHarness h(withMax(1));
    h.acquire();
    h.establishAll();
    h.acquire();
    h.pool->shutdown();
    h.settle();
    QCOMPARE(h.results[1].error, AcquireError::PoolClosed);
    QCOMPARE(h.pool->stats().inUse, 1);
    h.results[0].lease.release();
    QCOMPARE(h.evictions(EvictionReason::Shutdown), 1);
    h.acquire();
    h.settle();
    QCOMPARE(h.results[2].error, AcquireError::PoolClosed);
    QVERIFY(!h.pool->tryAcquire().isValid());
}

// Thousands of random steps (acquire, release, dial outcomes, peer closes, time, settings),
// with the invariants checked after every one: the gauges follow the states, the pool never
// exceeds its maximum, and a waiter waits only while nothing is idle.
void tst_PoolStateMachine::randomWalkKeepsTheInvariants()
{
    PoolSettings settings = withMax(4);
    settings.minIdle = 1;
    settings.idleTimeoutMs = 50;
    settings.maxLifetimeMs = 400;
    settings.acquireTimeoutMs = 30;
    settings.backoffInitialMs = 5;
    settings.backoffMaxMs = 20;
    PoolHarness h(settings);
    QRandomGenerator random(20261202);
    std::vector<PoolLease> held;
    for (int step = 0; step < 5'000; ++step) {
        switch (random.bounded(9)) {
        case 0:
        case 1:
            h.acquire(-1, random.bounded(6) == 0);
            break;
        case 2:
            if (PoolLease lease = h.pool->tryAcquire(); lease.isValid())
                held.push_back(std::move(lease));
            break;
        case 3:
            if (!held.empty()) {
                const auto index = random.bounded(int(held.size()));
                if (random.bounded(5) == 0)
                    held[size_t(index)].markBroken();
                held.erase(held.begin() + index);
            }
            break;
        case 4:
            if (auto dialing = h.connector.dialing(); !dialing.empty()) {
                FakeLink *link = dialing[size_t(random.bounded(int(dialing.size())))];
                if (random.bounded(3) == 0)
                    link->failDial(DialError::Refused);
                else
                    link->establish();
            }
            break;
        case 5:
            if (auto links = h.connector.links(); !links.empty()) {
                FakeLink *link = links[size_t(random.bounded(int(links.size())))];
                if (link->isConnected())
                    link->closeByPeer(random.bounded(2) == 0);
            }
            break;
        case 6:
            h.advanceMs(random.bounded(20));
            break;
        case 7:
            settings.maxConnections = 1 + random.bounded(5);
            settings.minIdle = random.bounded(settings.maxConnections + 1);
            QCOMPARE(h.pool->setSettings(settings), QStringList());
            break;
        case 8:
            h.settle();
            for (AcquireResult &result : h.results) {
                if (result.lease.isValid())
                    held.push_back(std::move(result.lease));
            }
            h.results.clear();
            break;
        }
        checkInvariants(h);
        if (QTest::currentTestFailed())
            QFAIL(qPrintable(u"invariant broken at step %1"_s.arg(step)));
    }
}

QTEST_GUILESS_MAIN(tst_PoolStateMachine)
#include "tst_poolstatemachine.moc"

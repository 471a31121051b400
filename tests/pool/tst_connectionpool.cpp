#include "connectionpool.h"
#include "monotonicclock.h"
#include "poolobserver.h"
#include "socketoptions.h"
#include "testserver.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSslSocket>
#include <QTest>

#include <memory>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

constexpr int Patience = 10'000; // ms: generous, for a loaded CI machine

PoolSettings settingsFor(quint16 port)
{
    PoolSettings settings;
    settings.host = u"127.0.0.1"_s;
    settings.port = port;
    settings.connectTimeoutMs = 5'000;
    settings.backoffInitialMs = 20;
    settings.backoffMaxMs = 200;
    settings.dnsRefreshMs = 0;
    return settings;
}

// Collects what the pool does, in order, for assertions.
class Recorder : public PoolObserver
{
public:
    explicit Recorder(ConnectionPool &pool)
        : m_pool(&pool)
    {
        pool.addObserver(this);
    }
    ~Recorder() override
    {
        if (m_pool)
            m_pool->removeObserver(this);
    }
    void eventRecorded(const PoolEvent &event) override { events.push_back(event); }

    int count(EventKind kind) const
    {
        return int(std::count_if(events.begin(), events.end(),
                                 [kind](const PoolEvent &e) { return e.kind == kind; }));
    }
    int evictions(EvictionReason reason) const
    {
        return int(std::count_if(events.begin(), events.end(), [reason](const PoolEvent &e) {
            return e.kind == EventKind::Evicted && e.reason == reason;
        }));
    }
    const PoolEvent *last(EventKind kind) const
    {
        for (auto it = events.rbegin(); it != events.rend(); ++it) {
            if (it->kind == kind)
                return &*it;
        }
        return nullptr;
    }

    std::vector<PoolEvent> events;

private:
    QPointer<ConnectionPool> m_pool;
};

// Acquires and keeps the results, in the order the callbacks ran.
class Borrower
{
public:
    explicit Borrower(ConnectionPool &pool)
        : m_pool(pool)
    { }
    quint64 acquire(qint64 timeoutMs = -1, QObject *context = nullptr, bool fresh = false)
    {
        return m_pool.acquire(
            context, [this](AcquireResult r) { results.push_back(std::move(r)); },
            AcquireOptions{.timeoutMs = timeoutMs, .fresh = fresh});
    }
    int granted() const
    {
        return int(std::count_if(results.begin(), results.end(),
                                 [](const AcquireResult &r) { return r.ok(); }));
    }

    std::vector<AcquireResult> results;

private:
    ConnectionPool &m_pool;
};

} // namespace

class tst_ConnectionPool : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();

    void dialsThenReuses();
    void waitersAreServedInFifoOrder();
    void releaseHandsOffBeforeParking();
    void waiterTimesOut();
    void zeroAcquireTimeoutFailsAtOnceWhenExhausted();
    void waitsCanBeCancelled();
    void destroyedContextCancelsItsWait();
    void reuseOrder_data();
    void reuseOrder();

    void prewarmsAndRefillsMinIdle();
    void idleTimeoutEvicts();
    void idleTimeoutKeepsMinIdle();
    void maxLifetimeEvictsIdleAndReturningConnections();
    void peerCloseWhileIdleIsSeenWhenItHappens_data();
    void peerCloseWhileIdleIsSeenWhenItHappens();
    void unexpectedDataWhileIdleEvicts();
    void checkBeforeReuseCatchesAClosedConnection_data();
    void checkBeforeReuseCatchesAClosedConnection();
    void brokenLeaseIsClosed();
    void freshAcquireSkipsIdleConnections();
    void freshWaiterAtMaxGetsRoomMade();
    void closeOnReleaseCarriesTheReason();

    void recoversFromAServerRestart();
    void refusedDialsBackOff();
    void connectTimeoutOnAFullBacklog();
    void resolvesLocalhost();
    void reResolvesOnItsInterval();
    void unresolvableNameFailsDialsAsHostNotFound();
    void hostsOverrideMovesTheTarget();

    void clearStartsANewGeneration();
    void liveResize();
    void minIdleRaisedLiveDialsMore();
    void socketOptionsAreSetOnTheDescriptor();

    void doubleReleaseIsCaught();
    void staleLeaseCannotReleaseAnotherHoldersConnection();
    void destroyingThePoolWithLeasesOut();
    void holderSignalsAreDisconnectedOnRelease();
    void thousandConnections();

    void tlsWithTrustedCertificate();
    void tlsUntrustedCertificateFailsUnlessInsecure();

    void invalidSettingsKeepThePoolClosed();
    void statisticsAddUp();
};

void tst_ConnectionPool::initTestCase()
{
    raiseFileLimit();
}

void tst_ConnectionPool::dialsThenReuses()
{
    TestServer server;
    QVERIFY(server.listen());
    ConnectionPool pool(settingsFor(server.port()));
    Recorder recorder(pool);
    Borrower borrower(pool);

    QVERIFY(borrower.acquire() != 0); // nothing idle: it waits for a dial
    QTRY_COMPARE_WITH_TIMEOUT(borrower.results.size(), size_t(1), Patience);
    QVERIFY(borrower.results[0].ok());
    QVERIFY(!borrower.results[0].lease.isReused());
    const quint64 first = borrower.results[0].lease.connectionId();
    QVERIFY(borrower.results[0].lease.socket());
    QCOMPARE(borrower.results[0].lease.socket()->state(), QAbstractSocket::ConnectedState);
    borrower.results[0].lease.release();

    borrower.acquire(); // idle: taken now, the callback comes from the event loop
    QCOMPARE(borrower.results.size(), size_t(1));
    QTRY_COMPARE_WITH_TIMEOUT(borrower.results.size(), size_t(2), Patience);
    QVERIFY(borrower.results[1].lease.isReused());
    QCOMPARE(borrower.results[1].lease.connectionId(), first);
    QCOMPARE(server.accepted(), 1);

    QCOMPARE(recorder.count(EventKind::Acquired), 2);
    QCOMPARE(recorder.last(EventKind::Acquired)->reused, true);
    const PoolStats stats = pool.stats();
    QCOMPARE(stats.dials, 1u);
    QCOMPARE(stats.reuses, 1u);
    QCOMPARE(stats.handshakesSaved(), 1u);
    QCOMPARE(stats.reuseRatio(), 0.5);
    QCOMPARE(stats.inUse, 1);
    QCOMPARE(recorder.count(EventKind::DialSucceeded), 1);
    QVERIFY(recorder.last(EventKind::DialSucceeded)->dialNs > 0);
    QCOMPARE(recorder.last(EventKind::DialSucceeded)->address,
             u"127.0.0.1:%1"_s.arg(server.port()));
}

void tst_ConnectionPool::waitersAreServedInFifoOrder()
{
    TestServer server;
    QVERIFY(server.listen());
    PoolSettings settings = settingsFor(server.port());
    settings.maxConnections = 1;
    ConnectionPool pool(settings);
    std::vector<std::pair<QString, PoolLease>> order;
    auto take = [&](const QString &name) {
        return pool.acquire(nullptr, [&order, name](AcquireResult r) {
            QVERIFY(r.ok());
            order.emplace_back(name, std::move(r.lease));
        });
    };
    take(u"a"_s);
    QTRY_COMPARE_WITH_TIMEOUT(order.size(), size_t(1), Patience);
    take(u"b"_s);
    take(u"c"_s);
    take(u"d"_s);
    QCOMPARE(pool.stats().waiting, 3);

    for (int i = 0; i < 3; ++i) {
        order[size_t(i)].second.release();
        QTRY_COMPARE_WITH_TIMEOUT(order.size(), size_t(i + 2), Patience);
    }
    QStringList names;
    for (const auto &[name, lease] : order)
        names << name;
    QCOMPARE(names, QStringList({u"a"_s, u"b"_s, u"c"_s, u"d"_s}));
    QCOMPARE(server.accepted(), 1);
}

void tst_ConnectionPool::releaseHandsOffBeforeParking()
{
    TestServer server;
    QVERIFY(server.listen());
    PoolSettings settings = settingsFor(server.port());
    settings.maxConnections = 1;
    ConnectionPool pool(settings);
    Recorder recorder(pool);
    Borrower holder(pool);
    holder.acquire();
    QTRY_COMPARE_WITH_TIMEOUT(holder.granted(), 1, Patience);

    Borrower waiter(pool);
    const quint64 waiterId = waiter.acquire();
    QVERIFY(waiterId != 0);
    recorder.events.clear();
    holder.results[0].lease.release();

    // The waiter has it as soon as release() returns (it never sat in the idle list), and
    // hears so from the event loop.
    QCOMPARE(pool.stats().inUse, 1);
    QCOMPARE(waiter.granted(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(waiter.granted(), 1, Patience);
    QCOMPARE(waiter.results[0].lease.connectionId(), holder.results[0].lease.connectionId());
    QVERIFY(waiter.results[0].waitNs > 0);
    QCOMPARE(recorder.events.size(), size_t(2));
    QCOMPARE(recorder.events[0].kind, EventKind::Released);
    QCOMPARE(recorder.events[1].kind, EventKind::Acquired);
    QCOMPARE(recorder.events[1].waiterId, waiterId);
    QCOMPARE(recorder.events[1].idleNs, 0);
    QCOMPARE(pool.stats().idle, 0);
}

void tst_ConnectionPool::waiterTimesOut()
{
    TestServer server;
    QVERIFY(server.listen());
    PoolSettings settings = settingsFor(server.port());
    settings.maxConnections = 1;
    settings.acquireTimeoutMs = 150;
    ConnectionPool pool(settings);
    Recorder recorder(pool);
    Borrower holder(pool);
    holder.acquire();
    QTRY_COMPARE_WITH_TIMEOUT(holder.granted(), 1, Patience);

    Borrower waiter(pool);
    const quint64 id = waiter.acquire();
    QTRY_COMPARE_WITH_TIMEOUT(waiter.results.size(), size_t(1), Patience);
    const AcquireResult &result = waiter.results[0];
    QCOMPARE(result.error, AcquireError::Timeout);
    QVERIFY(!result.lease.isValid());
    QVERIFY2(result.waitNs >= MonotonicClock::msToNs(150), "the deadline must not come early");
    QVERIFY2(result.message.contains(u"150 ms"_s), qPrintable(result.message));
    QCOMPARE(recorder.count(EventKind::WaiterTimedOut), 1);
    QCOMPARE(recorder.last(EventKind::WaiterTimedOut)->waiterId, id);
    QCOMPARE(pool.stats().acquireTimeouts, 1u);
    QCOMPARE(pool.stats().waiting, 0);
}

void tst_ConnectionPool::zeroAcquireTimeoutFailsAtOnceWhenExhausted()
{
    TestServer server;
    QVERIFY(server.listen());
    PoolSettings settings = settingsFor(server.port());
    settings.maxConnections = 1;
    settings.acquireTimeoutMs = 0;
    ConnectionPool pool(settings);
    Borrower borrower(pool);
    borrower.acquire(); // under max: waits for its dial even with timeout 0
    QTRY_COMPARE_WITH_TIMEOUT(borrower.granted(), 1, Patience);
    borrower.acquire();
    QTRY_COMPARE_WITH_TIMEOUT(borrower.results.size(), size_t(2), Patience);
    QCOMPARE(borrower.results[1].error, AcquireError::Exhausted);
    QCOMPARE(pool.stats().acquireTimeouts, 1u);
}

void tst_ConnectionPool::waitsCanBeCancelled()
{
    TestServer server;
    QVERIFY(server.listen());
    PoolSettings settings = settingsFor(server.port());
    settings.maxConnections = 1;
    ConnectionPool pool(settings);
    Borrower holder(pool);
    holder.acquire();
    QTRY_COMPARE_WITH_TIMEOUT(holder.granted(), 1, Patience);
    Borrower waiter(pool);
    const quint64 id = waiter.acquire();
    QVERIFY(pool.cancelAcquire(id));
    QTRY_COMPARE_WITH_TIMEOUT(waiter.results.size(), size_t(1), Patience);
    QCOMPARE(waiter.results[0].error, AcquireError::Cancelled);
    QVERIFY(!pool.cancelAcquire(id));
    holder.results[0].lease.release();
    QCOMPARE(pool.stats().idle, 1);
}

void tst_ConnectionPool::destroyedContextCancelsItsWait()
{
    TestServer server;
    QVERIFY(server.listen());
    PoolSettings settings = settingsFor(server.port());
    settings.maxConnections = 1;
    ConnectionPool pool(settings);
    Recorder recorder(pool);
    Borrower holder(pool);
    holder.acquire();
    QTRY_COMPARE_WITH_TIMEOUT(holder.granted(), 1, Patience);
    Borrower waiter(pool);
    auto context = std::make_unique<QObject>();
    waiter.acquire(-1, context.get());
    context.reset();
    holder.results[0].lease.release();
    QCOMPARE(waiter.results.size(), size_t(0));
    QCOMPARE(recorder.count(EventKind::WaiterCancelled), 1);
    QCOMPARE(pool.stats().idle, 1);
}

void tst_ConnectionPool::reuseOrder_data()
{
    QTest::addColumn<ReuseOrder>("order");
    QTest::addColumn<int>("expectedIndex");
    QTest::newRow("lifo: newest idle first") << ReuseOrder::Lifo << 2;
    QTest::newRow("fifo: oldest idle first") << ReuseOrder::Fifo << 0;
}

void tst_ConnectionPool::reuseOrder()
{
    QFETCH(ReuseOrder, order);
    QFETCH(int, expectedIndex);
    TestServer server;
    QVERIFY(server.listen());
    PoolSettings settings = settingsFor(server.port());
    settings.reuseOrder = order;
    ConnectionPool pool(settings);
    Borrower borrower(pool);
    for (int i = 0; i < 3; ++i)
        borrower.acquire();
    QTRY_COMPARE_WITH_TIMEOUT(borrower.granted(), 3, Patience);
    std::vector<quint64> released;
    for (auto &result : borrower.results) {
        released.push_back(result.lease.connectionId());
        result.lease.release();
    }
    QCOMPARE(pool.tryAcquire().connectionId(), released[size_t(expectedIndex)]);
}

void tst_ConnectionPool::prewarmsAndRefillsMinIdle()
{
    TestServer server;
    QVERIFY(server.listen());
    PoolSettings settings = settingsFor(server.port());
    settings.minIdle = 3;
    settings.maxConnections = 5;
    ConnectionPool pool(settings);
    Recorder recorder(pool); // attached before the event loop runs: sees the pre-warm dials
    QTRY_COMPARE_WITH_TIMEOUT(pool.stats().idle, 3, Patience);
    QCOMPARE(server.accepted(), 3);
    QCOMPARE(recorder.count(EventKind::DialStarted), 3);

    // Using one leaves two idle: the pool dials a fourth to keep three ready.
    PoolLease lease = pool.tryAcquire();
    QVERIFY(lease.isValid());
    QTRY_COMPARE_WITH_TIMEOUT(pool.stats().idle, 3, Patience);
    QCOMPARE(server.accepted(), 4);

    server.closeAll();
    QTRY_COMPARE_WITH_TIMEOUT(recorder.evictions(EvictionReason::PeerClosed), 3, Patience);
    QTRY_COMPARE_WITH_TIMEOUT(pool.stats().idle, 3, Patience);
    QCOMPARE(server.accepted(), 7);
}

void tst_ConnectionPool::idleTimeoutEvicts()
{
    TestServer server;
    QVERIFY(server.listen());
    PoolSettings settings = settingsFor(server.port());
    settings.idleTimeoutMs = 150;
    ConnectionPool pool(settings);
    Recorder recorder(pool);
    Borrower borrower(pool);
    borrower.acquire();
    QTRY_COMPARE_WITH_TIMEOUT(borrower.granted(), 1, Patience);
    borrower.results[0].lease.release();
    QTRY_COMPARE_WITH_TIMEOUT(recorder.evictions(EvictionReason::IdleTimeout), 1, Patience);
    QVERIFY(recorder.last(EventKind::Evicted)->idleNs >= MonotonicClock::msToNs(150));
    QCOMPARE(pool.stats().open, 0);
    QTRY_COMPARE_WITH_TIMEOUT(server.open(), 0, Patience); // the server saw it close
}

void tst_ConnectionPool::idleTimeoutKeepsMinIdle()
{
    TestServer server;
    QVERIFY(server.listen());
    PoolSettings settings = settingsFor(server.port());
    settings.idleTimeoutMs = 150;
    settings.minIdle = 1;
    ConnectionPool pool(settings);
    Recorder recorder(pool);
    Borrower borrower(pool);
    borrower.acquire();
    borrower.acquire();
    QTRY_COMPARE_WITH_TIMEOUT(borrower.granted(), 2, Patience);
    borrower.results[0].lease.release();
    borrower.results[1].lease.release();
    // Two were asked for and one more keeps min idle: all but one time out.
    const int opened = int(pool.stats().dials);
    QCOMPARE(opened, 3);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.evictions(EvictionReason::IdleTimeout), opened - 1,
                              Patience);
    QCOMPARE(pool.stats().idle, 1);
    // The survivor is past the idle timeout, yet kept for min idle, and still usable.
    PoolLease survivor = pool.tryAcquire();
    QVERIFY(survivor.isValid());
    QVERIFY(survivor.isReused());
    QVERIFY(recorder.last(EventKind::Acquired)->idleNs >= MonotonicClock::msToNs(150));
    QCOMPARE(recorder.evictions(EvictionReason::IdleTimeout), opened - 1);
}

void tst_ConnectionPool::maxLifetimeEvictsIdleAndReturningConnections()
{
    TestServer server;
    QVERIFY(server.listen());
    PoolSettings settings = settingsFor(server.port());
    settings.maxLifetimeMs = 200;
    ConnectionPool pool(settings);
    Recorder recorder(pool);
    Borrower borrower(pool);
    borrower.acquire();
    borrower.acquire();
    QTRY_COMPARE_WITH_TIMEOUT(borrower.granted(), 2, Patience);
    borrower.results[0].lease.release(); // idle: the cleaner closes it on time

    QTRY_COMPARE_WITH_TIMEOUT(recorder.evictions(EvictionReason::MaxLifetime), 1, Patience);
    const qint64 age = recorder.last(EventKind::Evicted)->ageNs;
    QVERIFY2(age >= MonotonicClock::msToNs(195) && age >= 0, "jitter is at most 2.5 %");
    // The busy one is past its lifetime too: it is not taken away, and closes on return.
    QCOMPARE(pool.stats().inUse, 1);
    borrower.results[1].lease.release();
    QCOMPARE(recorder.evictions(EvictionReason::MaxLifetime), 2);
    QCOMPARE(pool.stats().open, 0);
}

void tst_ConnectionPool::peerCloseWhileIdleIsSeenWhenItHappens_data()
{
    QTest::addColumn<bool>("reset");
    QTest::addColumn<QString>("how");
    QTest::newRow("FIN") << false << u"(FIN)"_s;
    QTest::newRow("RST") << true << u"(RST)"_s;
}

void tst_ConnectionPool::peerCloseWhileIdleIsSeenWhenItHappens()
{
    QFETCH(bool, reset);
    QFETCH(QString, how);
    TestServer server;
    QVERIFY(server.listen());
    ConnectionPool pool(settingsFor(server.port()));
    Recorder recorder(pool);
    Borrower borrower(pool);
    borrower.acquire();
    QTRY_COMPARE_WITH_TIMEOUT(borrower.granted(), 1, Patience);
    QTcpSocket *socket = borrower.results[0].lease.socket();
    socket->write("hi");
    QTRY_COMPARE_WITH_TIMEOUT(socket->bytesAvailable(), qint64(2), Patience);
    socket->readAll();
    borrower.results[0].lease.release();
    QCOMPARE(pool.stats().idle, 1);
    pool.snapshot();

    if (reset)
        server.resetAll();
    else
        server.closeAll();
    // Nobody acquires: the pool notices on its own.
    QTRY_COMPARE_WITH_TIMEOUT(recorder.evictions(EvictionReason::PeerClosed), 1, Patience);
    const PoolEvent *evicted = recorder.last(EventKind::Evicted);
    QVERIFY2(evicted->message.contains(how), qPrintable(evicted->message));
    QCOMPARE(pool.stats().idle, 0);
    const PoolSnapshot snapshot = pool.snapshot();
    QCOMPARE(snapshot.connections.size(), 1);
    QCOMPARE(snapshot.connections[0].state, ConnectionState::Closed);
    QCOMPARE(snapshot.connections[0].closeReason, EvictionReason::PeerClosed);
    // Qt closed the descriptor before saying so: the closed row keeps what a snapshot saw.
    QCOMPARE(snapshot.connections[0].bytesOut, 2);
    QCOMPARE(snapshot.connections[0].bytesIn, 2);
}

void tst_ConnectionPool::unexpectedDataWhileIdleEvicts()
{
    TestServer server;
    QVERIFY(server.listen());
    ConnectionPool pool(settingsFor(server.port()));
    Recorder recorder(pool);
    Borrower borrower(pool);
    borrower.acquire();
    QTRY_COMPARE_WITH_TIMEOUT(borrower.granted(), 1, Patience);
    borrower.results[0].lease.release();
    QTRY_COMPARE_WITH_TIMEOUT(server.clients().size(), 1, Patience);
    server.clients().at(0)->write("HTTP/1.1 408 Request Timeout\r\n\r\n");
    QTRY_COMPARE_WITH_TIMEOUT(recorder.evictions(EvictionReason::UnexpectedData), 1, Patience);
}

void tst_ConnectionPool::checkBeforeReuseCatchesAClosedConnection_data()
{
    QTest::addColumn<bool>("check");
    QTest::newRow("check on") << true;
    QTest::newRow("check off") << false;
}

void tst_ConnectionPool::checkBeforeReuseCatchesAClosedConnection()
{
    QFETCH(bool, check);
    TestServer server;
    QVERIFY(server.listen());
    PoolSettings settings = settingsFor(server.port());
    settings.checkBeforeReuse = check;
    settings.checkAfterIdleMs = 0;
    ConnectionPool pool(settings);
    Recorder recorder(pool);
    Borrower borrower(pool);
    borrower.acquire();
    QTRY_COMPARE_WITH_TIMEOUT(borrower.granted(), 1, Patience);
    const qintptr descriptor = borrower.results[0].lease.socket()->socketDescriptor();
    const quint64 first = borrower.results[0].lease.connectionId();
    borrower.results[0].lease.release();
    QTRY_COMPARE_WITH_TIMEOUT(server.clients().size(), 1, Patience);

    // The server closes it, and the FIN reaches the kernel, but the pool's event loop does
    // not run before the next acquire: only the check can see it.
    server.closeAll();
    QElapsedTimer waited;
    waited.start();
    while (SocketOptions::peekHealth(descriptor) != SocketOptions::Health::PeerClosed
           && waited.elapsed() < Patience) { }
    QCOMPARE(SocketOptions::peekHealth(descriptor), SocketOptions::Health::PeerClosed);
    PoolLease lease = pool.tryAcquire();
    if (check) {
        QVERIFY(!lease.isValid());
        QCOMPARE(recorder.evictions(EvictionReason::StaleCheckFailed), 1);
        QVERIFY(recorder.last(EventKind::Evicted)->message.contains(u"FIN"_s));
        borrower.acquire();
        QTRY_COMPARE_WITH_TIMEOUT(borrower.results.size(), size_t(2), Patience);
        QVERIFY(borrower.results[1].lease.connectionId() != first);
        QVERIFY(!borrower.results[1].lease.isReused());
    } else {
        // Without the check the dead connection is handed out as if it were fine.
        QCOMPARE(lease.connectionId(), first);
    }
}

void tst_ConnectionPool::brokenLeaseIsClosed()
{
    TestServer server;
    QVERIFY(server.listen());
    ConnectionPool pool(settingsFor(server.port()));
    Recorder recorder(pool);
    Borrower borrower(pool);
    borrower.acquire();
    QTRY_COMPARE_WITH_TIMEOUT(borrower.granted(), 1, Patience);
    borrower.results[0].lease.markBroken();
    borrower.results[0].lease.release();
    QCOMPARE(recorder.evictions(EvictionReason::Broken), 1);
    QCOMPARE(pool.stats().open, 0);
}

void tst_ConnectionPool::freshAcquireSkipsIdleConnections()
{
    TestServer server;
    QVERIFY(server.listen());
    ConnectionPool pool(settingsFor(server.port()));
    Borrower borrower(pool);
    borrower.acquire();
    QTRY_COMPARE_WITH_TIMEOUT(borrower.granted(), 1, Patience);
    const quint64 first = borrower.results[0].lease.connectionId();
    borrower.results[0].lease.release();
    QCOMPARE(pool.stats().idle, 1);

    QVERIFY(borrower.acquire(-1, nullptr, true) != 0); // waits for its own dial
    QTRY_COMPARE_WITH_TIMEOUT(borrower.granted(), 2, Patience);
    QVERIFY(borrower.results[1].lease.connectionId() != first);
    QVERIFY(!borrower.results[1].lease.isReused());
    QVERIFY(borrower.results[1].dial.connectNs > 0);
    QCOMPARE(pool.stats().idle, 1);
    QCOMPARE(server.accepted(), 2);
}

void tst_ConnectionPool::freshWaiterAtMaxGetsRoomMade()
{
    TestServer server;
    QVERIFY(server.listen());
    PoolSettings settings = settingsFor(server.port());
    settings.maxConnections = 1;
    ConnectionPool pool(settings);
    Recorder recorder(pool);
    Borrower borrower(pool);
    borrower.acquire();
    QTRY_COMPARE_WITH_TIMEOUT(borrower.granted(), 1, Patience);
    const quint64 first = borrower.results[0].lease.connectionId();

    borrower.acquire(-1, nullptr, true);
    borrower.results[0].lease.release(); // a used connection is not what it asked for
    QCOMPARE(recorder.evictions(EvictionReason::MadeRoom), 1);
    QTRY_COMPARE_WITH_TIMEOUT(borrower.granted(), 2, Patience);
    QVERIFY(borrower.results[1].lease.connectionId() != first);
    QCOMPARE(pool.stats().open, 1);
}

void tst_ConnectionPool::closeOnReleaseCarriesTheReason()
{
    TestServer server;
    QVERIFY(server.listen());
    ConnectionPool pool(settingsFor(server.port()));
    Recorder recorder(pool);
    Borrower borrower(pool);
    borrower.acquire();
    QTRY_COMPARE_WITH_TIMEOUT(borrower.granted(), 1, Patience);
    borrower.results[0].lease.closeOnRelease(EvictionReason::SingleUse, u"unpooled"_s);
    borrower.results[0].lease.release();
    QCOMPARE(recorder.evictions(EvictionReason::SingleUse), 1);
    QCOMPARE(recorder.last(EventKind::Evicted)->message, u"unpooled"_s);
    QCOMPARE(pool.stats().peakOpen, 1);
    // Released, then closed: counted out of use once, not twice.
    QCOMPARE(pool.stats().inUse, 0);
    QCOMPARE(pool.stats().open, 0);
}

void tst_ConnectionPool::recoversFromAServerRestart()
{
    TestServer server;
    QVERIFY(server.listen());
    const quint16 port = server.port();
    PoolSettings settings = settingsFor(port);
    settings.minIdle = 2;
    settings.maxConnections = 4;
    ConnectionPool pool(settings);
    Recorder recorder(pool);
    QTRY_COMPARE_WITH_TIMEOUT(pool.stats().idle, 2, Patience);

    // The backend goes away: every connection dropped, nothing listening.
    server.stopListening();
    server.resetAll();
    QTRY_COMPARE_WITH_TIMEOUT(recorder.evictions(EvictionReason::PeerClosed), 2, Patience);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.count(EventKind::DialFailed) >= 2, Patience);
    QCOMPARE(recorder.last(EventKind::DialFailed)->dialError, DialError::Refused);
    QVERIFY(pool.stats().backoffUntilNs > 0);

    // It comes back on the same port: the pool refills and serves.
    TestServer restarted;
    QVERIFY(restarted.listen(QHostAddress::LocalHost, port));
    QTRY_COMPARE_WITH_TIMEOUT(pool.stats().idle, 2, Patience);
    QCOMPARE(pool.stats().consecutiveDialFailures, 0);
    QVERIFY(pool.tryAcquire().isValid());
    QCOMPARE(restarted.accepted(), 2);
}

void tst_ConnectionPool::refusedDialsBackOff()
{
    quint16 port;
    {
        TestServer closed;
        QVERIFY(closed.listen());
        port = closed.port();
    }
    PoolSettings settings = settingsFor(port);
    settings.minIdle = 1; // keeps the pool trying on its own
    settings.backoffInitialMs = 40;
    settings.backoffMaxMs = 160;
    ConnectionPool pool(settings);
    Recorder recorder(pool);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.count(EventKind::DialFailed) >= 6, Patience);

    std::vector<qint64> starts;
    int inFlight = 0;
    int maxInFlight = 0;
    for (const PoolEvent &e : recorder.events) {
        if (e.kind == EventKind::DialStarted) {
            starts.push_back(e.timeNs);
            maxInFlight = std::max(maxInFlight, ++inFlight);
        } else if (e.kind == EventKind::DialFailed) {
            --inFlight;
            QCOMPARE(e.dialError, DialError::Refused);
            QVERIFY2(e.message.contains(u"refused"_s, Qt::CaseInsensitive), qPrintable(e.message));
        }
    }
    QCOMPARE(maxInFlight, 1);
    // Each wait doubles from 40 ms up to the 160 ms cap: 40, 80, 160, 160, ...
    const qint64 expected[] = {40, 80, 160, 160, 160};
    for (size_t i = 0; i + 1 < starts.size() && i < 5; ++i) {
        const qint64 gapMs = (starts[i + 1] - starts[i]) / 1'000'000;
        QVERIFY2(gapMs >= expected[i] - 1,
                 qPrintable(u"gap %1 was %2 ms, expected at least %3"_s.arg(i).arg(gapMs).arg(
                     expected[i])));
    }

    // A waiter learns why instead of waiting out its deadline.
    Borrower borrower(pool);
    borrower.acquire(Patience);
    QTRY_COMPARE_WITH_TIMEOUT(borrower.results.size(), size_t(1), Patience);
    QCOMPARE(borrower.results[0].error, AcquireError::DialFailed);
    QCOMPARE(borrower.results[0].dialError, DialError::Refused);
}

void tst_ConnectionPool::connectTimeoutOnAFullBacklog()
{
    FullBacklogListener listener;
    QVERIFY2(listener.isValid(), "could not fill a listener's accept queue");
    PoolSettings settings = settingsFor(listener.port());
    settings.connectTimeoutMs = 200;
    ConnectionPool pool(settings);
    Recorder recorder(pool);
    Borrower borrower(pool);
    borrower.acquire(Patience);
    QTRY_COMPARE_WITH_TIMEOUT(borrower.results.size(), size_t(1), Patience);
    QCOMPARE(borrower.results[0].error, AcquireError::DialFailed);
    QCOMPARE(borrower.results[0].dialError, DialError::TimedOut);
    const PoolEvent *failed = recorder.last(EventKind::DialFailed);
    QVERIFY(failed->dialNs >= MonotonicClock::msToNs(200));
    QVERIFY2(failed->message.contains(u"within 200 ms"_s), qPrintable(failed->message));
}

void tst_ConnectionPool::resolvesLocalhost()
{
    TestServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    PoolSettings settings = settingsFor(server.port());
    settings.host = u"localhost"_s;
    ConnectionPool pool(settings);
    Recorder recorder(pool);
    Borrower borrower(pool);
    borrower.acquire();
    // localhost may list ::1 first, where nothing listens: the dial moves on to 127.0.0.1.
    QTRY_COMPARE_WITH_TIMEOUT(borrower.granted(), 1, Patience);
    QVERIFY(recorder.count(EventKind::Resolved) >= 1);
    QVERIFY2(recorder.last(EventKind::Resolved)->message.contains(u"127.0.0.1"_s),
             qPrintable(recorder.last(EventKind::Resolved)->message));
    QCOMPARE(borrower.results[0].lease.socket()->peerAddress(),
             QHostAddress(QHostAddress::LocalHost));
}

void tst_ConnectionPool::reResolvesOnItsInterval()
{
    TestServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    PoolSettings settings = settingsFor(server.port());
    settings.host = u"localhost"_s;
    settings.dnsRefreshMs = 100;
    ConnectionPool pool(settings);
    Recorder recorder(pool);
    Borrower borrower(pool);
    borrower.acquire();
    QTRY_COMPARE_WITH_TIMEOUT(borrower.granted(), 1, Patience);
    borrower.results[0].lease.release();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.count(EventKind::Resolved) >= 3, Patience);
    // localhost still lists 127.0.0.1: the connection stays.
    QCOMPARE(recorder.evictions(EvictionReason::AddressChanged), 0);
    QCOMPARE(pool.stats().idle, 1);
}

void tst_ConnectionPool::unresolvableNameFailsDialsAsHostNotFound()
{
    // A special-use name (RFC 6761): the pool answers it itself. Its empty label is a second
    // guard: Qt refuses such a name before asking any resolver, so nothing leaves the machine.
    PoolSettings settings = settingsFor(9);
    settings.host = u"no-such-host..invalid"_s;
    ConnectionPool pool(settings);
    Recorder recorder(pool);
    Borrower borrower(pool);
    borrower.acquire(Patience);
    QTRY_COMPARE_WITH_TIMEOUT(borrower.results.size(), size_t(1), Patience);
    QCOMPARE(borrower.results[0].error, AcquireError::DialFailed);
    QCOMPARE(borrower.results[0].dialError, DialError::HostNotFound);
    QVERIFY2(
        borrower.results[0].message.contains(
            u"\"no-such-host..invalid\" is a special-use name (RFC 6761) that never resolves"_s),
        qPrintable(borrower.results[0].message));
    QCOMPARE(recorder.last(EventKind::Resolved)->dialError, DialError::HostNotFound);
    QCOMPARE(pool.stats().dialFailuresByError[size_t(DialError::HostNotFound)], 1u);
}

void tst_ConnectionPool::hostsOverrideMovesTheTarget()
{
    TestServer first;
    QVERIFY(first.listen(QHostAddress(u"127.0.0.1"_s)));
    TestServer second;
    QVERIFY(second.listen(QHostAddress(u"127.0.0.2"_s), first.port()));
    const quint16 port = first.port();

    PoolSettings settings = settingsFor(port);
    settings.host = u"backend.test"_s;
    QString error;
    settings.hostOverrides
        = {*HostOverride::parse(u"backend.test:%1:127.0.0.1"_s.arg(port), &error)};
    ConnectionPool pool(settings);
    Recorder recorder(pool);
    Borrower borrower(pool);
    borrower.acquire();
    QTRY_COMPARE_WITH_TIMEOUT(borrower.granted(), 1, Patience);
    borrower.results[0].lease.release();
    QCOMPARE(first.accepted(), 1);

    settings.hostOverrides
        = {*HostOverride::parse(u"backend.test:%1:127.0.0.2"_s.arg(port), &error)};
    QCOMPARE(pool.setSettings(settings), QStringList());
    QCOMPARE(recorder.evictions(EvictionReason::AddressChanged), 1);
    QVERIFY(recorder.last(EventKind::Evicted)->message.contains(u"127.0.0.1"_s));
    borrower.acquire();
    QTRY_COMPARE_WITH_TIMEOUT(borrower.granted(), 2, Patience);
    QCOMPARE(second.accepted(), 1);
    QCOMPARE(borrower.results[1].lease.socket()->peerAddress(), QHostAddress(u"127.0.0.2"_s));
}

void tst_ConnectionPool::clearStartsANewGeneration()
{
    TestServer server;
    QVERIFY(server.listen());
    ConnectionPool pool(settingsFor(server.port()));
    Recorder recorder(pool);
    Borrower borrower(pool);
    borrower.acquire();
    borrower.acquire();
    QTRY_COMPARE_WITH_TIMEOUT(borrower.granted(), 2, Patience);
    borrower.results[0].lease.release();

    pool.clear();
    QCOMPARE(recorder.count(EventKind::Cleared), 1);
    QCOMPARE(pool.generation(), 2u);
    QCOMPARE(recorder.evictions(EvictionReason::Cleared), 1); // the idle one, now
    QCOMPARE(pool.stats().inUse, 1); // the busy one stays in use
    borrower.results[1].lease.release();
    QCOMPARE(recorder.evictions(EvictionReason::Cleared), 2); // ... until it comes back
    QCOMPARE(pool.stats().inUse, 0);

    borrower.acquire();
    QTRY_COMPARE_WITH_TIMEOUT(borrower.granted(), 3, Patience);
    QVERIFY(!borrower.results[2].lease.isReused());
    QCOMPARE(recorder.last(EventKind::Acquired)->generation, 2u);
}

void tst_ConnectionPool::liveResize()
{
    TestServer server;
    QVERIFY(server.listen());
    PoolSettings settings = settingsFor(server.port());
    settings.maxConnections = 2;
    ConnectionPool pool(settings);
    Recorder recorder(pool);
    Borrower borrower(pool);
    for (int i = 0; i < 3; ++i)
        borrower.acquire();
    QTRY_COMPARE_WITH_TIMEOUT(borrower.granted(), 2, Patience);
    QCOMPARE(pool.stats().waiting, 1);

    settings.maxConnections = 3; // the waiter gets a new connection
    QCOMPARE(pool.setSettings(settings), QStringList());
    QTRY_COMPARE_WITH_TIMEOUT(borrower.granted(), 3, Patience);
    QCOMPARE(recorder.count(EventKind::SettingsChanged), 1);
    QVERIFY(recorder.last(EventKind::SettingsChanged)->message.contains(u"max_connections"_s));

    settings.maxConnections = 1; // nothing in use is dropped...
    QCOMPARE(pool.setSettings(settings), QStringList());
    QCOMPARE(pool.stats().inUse, 3);
    QCOMPARE(server.open(), 3);
    borrower.results[0].lease.release(); // ... the excess closes as it comes back
    borrower.results[1].lease.release();
    QCOMPARE(recorder.evictions(EvictionReason::Shrink), 2);
    borrower.results[2].lease.release();
    QCOMPARE(pool.stats().idle, 1);
    QCOMPARE(recorder.evictions(EvictionReason::Shrink), 2);
}

void tst_ConnectionPool::minIdleRaisedLiveDialsMore()
{
    TestServer server;
    QVERIFY(server.listen());
    PoolSettings settings = settingsFor(server.port());
    ConnectionPool pool(settings);
    settings.minIdle = 4;
    QCOMPARE(pool.setSettings(settings), QStringList());
    QTRY_COMPARE_WITH_TIMEOUT(pool.stats().idle, 4, Patience);
    settings.minIdle = 0;
    settings.idleTimeoutMs = 100; // lowering min idle lets the idle timeout take them
    QCOMPARE(pool.setSettings(settings), QStringList());
    QTRY_COMPARE_WITH_TIMEOUT(pool.stats().idle, 0, Patience);
}

void tst_ConnectionPool::socketOptionsAreSetOnTheDescriptor()
{
    TestServer server;
    QVERIFY(server.listen());
    PoolSettings settings = settingsFor(server.port());
    settings.keepAlive = true;
    settings.keepAliveIdleS = 7;
    settings.keepAliveIntervalS = 3;
    settings.keepAliveCount = 4;
    settings.tcpNoDelay = true;
    ConnectionPool pool(settings);
    Borrower borrower(pool);
    borrower.acquire();
    QTRY_COMPARE_WITH_TIMEOUT(borrower.granted(), 1, Patience);
    const int fd = int(borrower.results[0].lease.socket()->socketDescriptor());
    auto option = [fd](int level, int name) {
        int value = -1;
        socklen_t length = sizeof(value);
        getsockopt(fd, level, name, &value, &length);
        return value;
    };
    QCOMPARE(option(SOL_SOCKET, SO_KEEPALIVE), 1);
    QCOMPARE(option(IPPROTO_TCP, TCP_KEEPIDLE), 7);
    QCOMPARE(option(IPPROTO_TCP, TCP_KEEPINTVL), 3);
    QCOMPARE(option(IPPROTO_TCP, TCP_KEEPCNT), 4);
    QCOMPARE(option(IPPROTO_TCP, TCP_NODELAY), 1);

    settings.keepAlive = false;
    settings.tcpNoDelay = false;
    QCOMPARE(pool.setSettings(settings), QStringList());
    QCOMPARE(option(SOL_SOCKET, SO_KEEPALIVE), 0);
    QCOMPARE(option(IPPROTO_TCP, TCP_NODELAY), 0);
}

void tst_ConnectionPool::doubleReleaseIsCaught()
{
    TestServer server;
    QVERIFY(server.listen());
    ConnectionPool pool(settingsFor(server.port()));
    Recorder recorder(pool);
    Borrower borrower(pool);
    borrower.acquire();
    QTRY_COMPARE_WITH_TIMEOUT(borrower.granted(), 1, Patience);
    PoolLease &lease = borrower.results[0].lease;
    const quint64 id = lease.connectionId();
    const quint64 token = lease.token();
    lease.release();
    lease.release(); // a no-op on the lease itself
    pool.release(id, token);
    QCOMPARE(recorder.count(EventKind::Misuse), 1);
    QVERIFY(recorder.last(EventKind::Misuse)->message.contains(u"released twice"_s));
    QCOMPARE(pool.stats().misuses, 1u);
    QCOMPARE(pool.stats().idle, 1);
    QCOMPARE(pool.stats().releases, 1u);
}

void tst_ConnectionPool::staleLeaseCannotReleaseAnotherHoldersConnection()
{
    TestServer server;
    QVERIFY(server.listen());
    PoolSettings settings = settingsFor(server.port());
    settings.maxConnections = 1;
    ConnectionPool pool(settings);
    Borrower borrower(pool);
    borrower.acquire();
    QTRY_COMPARE_WITH_TIMEOUT(borrower.granted(), 1, Patience);
    const quint64 id = borrower.results[0].lease.connectionId();
    const quint64 staleToken = borrower.results[0].lease.token();
    borrower.results[0].lease.release();
    PoolLease second = pool.tryAcquire();
    QCOMPARE(second.connectionId(), id);

    pool.release(id, staleToken);
    QCOMPARE(pool.stats().inUse, 1); // the second holder keeps it
    QVERIFY(second.socket());
}

void tst_ConnectionPool::destroyingThePoolWithLeasesOut()
{
    TestServer server;
    QVERIFY(server.listen());
    auto pool = std::make_unique<ConnectionPool>(settingsFor(server.port()));
    Recorder recorder(*pool);
    Borrower borrower(*pool);
    borrower.acquire();
    borrower.acquire();
    QTRY_COMPARE_WITH_TIMEOUT(borrower.granted(), 2, Patience);
    borrower.results[0].lease.release();
    QVERIFY(borrower.results[1].lease.socket());

    const int evictedBefore = recorder.count(EventKind::Evicted);
    pool.reset();
    QCOMPARE(recorder.count(EventKind::Evicted), evictedBefore + 2);
    QCOMPARE(recorder.count(EventKind::Misuse), 1);

    // The lease outlives its pool: no access, no crash, counted.
    QVERIFY(!borrower.results[1].lease.isValid());
    QCOMPARE(borrower.results[1].lease.socket(), nullptr);
    const quint64 orphansBefore = PoolLease::orphanedReleases();
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"after its pool was destroyed"_s));
    borrower.results[1].lease.release();
    QCOMPARE(PoolLease::orphanedReleases(), orphansBefore + 1);
    QTRY_COMPARE_WITH_TIMEOUT(server.open(), 0, Patience);
}

void tst_ConnectionPool::holderSignalsAreDisconnectedOnRelease()
{
    TestServer server;
    QVERIFY(server.listen());
    ConnectionPool pool(settingsFor(server.port()));
    Borrower borrower(pool);
    borrower.acquire();
    QTRY_COMPARE_WITH_TIMEOUT(borrower.granted(), 1, Patience);
    int firstHolderReads = 0;
    QTcpSocket *socket = borrower.results[0].lease.socket();
    connect(socket, &QTcpSocket::readyRead, this, [&] {
        ++firstHolderReads;
        socket->readAll();
    });
    socket->write("ping");
    QTRY_COMPARE_WITH_TIMEOUT(firstHolderReads, 1, Patience);
    borrower.results[0].lease.release();
    // The kernel's counters: the 4 bytes each way, not the handshake.
    const ConnectionInfo info = pool.snapshot().connections.constFirst();
    QCOMPARE(info.bytesOut, 4);
    QCOMPARE(info.bytesIn, 4);

    PoolLease second = pool.tryAcquire();
    QTcpSocket *again = second.socket();
    QCOMPARE(again, socket);
    int secondHolderReads = 0;
    connect(again, &QTcpSocket::readyRead, this, [&] {
        ++secondHolderReads;
        again->readAll();
    });
    again->write("pong");
    QTRY_COMPARE_WITH_TIMEOUT(secondHolderReads, 1, Patience);
    QCOMPARE(firstHolderReads, 1);
    second.release();
    QCOMPARE(pool.stats().idle, 1); // its reads were drained: nothing left over
}

void tst_ConnectionPool::thousandConnections()
{
    TestServer server;
    QVERIFY(server.listen());
    PoolSettings settings = settingsFor(server.port());
    settings.maxConnections = 1000;
    settings.maxConcurrentDials = 64;
    settings.connectTimeoutMs = 30'000;
    ConnectionPool pool(settings);
    Borrower borrower(pool);
    for (int i = 0; i < 1000; ++i)
        borrower.acquire(60'000);
    QTRY_COMPARE_WITH_TIMEOUT(borrower.results.size(), size_t(1000), 60'000);
    QCOMPARE(borrower.granted(), 1000);
    QTRY_COMPARE_WITH_TIMEOUT(server.open(), 1000, Patience);
    PoolStats stats = pool.stats();
    QCOMPARE(stats.open, 1000);
    QCOMPARE(stats.dials, 1000u);

    for (auto &result : borrower.results)
        result.lease.release();
    stats = pool.stats();
    QCOMPARE(stats.idle, 1000);
    const PoolSnapshot snapshot = pool.snapshot();
    QCOMPARE(snapshot.connections.size(), 1000);
    QVERIFY(std::all_of(
        snapshot.connections.begin(), snapshot.connections.end(), [](const ConnectionInfo &c) {
            return c.state == ConnectionState::Idle && c.rttUs >= 0 && c.localPort != 0;
        }));
}

void tst_ConnectionPool::tlsWithTrustedCertificate()
{
    TestServer server;
    server.setTls(TestServer::localhostTlsConfiguration());
    QVERIFY(server.listen());
    PoolSettings settings = settingsFor(server.port());
    settings.host = u"localhost"_s;
    settings.tls = true;
    settings.caFile = TestServer::localhostCertificatePath();
    ConnectionPool pool(settings);
    Recorder recorder(pool);
    Borrower borrower(pool);
    borrower.acquire();
    QTRY_COMPARE_WITH_TIMEOUT(borrower.results.size(), size_t(1), Patience);
    QVERIFY2(borrower.results[0].ok(), qPrintable(borrower.results[0].message));
    auto *ssl = qobject_cast<QSslSocket *>(borrower.results[0].lease.socket());
    QVERIFY(ssl);
    QVERIFY(ssl->isEncrypted());
    const PoolEvent *dialed = recorder.last(EventKind::DialSucceeded);
    QVERIFY(dialed->tlsNs > 0);
    QVERIFY2(dialed->message.contains(u"TLS"_s), qPrintable(dialed->message));
    QCOMPARE(pool.stats().tlsTime.count(), 1u);

    ssl->write("over tls");
    QTRY_COMPARE_WITH_TIMEOUT(ssl->bytesAvailable(), qint64(8), Patience);
    QCOMPARE(ssl->readAll(), QByteArray("over tls"));
    borrower.results[0].lease.release();
    QVERIFY(pool.tryAcquire().isReused());
}

void tst_ConnectionPool::tlsUntrustedCertificateFailsUnlessInsecure()
{
    TestServer server;
    server.setTls(TestServer::localhostTlsConfiguration());
    QVERIFY(server.listen());
    PoolSettings settings = settingsFor(server.port());
    settings.host = u"localhost"_s;
    settings.tls = true;
    ConnectionPool pool(settings);
    Recorder recorder(pool);
    Borrower borrower(pool);
    borrower.acquire(Patience);
    QTRY_COMPARE_WITH_TIMEOUT(borrower.results.size(), size_t(1), Patience);
    QCOMPARE(borrower.results[0].error, AcquireError::DialFailed);
    QCOMPARE(borrower.results[0].dialError, DialError::TlsFailure);
    QVERIFY2(recorder.last(EventKind::DialFailed)
                     ->message.contains(u"self signed"_s, Qt::CaseInsensitive)
                 || recorder.last(EventKind::DialFailed)
                        ->message.contains(u"self-signed"_s, Qt::CaseInsensitive),
             qPrintable(recorder.last(EventKind::DialFailed)->message));

    settings.tlsInsecure = true;
    settings.backoffInitialMs = 0;
    QCOMPARE(pool.setSettings(settings), QStringList());
    borrower.acquire(Patience);
    QTRY_COMPARE_WITH_TIMEOUT(borrower.results.size(), size_t(2), Patience);
    QVERIFY2(borrower.results[1].ok(), qPrintable(borrower.results[1].message));
}

void tst_ConnectionPool::invalidSettingsKeepThePoolClosed()
{
    PoolSettings settings;
    settings.host = u"127.0.0.1"_s;
    settings.port = 70000;
    ConnectionPool pool(settings);
    QVERIFY(pool.isClosed());
    QCOMPARE(pool.settingsErrors().size(), 1);
    Borrower borrower(pool);
    borrower.acquire();
    QTRY_COMPARE_WITH_TIMEOUT(borrower.results.size(), size_t(1), Patience);
    QCOMPARE(borrower.results[0].error, AcquireError::PoolClosed);
    QVERIFY(borrower.results[0].message.contains(u"port: 70000 is out of range"_s));

    TestServer server;
    QVERIFY(server.listen());
    PoolSettings bad = settingsFor(server.port());
    bad.minIdle = 50;
    bad.maxConnections = 5;
    QCOMPARE(pool.setSettings(bad).size(), 1);
    QVERIFY(pool.isClosed());
    QCOMPARE(pool.setSettings(settingsFor(server.port())), QStringList());
    QVERIFY(!pool.isClosed());
    borrower.acquire();
    QTRY_COMPARE_WITH_TIMEOUT(borrower.granted(), 1, Patience);
}

void tst_ConnectionPool::statisticsAddUp()
{
    TestServer server;
    QVERIFY(server.listen());
    ConnectionPool pool(settingsFor(server.port()));
    Borrower borrower(pool);
    borrower.acquire();
    QTRY_COMPARE_WITH_TIMEOUT(borrower.granted(), 1, Patience);
    borrower.results.back().lease.release();
    for (int i = 0; i < 9; ++i)
        pool.tryAcquire().release();
    const PoolStats stats = pool.stats();
    QCOMPARE(stats.acquisitions, 10u);
    QCOMPARE(stats.reuses, 9u);
    QCOMPARE(stats.releases, 10u);
    QCOMPARE(stats.holdTime.count(), 10u);
    QCOMPARE(stats.acquireWait.count(), 10u);
    QCOMPARE(stats.idleAtReuse.count(), 9u);
    QCOMPARE(stats.dialTime.count(), 1u);
    QCOMPARE(stats.reuseRatio(), 0.9);
    const QJsonObject json = stats.toJson();
    QCOMPARE(json.value(u"handshakes_saved"_s).toInt(), 9);
    QCOMPARE(json.value(u"acquire_wait_ms"_s).toObject().value(u"count"_s).toInt(), 10);
}

QTEST_GUILESS_MAIN(tst_ConnectionPool)
#include "tst_connectionpool.moc"

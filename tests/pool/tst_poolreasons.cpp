// The reasons the pool gives, on its seams (ManualClock, FakeConnector): why it closed a
// connection when the target's TLS changed, and why an acquire waits. A window shows these words;
// they must say what really happened.
#include "poolharness.h"

#include <QTest>

using namespace Qt::StringLiterals;

class tst_PoolReasons : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void tlsChangeClosesWithItsOwnReason();
    void tlsDetailsMatterOnlyWithTls();
    void anotherAddressIsStillAddressChanged();
    void waiterSaysWhyItWaits();
    void waiterWhileDialsAreRefused();
};

namespace {

// Two connections, one of them busy.
void openTwo(PoolHarness &h)
{
    h.acquire();
    h.acquire();
    h.establishAll();
    QCOMPARE(h.granted(), 2);
    h.results[0].lease.release();
}

} // namespace

void tst_PoolReasons::tlsChangeClosesWithItsOwnReason()
{
    PoolSettings settings = PoolHarness::defaults();
    PoolHarness h(settings);
    openTwo(h);
    settings.tls = true;
    QCOMPARE(h.pool->setSettings(settings), QStringList());
    // The idle one goes now, the busy one when it comes back: neither for an address.
    QCOMPARE(h.evictions(EvictionReason::TlsChanged), 1);
    QCOMPARE(h.last(EventKind::Evicted)->message, u"TLS was turned on"_s);
    h.results[1].lease.release();
    QCOMPARE(h.evictions(EvictionReason::TlsChanged), 2);
    QCOMPARE(h.evictions(EvictionReason::AddressChanged), 0);
    // The next dial speaks TLS.
    h.acquire();
    QVERIFY(h.connector.links().back()->target().tls.has_value());

    h.establishAll();
    h.results.back().lease.release();
    settings.tls = false;
    QCOMPARE(h.pool->setSettings(settings), QStringList());
    h.settle();
    QCOMPARE(h.last(EventKind::Evicted)->reason, EvictionReason::TlsChanged);
    QCOMPARE(h.last(EventKind::Evicted)->message, u"TLS was turned off"_s);
    QCOMPARE(h.evictions(EvictionReason::AddressChanged), 0);
}

void tst_PoolReasons::tlsDetailsMatterOnlyWithTls()
{
    PoolSettings settings = PoolHarness::defaults();
    PoolHarness h(settings);
    openTwo(h);
    // Without TLS, certificate settings change nothing about a connection: it stays.
    settings.tlsInsecure = true;
    QCOMPARE(h.pool->setSettings(settings), QStringList());
    QCOMPARE(h.count(EventKind::Evicted), 0);

    settings.tls = true;
    QCOMPARE(h.pool->setSettings(settings), QStringList());
    h.results[1].lease.release();
    QCOMPARE(h.evictions(EvictionReason::TlsChanged), 2);
    h.acquire();
    h.establishAll();
    h.results.back().lease.release();
    settings.tlsInsecure = false;
    QCOMPARE(h.pool->setSettings(settings), QStringList());
    h.settle();
    QCOMPARE(h.evictions(EvictionReason::TlsChanged), 3);
    QVERIFY2(h.last(EventKind::Evicted)->message.startsWith(u"tls_insecure was turned off"_s),
             qPrintable(h.last(EventKind::Evicted)->message));
}

void tst_PoolReasons::anotherAddressIsStillAddressChanged()
{
    PoolSettings settings = PoolHarness::defaults();
    PoolHarness h(settings);
    openTwo(h);
    // A new port and TLS at once: the address is the reason that says most.
    settings.port = 5433;
    settings.tls = true;
    QCOMPARE(h.pool->setSettings(settings), QStringList());
    QCOMPARE(h.evictions(EvictionReason::AddressChanged), 1);
    QCOMPARE(h.evictions(EvictionReason::TlsChanged), 0);
    QVERIFY(h.last(EventKind::Evicted)->message.contains(u"127.0.0.1:5433"_s));
}

void tst_PoolReasons::waiterSaysWhyItWaits()
{
    PoolSettings settings = PoolHarness::defaults();
    settings.maxConnections = 2;
    settings.maxConcurrentDials = 1;
    PoolHarness h(settings);

    h.acquire();
    QCOMPARE(h.last(EventKind::WaiterQueued)->message,
             u"no idle connection, so it waits for a new one to be dialed"_s);
    h.acquire();
    QCOMPARE(h.last(EventKind::WaiterQueued)->message,
             u"max_concurrent_dials dials are under way, so it waits for one of them"_s);
    h.establishAll();
    h.establishAll();
    QCOMPARE(h.granted(), 2);

    h.acquire();
    const PoolEvent *queued = h.last(EventKind::WaiterQueued);
    QCOMPARE(queued->message, u"every connection is in use (max_connections reached)"_s);
    QCOMPARE(queued->dialError, DialError::None);

    h.results[0].lease.release();
    h.settle();
    h.acquire(-1, true);
    QCOMPARE(h.last(EventKind::WaiterQueued)->message,
             u"a new connection was asked for, so it waits for its own dial"_s);
}

void tst_PoolReasons::waiterWhileDialsAreRefused()
{
    PoolSettings settings = PoolHarness::defaults();
    settings.backoffInitialMs = 100;
    PoolHarness h(settings);
    h.acquire();
    h.connector.dialing()[0]->failDial(DialError::Refused, u"refused"_s);
    h.settle();
    QCOMPARE(h.results[0].error, AcquireError::DialFailed);

    // Nothing is open and the pool waits out its back-off: nothing here is busy.
    h.acquire();
    QCOMPARE(h.pool->stats().open, 0);
    const PoolEvent *queued = h.last(EventKind::WaiterQueued);
    QCOMPARE(queued->message,
             u"dials are failing, so the pool waits out its back-off before the next one"_s);
    QCOMPARE(queued->dialError, DialError::Refused);
    QVERIFY(!queued->message.contains(u"busy"_s));
    QVERIFY(!queued->message.contains(u"in use"_s));

    // Once the back-off is over it dials one at a time, and says so.
    h.advanceMs(100);
    QCOMPARE(h.connector.dialing().size(), size_t(1));
    h.acquire();
    QCOMPARE(h.last(EventKind::WaiterQueued)->message,
             u"dials are failing, so the pool dials one at a time until one succeeds"_s);
    QCOMPARE(h.last(EventKind::WaiterQueued)->toJson().value(u"error"_s).toString(), u"refused"_s);
}

QTEST_GUILESS_MAIN(tst_PoolReasons)
#include "tst_poolreasons.moc"

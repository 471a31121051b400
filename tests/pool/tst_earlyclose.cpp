// Early closes on the pool's seams (ManualClock, FakeConnector): a connection the server closes
// right after its dial is a failed dial for the back-off, so a server at its client limit, or one
// that accepts and resets, is not redialed as fast as it accepts. tst_realservers checks the same
// against a real redis-server at its maxclients.
#include "poolharness.h"

#include <QTest>

using namespace Qt::StringLiterals;

class tst_EarlyClose : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void earlyClosesBackOffAndKeepDoubling();
    void aCloseAfterTheWindowIsNotEarly();
    void aCloseAfterAnAnswerIsNotEarly();
    void aCloseBeforeAnyAnswerIsEarly();
    void unexpectedGreetingIsEarly();
};

namespace {

PoolSettings keepingTwoIdle()
{
    PoolSettings settings = PoolHarness::defaults();
    settings.minIdle = 2;
    settings.backoffInitialMs = 40;
    settings.backoffMaxMs = 160;
    return settings;
}

} // namespace

void tst_EarlyClose::earlyClosesBackOffAndKeepDoubling()
{
    PoolHarness h(keepingTwoIdle());
    h.establishAll();
    QCOMPARE(h.pool->stats().idle, 2);

    h.advanceMs(1);
    h.connector.links()[0]->closeByPeer();
    h.settle();
    QCOMPARE(h.pool->stats().earlyCloses, 1u);
    QCOMPARE(h.pool->stats().consecutiveDialFailures, 1);
    QCOMPARE(h.pool->stats().lastDialError, DialError::Reset);
    const QString message = h.last(EventKind::Evicted)->message;
    QVERIFY2(message.endsWith(u"closed 1 ms after its dial, so counted as a failed dial (next dial "
                              "in 40 ms)"_s),
             qPrintable(message));
    // The replacement waits out the back-off, though min idle wants it at once.
    QCOMPARE(h.connector.dialing().size(), size_t(0));
    h.advanceMs(39);
    QCOMPARE(h.connector.dialing().size(), size_t(0));
    h.advanceMs(1);
    QCOMPARE(h.connector.dialing().size(), size_t(1));

    // The dial succeeds and the server closes it again: the step doubles rather than starting
    // over, up to the maximum.
    for (const qint64 stepMs : {80, 160, 160}) {
        h.establishAll();
        QCOMPARE(h.pool->stats().consecutiveDialFailures, 0);
        h.connector.links().back()->closeByPeer();
        h.settle();
        QVERIFY2(
            h.last(EventKind::Evicted)->message.endsWith(u"(next dial in %1 ms)"_s.arg(stepMs)),
            qPrintable(h.last(EventKind::Evicted)->message));
        h.advanceMs(stepMs - 1);
        QCOMPARE(h.connector.dialing().size(), size_t(0));
        h.advanceMs(1);
        QCOMPARE(h.connector.dialing().size(), size_t(1));
    }
    QCOMPARE(h.pool->stats().earlyCloses, 4u);
    QCOMPARE(h.pool->stats().dialFailures, 0u); // every dial itself succeeded
}

void tst_EarlyClose::aCloseAfterTheWindowIsNotEarly()
{
    PoolHarness h(keepingTwoIdle());
    h.establishAll();
    h.advanceMs(PoolStats::EarlyCloseNs / 1'000'000);
    h.connector.links()[0]->closeByPeer();
    h.settle();
    QCOMPARE(h.pool->stats().earlyCloses, 0u);
    QCOMPARE(h.pool->stats().consecutiveDialFailures, 0);
    QCOMPARE(h.connector.dialing().size(), size_t(1)); // replaced at once
}

void tst_EarlyClose::aCloseAfterAnAnswerIsNotEarly()
{
    PoolHarness h;
    h.acquire();
    h.establishAll();
    QVERIFY(h.results.at(0).ok());
    FakeLink *link = h.connector.links()[0];
    link->receive(16); // the server answered on this lease, then closed mid-response
    link->readAll();
    link->closeByPeer();
    h.results[0].lease.release();
    h.settle();
    QCOMPARE(h.evictions(EvictionReason::PeerClosed), 1);
    QCOMPARE(h.pool->stats().earlyCloses, 0u);
    QCOMPARE(h.pool->stats().consecutiveDialFailures, 0);
}

void tst_EarlyClose::aCloseBeforeAnyAnswerIsEarly()
{
    PoolHarness h;
    h.acquire();
    h.establishAll();
    // The first lease was answered; on the second the server hung up before answering.
    h.connector.links()[0]->receive(16);
    h.connector.links()[0]->readAll();
    h.results[0].lease.release();
    h.acquire();
    h.settle();
    QVERIFY(h.results.at(1).ok());
    QVERIFY(h.results[1].lease.isReused());
    h.connector.links()[0]->closeByPeer(true);
    h.results[1].lease.release();
    h.settle();
    QCOMPARE(h.pool->stats().earlyCloses, 1u);
    QCOMPARE(h.pool->stats().consecutiveDialFailures, 1);
}

void tst_EarlyClose::unexpectedGreetingIsEarly()
{
    PoolHarness h(keepingTwoIdle());
    h.establishAll();
    h.connector.links()[0]->receive(20); // a server that speaks first, while idle
    h.settle();
    QCOMPARE(h.evictions(EvictionReason::UnexpectedData), 1);
    QCOMPARE(h.pool->stats().earlyCloses, 1u);
    QCOMPARE(h.pool->stats().lastDialError, DialError::Other);
}

QTEST_GUILESS_MAIN(tst_EarlyClose)
#include "tst_earlyclose.moc"

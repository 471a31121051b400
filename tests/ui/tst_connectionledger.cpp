#include "connectionledger.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 Ms = 1'000'000;

PoolEvent poolEvent(EventKind kind, quint64 connection, qint64 timeNs)
{
    PoolEvent e;
    e.kind = kind;
    e.connectionId = connection;
    e.timeNs = timeNs;
    e.generation = 1;
    return e;
}

// One connection's life: dial, two uses, closed by the peer.
QList<PoolEvent> life(quint64 id, qint64 startNs)
{
    PoolEvent acquired = poolEvent(EventKind::Acquired, id, startNs + 2 * Ms);
    PoolEvent reused = poolEvent(EventKind::Acquired, id, startNs + 10 * Ms);
    reused.reused = true;
    PoolEvent evicted = poolEvent(EventKind::Evicted, id, startNs + 20 * Ms);
    evicted.reason = EvictionReason::PeerClosed;
    PoolEvent succeeded = poolEvent(EventKind::DialSucceeded, id, startNs + Ms);
    succeeded.address = u"127.0.0.1:4000"_s;
    return {poolEvent(EventKind::DialStarted, id, startNs),
            succeeded,
            acquired,
            poolEvent(EventKind::Released, id, startNs + 5 * Ms),
            reused,
            poolEvent(EventKind::Released, id, startNs + 12 * Ms),
            evicted};
}

} // namespace

class tst_ConnectionLedger : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void eventsBecomeMarks();
    void horizonDropsOldLanesAndMarks();
    void lanesAndMarksAreCapped();
    void eventsAndSnapshotsTellOneStory();
    void eventsAfterTheSnapshotAreNotClosedByIt();
    void knowsHowFarTheFeedHasTold();
};

void tst_ConnectionLedger::eventsBecomeMarks()
{
    ConnectionLedger store;
    store.addEvents(life(3, 1'000 * Ms));
    QCOMPARE(store.count(), 1);
    const ConnectionLedger::Entry &lane = store.at(0);
    QCOMPARE(lane.id, 3u);
    QCOMPARE(lane.address, u"127.0.0.1:4000"_s);
    QCOMPARE(lane.uses, 2u);
    QCOMPARE(lane.firstUseNs, 1'002 * Ms);
    QVERIFY(lane.closed);
    QCOMPARE(lane.reason, EvictionReason::PeerClosed);
    using A = ConnectionLedger::Activity;
    const QList<A> expected{A::Dialing, A::Idle, A::InUse, A::Idle, A::InUse, A::Idle, A::Closed};
    QCOMPARE(lane.marks.size(), size_t(expected.size()));
    for (qsizetype i = 0; i < expected.size(); ++i)
        QCOMPARE(lane.marks[size_t(i)].activity(), expected[i]);
    QCOMPARE(lane.marks[2].timeNs(), 1'002 * Ms);
    // A connection first seen mid-life gets a lane too, in id order.
    store.addEvents({poolEvent(EventKind::Acquired, 1, 1'050 * Ms)});
    QCOMPARE(store.count(), 2);
    QCOMPARE(store.at(0).id, 1u);
    QCOMPARE(store.indexOf(3), 1);
}

void tst_ConnectionLedger::horizonDropsOldLanesAndMarks()
{
    ConnectionLedger store;
    store.setHorizonNs(1'000 * Ms);
    store.addEvents(life(1, 0));
    QList<PoolEvent> open{poolEvent(EventKind::DialStarted, 2, 0),
                          poolEvent(EventKind::DialSucceeded, 2, Ms)};
    // Under a second of events, so addEvents() does not trim by itself.
    for (int i = 0; i < 40; ++i) {
        open << poolEvent(EventKind::Acquired, 2, (10 + 20 * i) * Ms)
             << poolEvent(EventKind::Released, 2, (15 + 20 * i) * Ms);
    }
    store.addEvents(open);
    store.trim(1'500 * Ms);
    // The closed lane ended before the horizon; the open one lost its marks before it, but
    // still knows what it was doing at the cut.
    QCOMPARE(store.count(), 1);
    const ConnectionLedger::Entry &lane = store.at(0);
    QCOMPARE(lane.id, 2u);
    QCOMPARE(lane.marks.front().timeNs(), 500 * Ms);
    QCOMPARE(lane.marks.front().activity(), ConnectionLedger::Activity::Idle);
    QVERIFY(store.oldestNs() >= 500 * Ms);
}

void tst_ConnectionLedger::lanesAndMarksAreCapped()
{
    ConnectionLedger store;
    QList<PoolEvent> many;
    for (quint64 id = 1; id <= quint64(ConnectionLedger::MaxConnections) + 500; ++id)
        many += life(id, qint64(id) * Ms);
    many << poolEvent(EventKind::DialStarted, 100'000, 0);
    store.addEvents(many);
    store.trim(10'000 * Ms);
    QCOMPARE(store.count(), ConnectionLedger::MaxConnections);
    QVERIFY(store.indexOf(100'000) >= 0); // open lanes stay
    QCOMPARE(store.indexOf(1), -1); // the first to close went first

    QList<PoolEvent> busy;
    for (int i = 0; i < 5 * ConnectionLedger::MaxMarks; ++i)
        busy << poolEvent(i % 2 ? EventKind::Released : EventKind::Acquired, 100'000,
                          (20'000 + i) * Ms);
    store.addEvents(busy);
    const ConnectionLedger::Entry &lane = store.at(store.indexOf(100'000));
    QVERIFY(lane.marks.size() <= size_t(ConnectionLedger::MaxMarks + 512));
    QCOMPARE(lane.marks.back().timeNs(), (20'000 + 5 * ConnectionLedger::MaxMarks - 1) * Ms);
}

// The table reads info, the lanes read marks: whatever order events and snapshots come in,
// both say the same of a connection.
void tst_ConnectionLedger::eventsAndSnapshotsTellOneStory()
{
    ConnectionLedger ledger;
    using A = ConnectionLedger::Activity;
    ledger.addEvents({poolEvent(EventKind::DialStarted, 1, 100 * Ms)});
    // A dial's step is only in snapshots: it refines what the table says, not what the lane
    // draws.
    ConnectionInfo dialing;
    dialing.id = 1;
    dialing.state = ConnectionState::TlsHandshake;
    PoolSnapshot snapshot;
    snapshot.timeNs = 105 * Ms;
    snapshot.connections = {dialing};
    ledger.applySnapshot(snapshot);
    const ConnectionLedger::Entry &entry = ledger.at(0);
    QCOMPARE(entry.info.state, ConnectionState::TlsHandshake);
    QCOMPARE(entry.marks.back().activity(), A::Dialing);

    PoolEvent succeeded = poolEvent(EventKind::DialSucceeded, 1, 110 * Ms);
    succeeded.address = u"[::1]:6379"_s;
    ledger.addEvents({succeeded, poolEvent(EventKind::Acquired, 1, 120 * Ms)});
    QCOMPARE(entry.info.state, ConnectionState::InUse);
    QCOMPARE(entry.marks.back().activity(), A::InUse);
    QCOMPARE(entry.info.peerAddress, QHostAddress(u"::1"_s));
    QCOMPARE(entry.info.peerPort, 6379);
    QCOMPARE(entry.info.useCount, 1u);

    // A snapshot from before the acquire does not take the table back to idle; it adds the
    // kernel's counters.
    ConnectionInfo behind = dialing;
    behind.state = ConnectionState::Idle;
    behind.bytesIn = 512;
    snapshot.timeNs = 119 * Ms;
    snapshot.connections = {behind};
    ledger.applySnapshot(snapshot);
    QCOMPARE(entry.info.state, ConnectionState::InUse);
    QCOMPARE(entry.info.bytesIn, 512);
    QCOMPARE(entry.marks.back().activity(), A::InUse);

    // Gone from a snapshot without a close in the feed (events dropped): closed, both places.
    snapshot.timeNs = 200 * Ms;
    snapshot.connections = {};
    ledger.applySnapshot(snapshot);
    QVERIFY(entry.closed);
    QCOMPARE(entry.info.state, ConnectionState::Closed);
    QCOMPARE(entry.marks.back().activity(), A::Closed);
    QCOMPARE(entry.closedNs, 200 * Ms);
}

void tst_ConnectionLedger::eventsAfterTheSnapshotAreNotClosedByIt()
{
    // One feed: the pool's thread flushed twice before the window took it, so the events of a
    // connection dialed after the snapshot come with it (an unpooled run, a connection every
    // few ms).
    ConnectionLedger ledger;
    QList<PoolEvent> events = life(1, 100 * Ms); // closed by 120 ms
    events << poolEvent(EventKind::DialStarted, 2, 140 * Ms);
    ledger.addEvents(events);
    PoolSnapshot snapshot;
    snapshot.timeNs = 130 * Ms; // before connection 2
    ledger.applySnapshot(snapshot);
    const ConnectionLedger::Entry &second = ledger.at(ledger.indexOf(2));
    QVERIFY(!second.closed);
    // Its close comes in a later feed, with its reason.
    PoolEvent evicted = poolEvent(EventKind::Evicted, 2, 160 * Ms);
    evicted.reason = EvictionReason::SingleUse;
    ledger.addEvents({evicted});
    QVERIFY(second.closed);
    QCOMPARE(second.reason, EvictionReason::SingleUse);
    // A connection the snapshot should have listed and did not is still closed by it.
    ledger.addEvents({poolEvent(EventKind::DialStarted, 3, 170 * Ms)});
    snapshot.timeNs = 180 * Ms;
    ledger.applySnapshot(snapshot);
    QVERIFY(ledger.at(ledger.indexOf(3)).closed);
}

void tst_ConnectionLedger::knowsHowFarTheFeedHasTold()
{
    // The lanes draw what goes on up to here: no further is known.
    ConnectionLedger store;
    QCOMPARE(store.knownUntilNs(), 0);
    store.addEvents(life(1, 1'000 * Ms));
    QCOMPARE(store.knownUntilNs(), 1'020 * Ms);
    PoolSnapshot snapshot;
    snapshot.timeNs = 1'100 * Ms;
    store.applySnapshot(snapshot);
    QCOMPARE(store.knownUntilNs(), 1'100 * Ms);
    // Events older than the snapshot (collected before it, delivered with it) do not take it
    // back.
    store.addEvents({poolEvent(EventKind::Acquired, 2, 1'050 * Ms)});
    QCOMPARE(store.knownUntilNs(), 1'100 * Ms);
}

QTEST_MAIN(tst_ConnectionLedger)
#include "tst_connectionledger.moc"

#include "lanestore.h"

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

class tst_LaneStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void eventsBecomeMarks();
    void horizonDropsOldLanesAndMarks();
    void lanesAndMarksAreCapped();
};

void tst_LaneStore::eventsBecomeMarks()
{
    LaneStore store;
    store.addEvents(life(3, 1'000 * Ms));
    QCOMPARE(store.laneCount(), 1);
    const LaneStore::Lane &lane = store.lane(0);
    QCOMPARE(lane.id, 3u);
    QCOMPARE(lane.address, u"127.0.0.1:4000"_s);
    QCOMPARE(lane.uses, 2u);
    QCOMPARE(lane.firstUseNs, 1'002 * Ms);
    QVERIFY(lane.closed);
    QCOMPARE(lane.reason, EvictionReason::PeerClosed);
    using A = LaneStore::Activity;
    const QList<A> expected{A::Dialing, A::Idle, A::InUse, A::Idle, A::InUse, A::Idle, A::Closed};
    QCOMPARE(lane.marks.size(), size_t(expected.size()));
    for (qsizetype i = 0; i < expected.size(); ++i)
        QCOMPARE(lane.marks[size_t(i)].activity(), expected[i]);
    QCOMPARE(lane.marks[2].timeNs(), 1'002 * Ms);
    // A connection first seen mid-life gets a lane too, in id order.
    store.addEvents({poolEvent(EventKind::Acquired, 1, 1'050 * Ms)});
    QCOMPARE(store.laneCount(), 2);
    QCOMPARE(store.lane(0).id, 1u);
    QCOMPARE(store.indexOf(3), 1);
}

void tst_LaneStore::horizonDropsOldLanesAndMarks()
{
    LaneStore store;
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
    QCOMPARE(store.laneCount(), 1);
    const LaneStore::Lane &lane = store.lane(0);
    QCOMPARE(lane.id, 2u);
    QCOMPARE(lane.marks.front().timeNs(), 500 * Ms);
    QCOMPARE(lane.marks.front().activity(), LaneStore::Activity::Idle);
    QVERIFY(store.oldestNs() >= 500 * Ms);
}

void tst_LaneStore::lanesAndMarksAreCapped()
{
    LaneStore store;
    QList<PoolEvent> many;
    for (quint64 id = 1; id <= quint64(LaneStore::MaxLanes) + 500; ++id)
        many += life(id, qint64(id) * Ms);
    many << poolEvent(EventKind::DialStarted, 100'000, 0);
    store.addEvents(many);
    store.trim(10'000 * Ms);
    QCOMPARE(store.laneCount(), LaneStore::MaxLanes);
    QVERIFY(store.indexOf(100'000) >= 0); // open lanes stay
    QCOMPARE(store.indexOf(1), -1); // the first to close went first

    QList<PoolEvent> busy;
    for (int i = 0; i < 5 * LaneStore::MaxMarks; ++i)
        busy << poolEvent(i % 2 ? EventKind::Released : EventKind::Acquired, 100'000,
                          (20'000 + i) * Ms);
    store.addEvents(busy);
    const LaneStore::Lane &lane = store.lane(store.indexOf(100'000));
    QVERIFY(lane.marks.size() <= size_t(LaneStore::MaxMarks + 512));
    QCOMPARE(lane.marks.back().timeNs(), (20'000 + 5 * LaneStore::MaxMarks - 1) * Ms);
}

QTEST_MAIN(tst_LaneStore)
#include "tst_lanestore.moc"

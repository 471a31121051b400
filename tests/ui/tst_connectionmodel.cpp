#include "connectionfiltermodel.h"
#include "connectionmodel.h"
#include "connectionpresentationmodel.h"

#include <QAbstractItemModelTester>
#include <QIcon>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 Second = 1'000'000'000;

ConnectionInfo connection(quint64 id, ConnectionState state, qint64 createdNs = Second)
{
    ConnectionInfo info;
    info.id = id;
    info.state = state;
    info.generation = 1;
    info.peerAddress = QHostAddress(QHostAddress::LocalHost);
    info.peerPort = 4000;
    info.localPort = quint16(50'000 + id);
    info.createdNs = createdNs;
    info.connectedNs = createdNs + 1'000'000;
    info.useCount = id;
    return info;
}

PoolSnapshot snapshot(qint64 timeNs, const QList<ConnectionInfo> &connections)
{
    PoolSnapshot s;
    s.timeNs = timeNs;
    s.connections = connections;
    return s;
}

QList<quint64> ids(const QAbstractItemModel &model)
{
    QList<quint64> list;
    for (int row = 0; row < model.rowCount(); ++row)
        list << model.index(row, 0).data(ConnectionModel::ConnectionIdRole).toULongLong();
    return list;
}

// The table as the window has it: a view on the ledger, refreshed after each change. Its
// rows' values are announced at every refresh here; valuesAreAnnouncedAtMostOnceASecond()
// tests the window's pace.
struct Table
{
    Table() { model.setChangeIntervalMs(0); }
    void apply(const PoolSnapshot &snapshot)
    {
        ledger.applySnapshot(snapshot);
        model.refresh();
    }
    void addEvents(const QList<PoolEvent> &events)
    {
        ledger.addEvents(events);
        model.refresh();
    }
    ConnectionLedger ledger;
    ConnectionModel model{&ledger};
};

} // namespace

class tst_ConnectionModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void snapshotsInsertUpdateAndRemoveInBulk();
    void valuesAreAnnouncedAtMostOnceASecond();
    void closedRowsStayThenLeave();
    void closedRowsAreCapped();
    void eventsCloseRowsAndKeepTheLastLatency();
    void filterAndSortWorkOnRawValues();
    void presentationFormatsAndColours();
};

void tst_ConnectionModel::snapshotsInsertUpdateAndRemoveInBulk()
{
    Table table;
    ConnectionModel &model = table.model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    table.apply(
        snapshot(2 * Second,
                 {connection(1, ConnectionState::Idle), connection(2, ConnectionState::InUse),
                  connection(3, ConnectionState::Connecting)}));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(inserted.size(), 1); // one insert for the whole snapshot
    QCOMPARE(ids(model), (QList<quint64>{1, 2, 3}));

    inserted.clear();
    changed.clear();
    table.apply(
        snapshot(3 * Second,
                 {connection(1, ConnectionState::InUse), connection(2, ConnectionState::Idle),
                  connection(3, ConnectionState::Idle), connection(4, ConnectionState::Connecting),
                  connection(5, ConnectionState::Connecting)}));
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(changed.size(), 1); // one dataChanged for every row
    QCOMPARE(model.info(model.rowOf(1)).state, ConnectionState::InUse);
    const QModelIndex age = model.index(model.rowOf(1), ConnectionModel::AgeColumn);
    QCOMPARE(age.data().toLongLong(), 2 * Second);
}

void tst_ConnectionModel::valuesAreAnnouncedAtMostOnceASecond()
{
    Table table;
    ConnectionModel &model = table.model;
    model.setChangeIntervalMs(ConnectionModel::DefaultChangeIntervalMs);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    // The first change shows at once.
    table.apply(snapshot(2 * Second, {connection(1, ConnectionState::Idle)}));
    QCOMPARE(changed.size(), 1);

    // The next ones, ten snapshots a second, wait for the end of the interval, together; rows
    // still come at once.
    table.apply(
        snapshot(2 * Second + 100'000'000,
                 {connection(1, ConnectionState::InUse), connection(2, ConnectionState::Idle)}));
    table.apply(
        snapshot(2 * Second + 200'000'000,
                 {connection(1, ConnectionState::Idle), connection(2, ConnectionState::InUse)}));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(inserted.size(), 2);
    QCOMPARE(model.rowCount(), 2);

    // The last state is announced when the interval is up, once for both snapshots.
    QVERIFY(changed.wait(10'000));
    QCOMPARE(changed.size(), 2);
    const auto row = changed.last();
    QCOMPARE(row.at(0).toModelIndex().row(), 0);
    QCOMPARE(row.at(1).toModelIndex().row(), 1);
    QCOMPARE(model.info(model.rowOf(2)).state, ConnectionState::InUse);
    QVERIFY(!changed.wait(ConnectionModel::DefaultChangeIntervalMs * 2));
}

void tst_ConnectionModel::closedRowsStayThenLeave()
{
    Table table;
    ConnectionModel &model = table.model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setClosedRetentionNs(10 * Second);
    table.apply(
        snapshot(2 * Second,
                 {connection(1, ConnectionState::Idle), connection(2, ConnectionState::Idle),
                  connection(3, ConnectionState::Idle)}));
    ConnectionInfo closed = connection(2, ConnectionState::Closed);
    closed.closedNs = 3 * Second;
    closed.closeReason = EvictionReason::IdleTimeout;
    table.apply(snapshot(
        4 * Second,
        {connection(1, ConnectionState::Idle), closed, connection(3, ConnectionState::Idle)}));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.info(model.rowOf(2)).state, ConnectionState::Closed);

    // Ten seconds after it closed it leaves; the pool still lists it, but it stays gone.
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    table.apply(snapshot(
        14 * Second,
        {connection(1, ConnectionState::Idle), closed, connection(3, ConnectionState::Idle)}));
    QCOMPARE(ids(model), (QList<quint64>{1, 3}));
    QCOMPARE(removed.size(), 1);
    table.apply(snapshot(
        15 * Second,
        {connection(1, ConnectionState::Idle), closed, connection(3, ConnectionState::Idle)}));
    QCOMPARE(ids(model), (QList<quint64>{1, 3}));

    // A connection that vanished from the snapshot without a close is shown closed.
    table.apply(snapshot(16 * Second, {connection(3, ConnectionState::Idle)}));
    QCOMPARE(model.info(model.rowOf(1)).state, ConnectionState::Closed);
}

void tst_ConnectionModel::closedRowsAreCapped()
{
    Table table;
    ConnectionModel &model = table.model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QList<ConnectionInfo> list;
    const int total = ConnectionModel::MaxClosedRows + 100;
    for (int i = 1; i <= total; ++i) {
        ConnectionInfo info = connection(quint64(i), ConnectionState::Closed);
        info.closedNs = Second + i;
        list << info;
    }
    list << connection(quint64(total + 1), ConnectionState::InUse);
    table.apply(snapshot(2 * Second, list));
    QCOMPARE(model.rowCount(), ConnectionModel::MaxClosedRows + 1);
    // The oldest closings went.
    QCOMPARE(model.rowOf(1), -1);
    QVERIFY(model.rowOf(quint64(total)) >= 0);
    QVERIFY(model.rowOf(quint64(total + 1)) >= 0);
}

void tst_ConnectionModel::eventsCloseRowsAndKeepTheLastLatency()
{
    Table table;
    ConnectionModel &model = table.model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    table.apply(snapshot(2 * Second, {connection(1, ConnectionState::InUse)}));
    PoolEvent released;
    released.kind = EventKind::Released;
    released.connectionId = 1;
    released.holdNs = 4'200'000;
    PoolEvent evicted;
    evicted.kind = EventKind::Evicted;
    evicted.connectionId = 1;
    evicted.timeNs = 2 * Second + 5;
    evicted.reason = EvictionReason::PeerClosed;
    table.addEvents({released, evicted});
    // The snapshot taken just before the close does not reopen the row.
    table.apply(snapshot(2 * Second + 10, {connection(1, ConnectionState::Idle)}));
    QCOMPARE(model.info(0).state, ConnectionState::Closed);
    QCOMPARE(model.info(0).closeReason, EvictionReason::PeerClosed);
    QCOMPARE(model.index(0, ConnectionModel::LastRequestColumn).data().toLongLong(), 4'200'000);
}

void tst_ConnectionModel::filterAndSortWorkOnRawValues()
{
    Table table;
    ConnectionModel &model = table.model;
    ConnectionFilterModel filter;
    filter.setSourceModel(&model);
    QAbstractItemModelTester sourceTester(&model,
                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester filterTester(&filter,
                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    QList<ConnectionInfo> list;
    for (quint64 id = 1; id <= 12; ++id) {
        ConnectionInfo info
            = connection(id, id % 3 ? ConnectionState::Idle : ConnectionState::InUse);
        info.useCount = id == 2 ? 1000 : id; // 1000 sorts after 12 only as a number
        list << info;
    }
    table.apply(snapshot(2 * Second, list));
    filter.sort(ConnectionModel::UsesColumn, Qt::DescendingOrder);
    QCOMPARE(filter.index(0, 0).data(ConnectionModel::ConnectionIdRole).toULongLong(), 2u);

    filter.setActivities({Presentation::Activity::InUse});
    QCOMPARE(filter.rowCount(), 4);
    filter.setActivities({});
    QCOMPARE(filter.rowCount(), 12);
    // Live updates go through the filter too.
    filter.setActivities({Presentation::Activity::InUse});
    for (ConnectionInfo &info : list)
        info.state = ConnectionState::InUse;
    table.apply(snapshot(3 * Second, list));
    QCOMPARE(filter.rowCount(), 12);
}

void tst_ConnectionModel::presentationFormatsAndColours()
{
    Table table;
    ConnectionModel &model = table.model;
    ConnectionFilterModel filter;
    ConnectionPresentationModel presentation;
    filter.setSourceModel(&model);
    presentation.setSourceModel(&filter);
    QAbstractItemModelTester tester(&presentation,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    ConnectionInfo info = connection(7, ConnectionState::Closed);
    info.closedNs = 2 * Second;
    info.closeReason = EvictionReason::PeerClosed;
    info.bytesIn = 2048;
    info.rttUs = 1500;
    table.apply(snapshot(3 * Second, {info, connection(8, ConnectionState::InUse)}));
    const auto text
        = [&](int row, int column) { return presentation.index(row, column).data().toString(); };
    QCOMPARE(text(0, ConnectionModel::IdColumn), u"#7"_s);
    QCOMPARE(text(0, ConnectionModel::StateColumn), u"closed"_s);
    QCOMPARE(text(0, ConnectionModel::CloseReasonColumn), u"peer closed"_s);
    QCOMPARE(text(0, ConnectionModel::BytesInColumn), u"2.0 KiB"_s);
    QCOMPARE(text(0, ConnectionModel::RttColumn), u"1.50 ms"_s);
    QCOMPARE(text(0, ConnectionModel::BytesOutColumn), QString()); // unknown, not "-1"
    QCOMPARE(text(1, ConnectionModel::StateColumn), u"in use"_s);
    // The state's colour as a swatch, the same icon each time (a new one per paint would fill
    // Qt's pixmap cache).
    const auto swatch = [&](int row) {
        return presentation.index(row, ConnectionModel::StateColumn)
            .data(Qt::DecorationRole)
            .value<QIcon>();
    };
    QCOMPARE(swatch(1).pixmap(16).toImage().pixelColor(8, 8),
             Presentation::activityColor(Presentation::Activity::InUse));
    QCOMPARE(swatch(1).cacheKey(), swatch(1).cacheKey());
    QVERIFY(swatch(0).cacheKey() != swatch(1).cacheKey());
    QVERIFY(presentation.index(0, 0).data(Qt::ForegroundRole).isValid()); // greyed
    QCOMPARE(presentation.headerData(ConnectionModel::RttColumn, Qt::Horizontal).toString(),
             u"TCP RTT"_s);
}

QTEST_MAIN(tst_ConnectionModel)
#include "tst_connectionmodel.moc"

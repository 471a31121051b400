#include "eventlogmodel.h"
#include "eventlogpanel.h"
#include "eventpresentationmodel.h"

#include <QAbstractItemModelTester>
#include <QBuffer>
#include <QComboBox>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

QList<PoolEvent> events(quint64 first, int count, EventKind kind = EventKind::Acquired)
{
    QList<PoolEvent> list;
    for (int i = 0; i < count; ++i) {
        PoolEvent e;
        e.kind = kind;
        e.timeNs = qint64(first + quint64(i)) * 1000;
        e.connectionId = 1 + (first + quint64(i)) % 3;
        e.generation = 1;
        e.message = u"n%1"_s.arg(first + quint64(i));
        list << e;
    }
    return list;
}

QString messageAt(const EventLogModel &model, int row)
{
    return model.event(row).message;
}

} // namespace

class tst_EventLogModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void newestFirstInOneInsertPerBatch();
    void ringStaysBounded();
    void filtersByKindAndConnection();
    void pauseFreezesTheRows();
    void exportsWhatTheFilterShows();
    void presentationSaysWhatHappened();
    void problemsAreWhatWentWrong();
    void queuedWaiterSaysWhy();
};

void tst_EventLogModel::newestFirstInOneInsertPerBatch()
{
    EventLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.addEvents(events(0, 5));
    model.addEvents(events(5, 3));
    QCOMPARE(inserted.size(), 2);
    QCOMPARE(model.rowCount(), 8);
    QCOMPARE(messageAt(model, 0), u"n7"_s);
    QCOMPARE(messageAt(model, 7), u"n0"_s);
}

void tst_EventLogModel::ringStaysBounded()
{
    EventLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCapacity(100);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    for (int batch = 0; batch < 10; ++batch)
        model.addEvents(events(quint64(batch) * 30, 30));
    QCOMPARE(model.rowCount(), 100);
    QCOMPARE(model.storedCount(), 100);
    QCOMPARE(model.receivedCount(), 300u);
    QCOMPARE(messageAt(model, 0), u"n299"_s);
    QCOMPARE(messageAt(model, 99), u"n200"_s);
    QVERIFY(removed.size() <= 10); // at most one remove per batch
    // A batch larger than the ring keeps its newest events.
    model.addEvents(events(1000, 250));
    QCOMPARE(model.rowCount(), 100);
    QCOMPARE(messageAt(model, 0), u"n1249"_s);
    QCOMPARE(messageAt(model, 99), u"n1150"_s);
}

void tst_EventLogModel::filtersByKindAndConnection()
{
    EventLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addEvents(events(0, 30, EventKind::Acquired) + events(30, 30, EventKind::Evicted));
    model.setKindFilter({EventKind::Evicted});
    QCOMPARE(model.rowCount(), 30);
    model.setConnectionFilter(2);
    QCOMPARE(model.rowCount(), 10);
    for (int row = 0; row < model.rowCount(); ++row) {
        QCOMPARE(model.event(row).kind, EventKind::Evicted);
        QCOMPARE(model.event(row).connectionId, 2u);
    }
    // New events pass through the filter as they come.
    model.addEvents(events(60, 30, EventKind::Evicted));
    QCOMPARE(model.rowCount(), 20);
    model.setKindFilter({});
    model.setConnectionFilter(0);
    QCOMPARE(model.rowCount(), 90);
}

void tst_EventLogModel::pauseFreezesTheRows()
{
    EventLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCapacity(50);
    model.addEvents(events(0, 40));
    model.setPaused(true);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    model.addEvents(events(40, 100));
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(removed.size(), 0);
    QCOMPARE(model.rowCount(), 40);
    QCOMPARE(messageAt(model, 0), u"n39"_s); // what was there, though the ring moved on
    model.setPaused(false);
    QCOMPARE(model.rowCount(), 50);
    QCOMPARE(messageAt(model, 0), u"n139"_s);
}

void tst_EventLogModel::exportsWhatTheFilterShows()
{
    EventLogModel model;
    model.addEvents(events(0, 6));
    model.setConnectionFilter(1);
    QBuffer json;
    json.open(QIODevice::WriteOnly);
    model.writeJsonLines(&json);
    const QList<QByteArray> lines = json.data().trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    const auto first = PoolEvent::fromJson(QJsonDocument::fromJson(lines[0]).object());
    QVERIFY(first);
    QCOMPARE(first->message, u"n0"_s); // oldest first

    PoolEvent quoted = events(9, 1).constFirst();
    quoted.connectionId = 1;
    quoted.message = u"say \"hi\", twice"_s;
    model.addEvents({quoted});
    QBuffer csv;
    csv.open(QIODevice::WriteOnly);
    model.writeCsv(&csv);
    const QList<QByteArray> rows = csv.data().trimmed().split('\n');
    QCOMPARE(rows.size(), 4); // header and three events
    QVERIFY(rows[0].startsWith("t_ns,kind,conn"));
    QVERIFY(rows[3].endsWith("\"say \"\"hi\"\", twice\""));
}

void tst_EventLogModel::presentationSaysWhatHappened()
{
    EventLogModel model;
    EventPresentationModel presentation;
    presentation.setSourceModel(&model);
    presentation.setEpochNs(1'000'000'000);
    QAbstractItemModelTester tester(&presentation,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    PoolEvent evicted;
    evicted.kind = EventKind::Evicted;
    evicted.timeNs = 3'500'000'000;
    evicted.connectionId = 4;
    evicted.reason = EvictionReason::PeerClosed;
    evicted.ageNs = 2'000'000'000;
    model.addEvents({evicted});
    QCOMPARE(presentation.index(0, EventLogModel::TimeColumn).data().toString(), u"2.500 s"_s);
    QCOMPARE(presentation.index(0, EventLogModel::KindColumn).data().toString(), u"evicted"_s);
    QCOMPARE(presentation.index(0, EventLogModel::ConnectionColumn).data().toString(), u"#4"_s);
    QVERIFY(presentation.index(0, EventLogModel::DetailColumn)
                .data()
                .toString()
                .startsWith(u"peer closed, age 2.0 s"_s));
    QVERIFY(presentation.index(0, EventLogModel::DetailColumn).data(Qt::ForegroundRole).isValid());
}

void tst_EventLogModel::problemsAreWhatWentWrong()
{
    const auto evicted = [](EvictionReason reason) {
        PoolEvent e;
        e.kind = EventKind::Evicted;
        e.connectionId = 1;
        e.reason = reason;
        return e;
    };
    const auto of = [](EventKind kind) {
        PoolEvent e;
        e.kind = kind;
        return e;
    };
    // The pool's routine: a lesson's idle and lifetime closes, an unpooled run, a flush.
    const QList<PoolEvent> routine{
        evicted(EvictionReason::IdleTimeout),
        evicted(EvictionReason::MaxLifetime),
        evicted(EvictionReason::SingleUse),
        evicted(EvictionReason::NotReusable),
        evicted(EvictionReason::MadeRoom),
        evicted(EvictionReason::Shrink),
        evicted(EvictionReason::AddressChanged),
        evicted(EvictionReason::TlsChanged),
        evicted(EvictionReason::Cleared),
        evicted(EvictionReason::Shutdown),
        of(EventKind::WaiterQueued),
        of(EventKind::WaiterCancelled),
        of(EventKind::DialStarted),
        of(EventKind::SettingsChanged),
    };
    const QList<PoolEvent> wrong{
        evicted(EvictionReason::PeerClosed),
        evicted(EvictionReason::SocketError),
        evicted(EvictionReason::KeepAliveTimeout),
        evicted(EvictionReason::StaleCheckFailed),
        evicted(EvictionReason::UnexpectedData),
        evicted(EvictionReason::Broken),
        of(EventKind::DialFailed),
        of(EventKind::WaiterTimedOut),
        of(EventKind::WaiterFailed),
        of(EventKind::Misuse),
    };
    for (const PoolEvent &e : routine)
        QVERIFY2(!EventLogModel::isProblem(e), qPrintable(enumName(e.kind) + enumName(e.reason)));
    for (const PoolEvent &e : wrong)
        QVERIFY2(EventLogModel::isProblem(e), qPrintable(enumName(e.kind) + enumName(e.reason)));

    // The panel's Problems preset shows those and nothing else.
    EventLogPanel panel;
    QAbstractItemModelTester tester(panel.model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    panel.addEvents(routine + wrong);
    auto *kinds = panel.findChild<QComboBox *>(u"eventKindFilter"_s);
    QVERIFY(kinds);
    kinds->setCurrentIndex(kinds->findText(u"Problems"_s));
    QVERIFY(panel.model()->isProblemsOnly());
    QCOMPARE(panel.model()->rowCount(), wrong.size());
    // Single kinds show every event of the kind again, routine closes included.
    kinds->setCurrentIndex(kinds->findText(u"evicted"_s));
    QVERIFY(!panel.model()->isProblemsOnly());
    QCOMPARE(panel.model()->rowCount(), 10 + 6);
}

void tst_EventLogModel::queuedWaiterSaysWhy()
{
    EventLogModel model;
    EventPresentationModel presentation;
    presentation.setSourceModel(&model);
    PoolEvent queued;
    queued.kind = EventKind::WaiterQueued;
    queued.waiterId = 7;
    queued.dialError = DialError::Refused;
    queued.message = u"dials are failing, so the pool waits out its back-off before the next one"_s;
    model.addEvents({queued});
    const QString detail = presentation.index(0, EventLogModel::DetailColumn).data().toString();
    QCOMPARE(detail,
             u"waiter 7 queued: dials are failing, so the pool waits out its back-off "
             "before the next one (last dial: connection refused)"_s);
    QVERIFY(!detail.contains(u"busy"_s));
}

QTEST_MAIN(tst_EventLogModel)
#include "tst_eventlogmodel.moc"

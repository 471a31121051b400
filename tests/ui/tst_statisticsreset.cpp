// Starting a lesson from zero, and the requests' timing: the window on a real session on the
// lab, driven by clicks, under the offscreen platform.
#include "connectionledger.h"
#include "eventlogmodel.h"
#include "eventlogpanel.h"
#include "feedstate.h"
#include "mainwindow.h"
#include "requestlistmodel.h"
#include "requestsview.h"
#include "scrollingchart.h"
#include "session.h"
#include "statisticsview.h"
#include "timelinecharts.h"
#include "workloadpanel.h"

#include <QAbstractItemModelTester>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

constexpr int Patience = 15'000; // ms: generous, for a loaded CI machine

struct Fixture
{
    Fixture()
    {
        session = std::make_unique<Session>();
        pool = session->open(SessionProfile::embeddedDefault(), true);
        window = std::make_unique<MainWindow>(session.get(), pool);
        window->resize(1400, 900);
        window->show();
        tester = std::make_unique<QAbstractItemModelTester>(
            window->requestsView()->model(),
            QAbstractItemModelTester::FailureReportingMode::QtTest);
    }

    void raise(const QString &dock) const { window->findChild<QDockWidget *>(dock)->raise(); }
    StatisticsView *statistics() const { return window->statisticsView(); }
    RequestListModel *requests() const { return window->requestsView()->model(); }
    // A figure of the statistics, as shown: "Requests</td><td align=right><b>123".
    quint64 shown(const QString &html, const QString &name) const
    {
        const QRegularExpression number(QRegularExpression::escape(name)
                                        + u"</td><td align=right><b>(\\d+)"_s);
        return number.match(html).captured(1).toULongLong();
    }
    int closedInLedger() const
    {
        int closed = 0;
        for (int i = 0; i < window->ledger().count(); ++i)
            closed += window->ledger().at(i).closed;
        return closed;
    }

    bool refusedDialInLedger() const
    {
        for (int i = 0; i < window->ledger().count(); ++i) {
            if (window->ledger().at(i).dialError != DialError::None)
                return true;
        }
        return false;
    }

    std::unique_ptr<Session> session;
    quint32 pool = 0;
    std::unique_ptr<MainWindow> window;
    std::unique_ptr<QAbstractItemModelTester> tester;
};

} // namespace

class tst_StatisticsReset : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void resetStatisticsStartsTheCountsAgain();
    void startFromZeroClearsWhatTheViewsGathered();
    void requestListShowsReuseAndNewConnections();
    void statisticsStayLowEnoughForASmallScreen();
    void aLessonsClosesFitASmallScreenUnwrapped();
};

void tst_StatisticsReset::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_StatisticsReset::resetStatisticsStartsTheCountsAgain()
{
    Fixture f;
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    f.raise(u"statisticsDock"_s);
    QTRY_VERIFY_WITH_TIMEOUT(f.shown(f.statistics()->requestsText(), u"Requests"_s) >= 400,
                             Patience);
    const quint64 saved = f.shown(f.statistics()->summaryText(), u"Handshakes saved"_s);
    QVERIFY(saved > 0);
    const qint64 since = f.statistics()->sinceNs();
    const int open = f.window->state()->stats().open;
    QVERIFY(open > 0);

    QTest::mouseClick(f.statistics()->resetButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(f.statistics()->sinceNs() > since, Patience);
    QTRY_VERIFY_WITH_TIMEOUT(f.shown(f.statistics()->requestsText(), u"Requests"_s) < 400
                                 && f.shown(f.statistics()->summaryText(), u"Handshakes saved"_s)
                                     < saved,
                             Patience);
    // The counters went, the connections stayed: no dial was needed to go on.
    const PoolStats &stats = f.window->state()->stats();
    QCOMPARE(stats.sinceNs, f.statistics()->sinceNs());
    QVERIFY(stats.open > 0);
    QCOMPARE(stats.generation, 1u);
    QVERIFY2(stats.dials < 2, qPrintable(QString::number(stats.dials)));
    // And then it counts on.
    QTRY_VERIFY_WITH_TIMEOUT(f.shown(f.statistics()->summaryText(), u"Handshakes saved"_s) > 20,
                             Patience);
}

void tst_StatisticsReset::startFromZeroClearsWhatTheViewsGathered()
{
    Fixture f;
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    QTRY_VERIFY_WITH_TIMEOUT(f.requests()->rowCount() > 0, Patience);
    // A restart leaves closed connections behind, in the table, the lanes and the log.
    f.session->restartLab(300);
    QTRY_VERIFY_WITH_TIMEOUT(f.closedInLedger() > 0, Patience);
    // Among them a refused dial, which the pool lists as closed a moment after its event.
    QTRY_VERIFY_WITH_TIMEOUT(f.refusedDialInLedger(), Patience);
    QTRY_VERIFY_WITH_TIMEOUT(f.window->timelineCharts()->occupancyChart()->shownPointCount(0) > 3,
                             Patience);
    const qint64 since = f.statistics()->sinceNs();
    QSet<quint64> closedBefore;
    for (int i = 0; i < f.window->ledger().count(); ++i) {
        if (f.window->ledger().at(i).closed)
            closedBefore.insert(f.window->ledger().at(i).id);
    }

    QTest::mouseClick(f.statistics()->startFromZeroButton(), Qt::LeftButton);
    QCOMPARE(f.window->eventLogPanel()->model()->rowCount(), 0);
    QCOMPARE(f.window->timelineCharts()->occupancyChart()->shownPointCount(0), 0);
    QCOMPARE(f.closedInLedger(), 0);
    QCOMPARE(f.requests()->rowCount(), 0);

    // The statistics follow once the pool has answered; the views fill again from now on,
    // and the connections closed before do not come back with the snapshots that still list
    // them as recently closed.
    QTRY_VERIFY_WITH_TIMEOUT(f.statistics()->sinceNs() > since, Patience);
    QTRY_VERIFY_WITH_TIMEOUT(f.requests()->rowCount() > 0, Patience);
    QTRY_VERIFY_WITH_TIMEOUT(f.window->eventLogPanel()->model()->rowCount() > 0, Patience);
    QSignalSpy feeds(f.session.get(), &Session::feedDelivered);
    QTRY_VERIFY_WITH_TIMEOUT(feeds.size() >= 10, Patience); // a few snapshots
    for (int i = 0; i < f.window->ledger().count(); ++i) {
        const quint64 id = f.window->ledger().at(i).id;
        QVERIFY2(!closedBefore.contains(id),
                 qPrintable(u"connection %1, cleared, came back"_s.arg(id)));
    }
}

void tst_StatisticsReset::requestListShowsReuseAndNewConnections()
{
    Fixture f;
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    f.raise(u"requestsDock"_s);
    RequestListModel *model = f.requests();
    QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() >= 20, Patience);
    // Pooled: the requests reuse connections, and a reused one has no dial in its timing.
    int reused = 0;
    for (int row = 0; row < model->rowCount(); ++row) {
        if (!model->record(row).reused)
            continue;
        ++reused;
        const RequestPhases &phases = model->phases(row);
        QCOMPARE(phases.ns(RequestPhases::Connect), 0);
        QCOMPARE(phases.ns(RequestPhases::Tls), 0);
        QVERIFY(phases.ns(RequestPhases::Waiting) > 0);
        QCOMPARE(phases.totalNs(), model->record(row).totalNs);
        QVERIFY(model->index(row, RequestListModel::ConnectionColumn)
                    .data()
                    .toString()
                    .contains(u"reused"_s));
    }
    QVERIFY(reused >= 10);

    // Unpooled: every request dials, and pays the lab's setup delay on its first answer.
    QTest::mouseClick(f.window->findChild<QRadioButton *>(u"workloadUnpooled"_s), Qt::LeftButton);
    const qint64 setupNs = SessionProfile::embeddedDefault().lab.setupDelayMs * 1'000'000;
    QVERIFY(setupNs > 0);
    QTRY_VERIFY_WITH_TIMEOUT(
        model->rowCount() > 0 && !model->record(0).reused && !model->record(1).reused, Patience);
    const RequestRecord &fresh = model->record(0);
    const RequestPhases &phases = model->phases(0);
    QVERIFY(phases.ns(RequestPhases::Connect) > 0);
    QVERIFY(phases.ns(RequestPhases::LabSetup) > 0);
    QVERIFY(phases.ns(RequestPhases::LabSetup) <= setupNs);
    QCOMPARE(phases.totalNs(), fresh.totalNs);
    QVERIFY(fresh.totalNs >= setupNs);
    QVERIFY(
        model->index(0, RequestListModel::ConnectionColumn).data().toString().contains(u"new"_s));
    QVERIFY(f.window->requestsView()->detailText().contains(u"new"_s));
    QVERIFY(f.window->requestsView()->detailText().contains(
        RequestPhases::name(RequestPhases::LabSetup)));
    // Drawn on one scale: the longest request listed.
    QVERIFY(model->longestNs() >= fresh.totalNs);
    QVERIFY(!f.window->requestsView()->table()->grab().isNull());
}

void tst_StatisticsReset::statisticsStayLowEnoughForASmallScreen()
{
    // What a 1280x720 window leaves the bottom docks by default (measured under window-shot):
    // about 1270 by 150 pixels.
    StatisticsView view;
    PoolStats stats;
    stats.sinceNs = 1'000'000'000;
    for (size_t i = 1; i < stats.evictions.size(); ++i)
        stats.evictions[i] = 10 * i; // every close reason at once: more columns, not more rows
    for (size_t i = 1; i < stats.dialFailuresByError.size(); ++i)
        stats.dialFailuresByError[i] = i;
    for (int i = 1; i < 100; ++i) {
        for (LatencyHistogram *h : {&stats.acquireWait, &stats.dialTime, &stats.tlsTime,
                                    &stats.holdTime, &stats.idleAtReuse, &stats.ageAtClose})
            h->record(qint64(i) * 12'345'678);
    }
    view.setStats(stats, 200'000'000'000);
    view.resize(1270, 150);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTRY_VERIFY(view.summaryText().contains(u"Handshakes saved"_s));
    QVERIFY2(view.minimumSizeHint().height() <= 150,
             qPrintable(QString::number(view.minimumSizeHint().height())));
    const QTableWidget *table = view.percentiles();
    const int tableBottom = table->mapTo(&view, QPoint(0, table->height())).y();
    QVERIFY2(tableBottom <= 150, qPrintable(QString::number(tableBottom)));
    QVERIFY(table->height()
            >= table->horizontalHeader()->height() + table->verticalHeader()->length());
}

void tst_StatisticsReset::aLessonsClosesFitASmallScreenUnwrapped()
{
    // Lesson (a), TLS then a comparison: four close reasons, each with a long name, and the
    // figures of a busy minute; six reasons fill the first column of closes.
    StatisticsView view;
    PoolStats stats;
    stats.sinceNs = 1'000'000'000;
    stats.acquisitions = 4'710;
    stats.dials = 353;
    for (EvictionReason reason :
         {EvictionReason::SingleUse, EvictionReason::TlsChanged, EvictionReason::MadeRoom,
          EvictionReason::IdleTimeout, EvictionReason::MaxLifetime, EvictionReason::PeerClosed})
        stats.evictions[size_t(reason)] = 338;
    for (int i = 1; i < 100; ++i) {
        for (LatencyHistogram *h : {&stats.acquireWait, &stats.dialTime, &stats.tlsTime,
                                    &stats.holdTime, &stats.idleAtReuse, &stats.ageAtClose})
            h->record(qint64(i) * 123'456'789);
    }
    view.setStats(stats, 200'000'000'000);
    view.setSimulatedHandshakeMs(30);
    view.resize(1270, 150);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTRY_VERIFY(view.closesLabel()->text().contains(u"TLS changed"_s));
    QVERIFY2(view.minimumSizeHint().width() <= 1270,
             qPrintable(QString::number(view.minimumSizeHint().width())));
    // The closes get all the width their longest reason takes, so none wraps.
    const QLabel *closes = view.closesLabel();
    QVERIFY2(closes->width() >= closes->sizeHint().width(),
             qPrintable(u"%1 < %2"_s.arg(closes->width()).arg(closes->sizeHint().width())));
    QVERIFY(closes->mapTo(&view, QPoint(closes->width(), 0)).x() <= 1270);
    QVERIFY(closes->sizeHint().height() <= 150);
}

QTEST_MAIN(tst_StatisticsReset)
#include "tst_statisticsreset.moc"

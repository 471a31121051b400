#include "compareview.h"
#include "connectionfiltermodel.h"
#include "connectionmodel.h"
#include "connectionpresentationmodel.h"
#include "connectionspanel.h"
#include "dialfailurebanner.h"
#include "eventlogmodel.h"
#include "eventlogpanel.h"
#include "eventpresentationmodel.h"
#include "feedstate.h"
#include "helpdialog.h"
#include "labpanel.h"
#include "lanespanel.h"
#include "laneview.h"
#include "mainwindow.h"
#include "poolsettingspanel.h"
#include "reachabilityview.h"
#include "scrollingchart.h"
#include "session.h"
#include "settingrow.h"
#include "statisticsview.h"
#include "targetbar.h"
#include "timelinecharts.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

constexpr int Patience = 10'000; // ms: generous, for a loaded CI machine

// A window on a running session, as `poolscope` opens it, with every model under a tester.
struct Fixture
{
    Fixture()
    {
        session = std::make_unique<Session>();
        pool = session->open(SessionProfile::embeddedDefault(), true);
        window = std::make_unique<MainWindow>(session.get(), pool);
        QObject::connect(window->state(), &FeedState::replied, window.get(),
                         [this](const SessionReply &reply) { replies << reply; });
        window->resize(1400, 900);
        window->show();
        const auto mode = QAbstractItemModelTester::FailureReportingMode::QtTest;
        ConnectionsPanel *connections = window->connectionsPanel();
        EventLogPanel *events = window->eventLogPanel();
        testers.emplace_back(new QAbstractItemModelTester(connections->model(), mode));
        testers.emplace_back(new QAbstractItemModelTester(connections->filterModel(), mode));
        testers.emplace_back(new QAbstractItemModelTester(connections->presentationModel(), mode));
        testers.emplace_back(new QAbstractItemModelTester(events->model(), mode));
        testers.emplace_back(new QAbstractItemModelTester(events->presentationModel(), mode));
    }

    // What the pool runs on, as the session applied it.
    PoolSettings poolSettings() const { return session->profile(pool).pool; }
    FeedState *state() const { return window->state(); }
    // The pool said it applied the settings (or refused them).
    bool poolAnswered(const QString &action) const
    {
        return std::any_of(replies.begin(), replies.end(),
                           [&](const SessionReply &r) { return r.action == action; });
    }
    bool started() const
    {
        return std::any_of(replies.begin(), replies.end(), [](const SessionReply &r) {
            return r.action == u"add_pool"_s && r.ok();
        });
    }

    // Clicks the tab of the control dock that holds the widget.
    void showControls(const QString &tab) const
    {
        auto *tabs = window->findChild<QTabWidget *>(u"controlTabs"_s);
        QTabBar *bar = tabs->tabBar();
        for (int i = 0; i < bar->count(); ++i) {
            if (bar->tabText(i) == tab)
                QTest::mouseClick(bar, Qt::LeftButton, {}, bar->tabRect(i).center());
        }
    }

    bool logHas(EventKind kind) const
    {
        const EventLogModel *log = window->eventLogPanel()->model();
        for (int row = 0; row < log->rowCount(); ++row) {
            if (log->event(row).kind == kind)
                return true;
        }
        return false;
    }

    std::unique_ptr<Session> session;
    quint32 pool = 0;
    std::unique_ptr<MainWindow> window;
    QList<SessionReply> replies;
    std::vector<std::unique_ptr<QAbstractItemModelTester>> testers;
};

// Replaces what a line edit holds, as a user would: focus, select all, type, Enter.
void typeInto(QLineEdit *edit, const QString &text)
{
    QTest::mouseClick(edit, Qt::LeftButton);
    edit->setFocus(Qt::MouseFocusReason);
    QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(edit, text);
    QTest::keyClick(edit, Qt::Key_Return);
}

QLineEdit *lineEditOf(SettingRow *row)
{
    return qobject_cast<QLineEdit *>(row->editor());
}

} // namespace

class tst_MainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void firstLaunchShowsRowsAndMovingViews();
    void maxConnectionsInThePanelChangesThePool();
    void invalidSettingsShowTheirMessageAndAreNotApplied_data();
    void invalidSettingsShowTheirMessageAndAreNotApplied();
    void labRestartShowsEvictionsInModelAndLog();
    void badTargetIsMarkedAndNotApplied();
    void selectingARowHighlightsItsLane();
    void shortcutsStartStopFlushAndPause();
    void badProfileGetsAClearMessage();
    void comparisonRunsBothHalves();
    void protocolAndTlsSwitchWithTheLab();
    void settingsAndLayoutAreKeptBetweenRuns();
    void unreachableTargetShowsTheBannerAndProbes();
    void otherViewsCanBeAdded();
    void everyViewHasAGuide();
    void docksBehindATabDoNoWork();
    void statusBarShowsTheLatestSnapshotOnceASecond();
};

void tst_MainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
}

void tst_MainWindow::firstLaunchShowsRowsAndMovingViews()
{
    Fixture f;
    QTRY_VERIFY_WITH_TIMEOUT(f.started(), Patience);
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    QVERIFY(f.state()->isWorkloadRunning());
    QTRY_VERIFY_WITH_TIMEOUT(f.window->connectionsPanel()->model()->rowCount() > 0, Patience);
    QTRY_VERIFY_WITH_TIMEOUT(f.window->eventLogPanel()->model()->rowCount() > 0, Patience);
    QTRY_VERIFY_WITH_TIMEOUT(f.window->lanesPanel()->view()->shownLaneCount() > 0, Patience);
    ScrollingChart *occupancy = f.window->timelineCharts()->occupancyChart();
    QTRY_VERIFY_WITH_TIMEOUT(occupancy->shownPointCount(0) > 3, Patience);
    // Requests flow: connections get used.
    QTRY_VERIFY_WITH_TIMEOUT(f.logHas(EventKind::Released), Patience);
    QVERIFY(f.window->windowTitle().contains(u"embedded lab"_s));
    // The statistics, once in front, count reuses: handshakes saved.
    f.window->findChild<QDockWidget *>(u"statisticsDock"_s)->raise();
    const QRegularExpression saved(u"Handshakes saved</td><td align=right><b>(\\d+)"_s);
    QTRY_VERIFY_WITH_TIMEOUT(
        saved.match(f.window->statisticsView()->summaryText()).captured(1).toInt() > 0, Patience);
}

void tst_MainWindow::maxConnectionsInThePanelChangesThePool()
{
    Fixture f;
    QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
    f.showControls(u"Pool settings"_s);
    SettingRow *row = f.window->poolSettingsPanel()->row(u"max_connections"_s);
    QVERIFY(row);
    QTRY_VERIFY(row->isVisible());
    QCOMPARE(f.poolSettings().maxConnections, 8);
    const auto openOrDialing = [&] {
        const PoolStats &stats = f.state()->stats();
        return stats.open + stats.dialing;
    };
    // More than three open first (the default workload and min idle make six), as a snapshot
    // has shown them: a window that has had no snapshot yet shows none.
    QTRY_VERIFY_WITH_TIMEOUT(openOrDialing() > 3, Patience);
    typeInto(lineEditOf(row), u"3"_s);
    QTRY_COMPARE_WITH_TIMEOUT(f.poolSettings().maxConnections, 3, Patience);
    QCOMPARE(row->error(), QString());
    QTRY_COMPARE_WITH_TIMEOUT(f.state()->profile().pool.maxConnections, 3, Patience);
    // The pool obeys it: the extra connections go, and no more than three stay, the workload
    // still on some.
    QTRY_VERIFY_WITH_TIMEOUT(openOrDialing() > 0 && openOrDialing() <= 3, Patience);
}

void tst_MainWindow::invalidSettingsShowTheirMessageAndAreNotApplied_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("fixed");
    QTest::newRow("zero connections")
        << u"max_connections"_s << u"0"_s
        << u"max_connections: 0 is out of range; accepted: 1 to 10000"_s << u"2"_s;
    QTest::newRow("not a number") << u"acquire_timeout_ms"_s << u"soon"_s
                                  << u"acquire_timeout_ms: \"soon\" is not a whole number"_s
                                  << u"2000"_s;
    QTest::newRow("min idle above max")
        << u"min_idle"_s << u"50"_s << u"min_idle: 50 is above max_connections"_s << u"1"_s;
}

void tst_MainWindow::invalidSettingsShowTheirMessageAndAreNotApplied()
{
    QFETCH(QString, key);
    QFETCH(QString, typed);
    QFETCH(QString, message);
    QFETCH(QString, fixed);
    Fixture f;
    QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
    f.showControls(u"Pool settings"_s);
    const PoolSettings before = f.poolSettings();
    SettingRow *row = f.window->poolSettingsPanel()->row(key);
    QTRY_VERIFY(row->isVisible());
    typeInto(lineEditOf(row), typed);
    QTRY_VERIFY2(row->error().contains(message), qPrintable(row->error()));
    auto *label = row->findChild<QLabel *>(u"error_"_s + key);
    QVERIFY(label);
    QVERIFY(label->isVisible());
    QVERIFY(label->text().contains(message));
    QCOMPARE(f.poolSettings(), before);
    // Fixing the value clears the message and applies it.
    typeInto(lineEditOf(row), fixed);
    QTRY_COMPARE(row->error(), QString());
    QVERIFY(!label->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(!(f.poolSettings() == before), Patience);
}

void tst_MainWindow::labRestartShowsEvictionsInModelAndLog()
{
    Fixture f;
    QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
    ConnectionModel *model = f.window->connectionsPanel()->model();
    QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() >= 2, Patience);
    f.showControls(u"Lab"_s);
    QPushButton *restart = f.window->labPanel()->restartButton();
    QTRY_VERIFY(restart->isVisible());
    // The target's badge says when the lab is down, as each change of the lab arrives.
    const auto *badge = f.window->findChild<QLabel *>(u"targetBadge"_s);
    QStringList badges;
    connect(f.state(), &FeedState::labListeningChanged, badge, [&] { badges << badge->text(); });
    QTest::mouseClick(restart, Qt::LeftButton);

    // The pool finds its connections closed by the peer: greyed rows with the reason, and
    // eviction events in the log.
    const auto closedByRestart = [&] {
        for (int row = 0; row < model->rowCount(); ++row) {
            const ConnectionInfo &info = model->info(row);
            if (info.state == ConnectionState::Closed
                && (info.closeReason == EvictionReason::PeerClosed
                    || info.closeReason == EvictionReason::SocketError
                    || info.closeReason == EvictionReason::Broken
                    || info.closeReason == EvictionReason::StaleCheckFailed))
                return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(closedByRestart(), Patience);
    QTRY_VERIFY_WITH_TIMEOUT(f.logHas(EventKind::Evicted), Patience);
    QTRY_VERIFY_WITH_TIMEOUT(badges.size() >= 2, Patience);
    QVERIFY2(badges[0].contains(u"lab down"_s), qPrintable(badges.join(u" | "_s)));
    QVERIFY2(!badges.constLast().contains(u"down"_s), qPrintable(badges.join(u" | "_s)));
    // The lanes read the same ledger as the table: they show the same closes.
    const ConnectionLedger &ledger = f.window->ledger();
    for (int row = 0; row < model->rowCount(); ++row) {
        const ConnectionInfo &info = model->info(row);
        const int lane = ledger.indexOf(info.id);
        QVERIFY(lane >= 0);
        QCOMPARE(ledger.at(lane).closed, info.state == ConnectionState::Closed);
    }
    // And once the lab listens again the pool dials new connections.
    QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() > 0
                                 && model->info(model->rowCount() - 1).state
                                     != ConnectionState::Closed,
                             Patience);
}

void tst_MainWindow::badTargetIsMarkedAndNotApplied()
{
    Fixture f;
    QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
    const PoolSettings before = f.poolSettings();
    QLineEdit *target = f.window->targetBar()->targetEdit();
    typeInto(target, u"nowhere"_s);
    QTRY_VERIFY(f.window->targetBar()->error().contains(u"no port"_s));
    QVERIFY(f.window->targetBar()->findChild<QLabel *>(u"targetError"_s)->isVisible());
    QCOMPARE(f.poolSettings(), before);
    QVERIFY(f.state()->targetsLab());
}

void tst_MainWindow::selectingARowHighlightsItsLane()
{
    Fixture f;
    QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
    QTableView *table = f.window->connectionsPanel()->view();
    QTRY_VERIFY_WITH_TIMEOUT(table->model()->rowCount() > 1, Patience);
    const QModelIndex index = table->model()->index(1, 0);
    const quint64 id = index.data(ConnectionModel::ConnectionIdRole).toULongLong();
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(index).center());
    QTRY_COMPARE(f.window->lanesPanel()->view()->highlightedConnection(), id);
}

void tst_MainWindow::shortcutsStartStopFlushAndPause()
{
    Fixture f;
    QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
    QTRY_VERIFY_WITH_TIMEOUT(f.started(), Patience);
    QVERIFY(f.session->config(f.pool)->workloadRunning);
    QTest::keyClick(f.window.get(), Qt::Key_F5);
    QVERIFY(!f.session->config(f.pool)->workloadRunning);
    QTRY_VERIFY_WITH_TIMEOUT(!f.state()->isWorkloadRunning(), Patience);
    QTest::keyClick(f.window.get(), Qt::Key_F5);
    QVERIFY(f.session->config(f.pool)->workloadRunning);
    QTRY_VERIFY_WITH_TIMEOUT(f.state()->isWorkloadRunning(), Patience);

    QTest::keyClick(f.window.get(), Qt::Key_F, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_COMPARE_WITH_TIMEOUT(f.state()->stats().generation, 2u, Patience);
    QTRY_VERIFY_WITH_TIMEOUT(f.logHas(EventKind::Cleared), Patience);

    QTest::keyClick(f.window.get(), Qt::Key_F8);
    QVERIFY(f.window->viewsPaused());
    QVERIFY(f.window->timelineCharts()->isPaused());
    QVERIFY(f.window->lanesPanel()->view()->isPaused());
    QVERIFY(f.window->eventLogPanel()->isPaused());
    const int frozen = f.window->eventLogPanel()->model()->rowCount();
    QSignalSpy deliveries(f.session.get(), &Session::feedDelivered);
    QTRY_VERIFY_WITH_TIMEOUT(deliveries.size() >= 3, Patience);
    QCOMPARE(f.window->eventLogPanel()->model()->rowCount(), frozen);
    QTest::keyClick(f.window.get(), Qt::Key_F8);
    QVERIFY(!f.window->viewsPaused());
    QVERIFY(!f.window->eventLogPanel()->isPaused());
}

void tst_MainWindow::badProfileGetsAClearMessage()
{
    Fixture f;
    QTemporaryDir dir;
    const QString path = dir.filePath(u"bad.json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"pool": {"max_connections": 99999}, "workload": {"concurrency": 2}})");
    file.close();
    const PoolSettings before = f.poolSettings();
    const QString error = f.window->loadProfile(path, false);
    QVERIFY2(error.contains(u"pool.max_connections: 99999 is out of range"_s), qPrintable(error));
    QVERIFY(error.contains(u"nothing was changed"_s));
    QCOMPARE(f.poolSettings(), before);
    QCOMPARE(f.session->profile(f.pool).load.concurrency, 4);

    // A good one applies, everywhere.
    SessionProfile good = SessionProfile::embeddedDefault();
    good.pool.maxConnections = 5;
    good.load.concurrency = 2;
    QString writeError;
    QVERIFY(good.writeFile(path, &writeError));
    QCOMPARE(f.window->loadProfile(path, false), QString());
    QTRY_COMPARE(f.poolSettings().maxConnections, 5);
    QCOMPARE(f.session->profile(f.pool).load.concurrency, 2);
    SettingRow *row = f.window->poolSettingsPanel()->row(u"max_connections"_s);
    QTRY_COMPARE_WITH_TIMEOUT(lineEditOf(row)->text(), u"5"_s, Patience);
}

void tst_MainWindow::comparisonRunsBothHalves()
{
    Fixture f;
    QTRY_VERIFY_WITH_TIMEOUT(f.started(), Patience);
    CompareView *compare = f.window->compareView();
    compare->findChild<QDoubleSpinBox *>(u"compareSeconds"_s)->setValue(1);
    auto *dock = f.window->findChild<QDockWidget *>(u"compareDock"_s);
    dock->raise();
    QTRY_VERIFY(compare->runButton()->isVisible());
    QTest::mouseClick(compare->runButton(), Qt::LeftButton);
    QVERIFY(compare->isRunning());
    // The halves have the backend to themselves.
    QVERIFY(!f.session->config(f.pool)->workloadRunning);
    QTRY_VERIFY_WITH_TIMEOUT(!compare->isRunning(), 4 * Patience);
    QVERIFY2(compare->resultText().contains(u"times</b> as long"_s),
             qPrintable(compare->resultText()));
    QVERIFY(f.session->config(f.pool)->workloadRunning);
}

void tst_MainWindow::protocolAndTlsSwitchWithTheLab()
{
    Fixture f;
    QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
    QTRY_VERIFY_WITH_TIMEOUT(f.started(), Patience);
    QList<LoadProgress> progress;
    connect(f.session.get(), &Session::feedDelivered, this, [&](const SessionFeed &feed) {
        if (const PoolFeed *pool = feed.pool(f.pool))
            progress += pool->workload;
    });
    auto *protocol = f.window->findChild<QComboBox *>(u"targetProtocol"_s);
    QCOMPARE(protocol->currentText(), u"http"_s);
    // Down on a closed combo box picks the next entry, as a user's arrow key would.
    protocol->setFocus(Qt::TabFocusReason);
    QTest::keyClick(protocol, Qt::Key_Down);
    QCOMPARE(protocol->currentText(), u"redis"_s);
    QCOMPARE(f.session->profile(f.pool).lab.protocol, ProtocolKind::Redis);
    QCOMPARE(f.session->profile(f.pool).load.protocol.kind, ProtocolKind::Redis);
    QTRY_COMPARE_WITH_TIMEOUT(f.state()->profile().lab.protocol, ProtocolKind::Redis, Patience);

    auto *tls = f.window->findChild<QCheckBox *>(u"targetTls"_s);
    QTest::mouseClick(tls, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(f.poolSettings().tls, Patience);
    QVERIFY(f.session->profile(f.pool).lab.tls);
    QTRY_VERIFY_WITH_TIMEOUT(f.state()->profile().pool.tls, Patience);
    // New connections do a real TLS handshake and requests keep succeeding over it.
    const auto tlsDial = [&] {
        const EventLogModel *log = f.window->eventLogPanel()->model();
        for (int row = 0; row < log->rowCount(); ++row) {
            if (log->event(row).kind == EventKind::DialSucceeded && log->event(row).tlsNs > 0)
                return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(tlsDial(), Patience);
    progress.clear();
    QTRY_VERIFY_WITH_TIMEOUT(progress.size() >= 3, Patience);
    QVERIFY(progress.last().intervalCompleted > 0);
    QCOMPARE(progress.last().intervalFailed, 0u);
}

void tst_MainWindow::settingsAndLayoutAreKeptBetweenRuns()
{
    QSettings().clear();
    {
        Fixture f;
        QTRY_VERIFY_WITH_TIMEOUT(f.started(), Patience);
        PoolSettings settings = f.session->profile(f.pool).pool;
        settings.maxConnections = 6;
        f.session->setPoolSettings(f.pool, settings);
        QTRY_VERIFY_WITH_TIMEOUT(f.poolAnswered(u"set_pool_settings"_s), Patience);
        f.window->findChild<QDockWidget *>(u"statisticsDock"_s)->raise();
        f.window->close();
    }
    QSettings settings;
    const SessionProfile restored = SessionProfile::restore(settings);
    QCOMPARE(restored.pool.maxConnections, 6);
    QVERIFY(restored.targetsLab);
    QVERIFY(!settings.value(u"window/state"_s).toByteArray().isEmpty());
    QSettings().clear();
}

void tst_MainWindow::unreachableTargetShowsTheBannerAndProbes()
{
    Fixture f;
    QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
    DialFailureBanner *banner = f.window->dialFailureBanner();
    QVERIFY(!banner->isVisible());
    // A port nothing listens on: the lab's, once the lab is gone.
    QTRY_VERIFY_WITH_TIMEOUT(f.started(), Patience);
    const int port = f.state()->profile().lab.port;
    f.session->stopLab();
    QTRY_VERIFY_WITH_TIMEOUT(f.poolAnswered(u"stop_lab"_s), Patience);
    typeInto(f.window->targetBar()->targetEdit(), u"127.0.0.1:%1"_s.arg(port));
    QTRY_VERIFY_WITH_TIMEOUT(!f.state()->targetsLab(), Patience);
    QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), Patience);
    // Connections the lab reset as it stopped may be early closes (reset) before the first
    // refused dial.
    QTRY_COMPARE_WITH_TIMEOUT(banner->error(), DialError::Refused, Patience);
    QVERIFY(!banner->sentence().isEmpty());

    auto *probe = banner->findChild<QPushButton *>(u"runProbeButton"_s);
    QVERIFY(probe);
    QTest::mouseClick(probe, Qt::LeftButton);
    ReachabilityView *reachability = f.window->reachabilityView();
    QTRY_VERIFY(reachability->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(!reachability->isProbing(), Patience);
    QCOMPARE(reachability->poolSettings().port, port);
    QVERIFY(!reachability->verdict().sentence.isEmpty());
}

void tst_MainWindow::otherViewsCanBeAdded()
{
    Fixture f;
    auto *view = new QLabel(u"another view"_s);
    QDockWidget *dock = f.window->addView(view, u"Another"_s, u"anotherDock"_s);
    auto *connections = f.window->findChild<QDockWidget *>(u"connectionsDock"_s);
    QVERIFY(f.window->tabifiedDockWidgets(connections).contains(dock));
    QCOMPARE(dock->widget(), view);
}

void tst_MainWindow::everyViewHasAGuide()
{
    Fixture f;
    QStringList topics;
    for (int i = 0; i < HelpDialog::TopicCount; ++i) {
        const auto topic = HelpDialog::Topic(i);
        QVERIFY2(!HelpDialog::text(topic).isEmpty(), qPrintable(HelpDialog::title(topic)));
        topics << HelpDialog::title(topic);
    }
    // A view's dock title is the name of its guide in the Help menu; the controls dock has a
    // guide per tab (settings, workload, lab) instead.
    for (const QDockWidget *dock : f.window->findChildren<QDockWidget *>()) {
        const QString title = dock->windowTitle();
        if (title == u"Controls"_s)
            continue;
        QVERIFY2(topics.contains(title), qPrintable(u"no guide for the %1 view"_s.arg(title)));
    }
}

void tst_MainWindow::docksBehindATabDoNoWork()
{
    Fixture f;
    QTRY_VERIFY_WITH_TIMEOUT(f.started(), Patience);
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    auto *statistics = f.window->findChild<QDockWidget *>(u"statisticsDock"_s);
    auto *connections = f.window->findChild<QDockWidget *>(u"connectionsDock"_s);
    // Behind the connection table, the event log and the statistics are hidden (Qt counts a
    // dock behind a tab as visible), and the log records all the same.
    QTRY_VERIFY_WITH_TIMEOUT(f.window->eventLogPanel()->model()->rowCount() > 0, Patience);
    QVERIFY(!f.window->eventLogPanel()->isVisible());
    QVERIFY(!f.window->statisticsView()->isVisible());
    QVERIFY(f.window->connectionsPanel()->isVisible());
    // In front, a view shows; the one it covers no longer does.
    statistics->raise();
    QTRY_VERIFY(f.window->statisticsView()->isVisible());
    QVERIFY(!f.window->connectionsPanel()->isVisible());
    const QRegularExpression saved(u"Handshakes saved</td><td align=right><b>(\\d+)"_s);
    QTRY_VERIFY_WITH_TIMEOUT(
        saved.match(f.window->statisticsView()->summaryText()).captured(1).toInt() > 0, Patience);
    // And it keeps its place: the docks' layout does not change with what is in front.
    const int height = statistics->height();
    connections->raise();
    QTRY_VERIFY(f.window->connectionsPanel()->isVisible());
    QCOMPARE(connections->height(), height);
}

void tst_MainWindow::statusBarShowsTheLatestSnapshotOnceASecond()
{
    // A window on a session that runs nothing: the test feeds it, as the session would.
    Session session;
    constexpr quint32 PoolId = 1;
    MainWindow window(&session, PoolId);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *status = window.findChild<QLabel *>(u"statusPool"_s);
    QVERIFY(status);
    const auto feed = [&](int open) {
        SessionFeed delivery;
        PoolFeed &part = delivery.pools.emplace_back();
        part.pool = PoolId;
        PoolSnapshot snapshot;
        snapshot.stats.open = open;
        snapshot.stats.idle = open;
        part.snapshot = snapshot;
        window.showFeed(delivery);
    };
    // The first snapshot shows at once; the ones right after it wait for the end of the
    // second, and then the latest shows.
    feed(1);
    QVERIFY2(status->text().contains(u"1 open"_s), qPrintable(status->text()));
    feed(2);
    feed(3);
    QVERIFY2(status->text().contains(u"1 open"_s), qPrintable(status->text()));
    QTRY_VERIFY2_WITH_TIMEOUT(status->text().contains(u"3 open"_s), qPrintable(status->text()),
                              Patience);
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"

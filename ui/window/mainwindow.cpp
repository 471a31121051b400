#include "mainwindow.h"

#include "aboutdialog.h"
#include "bannerarea.h"
#include "compareview.h"
#include "connectionspanel.h"
#include "diagnosis.h"
#include "diagnosisview.h"
#include "eventlogpanel.h"
#include "feedstate.h"
#include "labpanel.h"
#include "lanespanel.h"
#include "laneview.h"
#include "poolsettingspanel.h"
#include "presentation.h"
#include "reachabilityview.h"
#include "recordingcontrol.h"
#include "replayplayer.h"
#include "requestsview.h"
#include "session.h"
#include "statisticsview.h"
#include "targetbar.h"
#include "throttle.h"
#include "timelinecharts.h"
#include "workloadpanel.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QToolBar>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

constexpr double DefaultChartWindowSeconds = 60;
// The status bar's numbers and the workload's live line change with every snapshot and
// progress report. Each new text lays out its bar or panel and from there the whole window:
// once a second, as top does, is as fast as anyone reads them.
constexpr int ReadoutIntervalMs = 1000;
// The event log behind another tab takes its events once a second (or every 2,000, at high
// rates), not with every feed: each batch is an insert at the top of up to 100,000 rows,
// which costs its view in proportion to the rows, seen or not.
constexpr int HiddenLogIntervalMs = 1000;
constexpr qsizetype HiddenLogBatch = 2'000;

QScrollArea *scrolling(QWidget *widget)
{
    auto *area = new QScrollArea;
    area->setWidget(widget);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    area->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    return area;
}

} // namespace

MainWindow::MainWindow(Session *session, quint32 pool, QWidget *parent)
    : MainWindow(session, nullptr, pool, parent)
{ }

MainWindow::MainWindow(ReplayPlayer *player, QWidget *parent)
    : MainWindow(nullptr, player, player->pool(), parent)
{ }

MainWindow::MainWindow(Session *session, ReplayPlayer *player, quint32 pool, QWidget *parent)
    : QMainWindow(parent)
    , m_session(session)
    , m_player(player)
    , m_state(new FeedState(pool, this))
    , m_target(new TargetBar(session, m_state, this))
    , m_charts(new TimelineCharts(m_state, this))
    , m_lanes(new LanesPanel(&m_ledger, this))
    , m_centre(new QSplitter(Qt::Vertical, this))
    , m_workload(new WorkloadPanel(session, m_state, this))
    , m_poolSettings(new PoolSettingsPanel(session, m_state, this))
    , m_lab(new LabPanel(session, m_state, this))
    , m_connections(new ConnectionsPanel(&m_ledger, this))
    , m_events(new EventLogPanel(this))
    , m_statistics(new StatisticsView(this))
    , m_requests(new RequestsView(this))
    , m_compare(new CompareView(session, m_state, this))
    , m_reachability(new ReachabilityView(session, m_state, this))
    , m_diagnosis(new Diagnosis(session, m_state, this))
    , m_banners(new BannerArea(m_diagnosis, m_state, this))
    , m_diagnosisView(new DiagnosisView(m_diagnosis, this))
    , m_recordings(new RecordingControl(m_state, player, this))
    , m_statusTarget(new QLabel(this))
    , m_statusPool(new QLabel(this))
    , m_statusRate(new QLabel(this))
    , m_statusEvents(new QLabel(this))
    , m_readouts(new Throttle(
          ReadoutIntervalMs, [this] { showReadouts(); }, this))
    , m_logUpdates(new Throttle(
          HiddenLogIntervalMs, [this] { flushLog(); }, this))
{
    setObjectName(u"mainWindow"_s);
    setAcceptDrops(true);
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);
    const qint64 epoch = player ? player->startNs() : session->epochNs();
    m_charts->setEpochNs(epoch);
    m_lanes->setEpochNs(epoch);
    m_events->setEpochNs(epoch);
    m_diagnosisView->setEpochNs(epoch);
    m_requests->setEpochNs(epoch);

    m_centre->setObjectName(u"centreSplitter"_s);
    m_centre->addWidget(m_charts);
    m_centre->addWidget(m_lanes);
    m_centre->setStretchFactor(0, 2);
    m_centre->setStretchFactor(1, 3);
    m_centre->setChildrenCollapsible(false);
    // The banners sit above the timelines, where they are seen, and take no room while all is
    // well.
    auto *centre = new QWidget(this);
    auto *centreLayout = new QVBoxLayout(centre);
    centreLayout->setContentsMargins(0, 0, 0, 0);
    centreLayout->setSpacing(2);
    centreLayout->addWidget(m_banners);
    centreLayout->addWidget(m_centre, 1);
    setCentralWidget(centre);

    auto *controls = new QTabWidget(this);
    controls->setObjectName(u"controlTabs"_s);
    controls->addTab(scrolling(m_workload), tr("Workload"));
    controls->addTab(scrolling(m_poolSettings), tr("Pool settings"));
    controls->addTab(scrolling(m_lab), tr("Lab"));
    controls->setMinimumWidth(300);
    addDock(controls, tr("Controls"), u"controlsDock"_s, Qt::LeftDockWidgetArea);

    m_firstBottomDock
        = addDock(m_connections, tr("Connections"), u"connectionsDock"_s, Qt::BottomDockWidgetArea);
    QDockWidget *eventsDock = addView(m_events, tr("Event log"), u"eventsDock"_s);
    connect(eventsDock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible)
            flushLog();
    });
    // Tall views scroll inside their dock, so a small screen still fits the window.
    addView(scrolling(m_statistics), tr("Statistics"), u"statisticsDock"_s);
    m_diagnosisDock = addView(scrolling(m_diagnosisView), tr("Diagnosis"), u"diagnosisDock"_s);
    addView(m_requests, tr("Requests"), u"requestsDock"_s);
    addView(scrolling(m_compare), tr("Compare"), u"compareDock"_s);
    m_reachabilityDock
        = addView(scrolling(m_reachability), tr("Reachability"), u"reachabilityDock"_s);
    m_firstBottomDock->raise();

    createActions();

    m_statusTarget->setObjectName(u"statusTarget"_s);
    m_statusPool->setObjectName(u"statusPool"_s);
    m_statusRate->setObjectName(u"statusRate"_s);
    m_statusEvents->setObjectName(u"statusEvents"_s);
    statusBar()->addWidget(m_statusTarget);
    statusBar()->addWidget(m_statusPool, 1);
    statusBar()->addPermanentWidget(m_recordings->indicator());
    statusBar()->addPermanentWidget(m_statusRate);
    statusBar()->addPermanentWidget(m_statusEvents);

    if (session)
        connect(session, &Session::feedDelivered, this, &MainWindow::showFeed);
    connect(m_state, &FeedState::profileChanged, this, &MainWindow::showProfile);
    connect(m_state, &FeedState::replied, this, &MainWindow::showReply);
    connect(m_connections, &ConnectionsPanel::connectionSelected, m_lanes->view(),
            &LaneView::setHighlightedConnection);
    connect(m_lanes->view(), &LaneView::connectionClicked, m_connections,
            &ConnectionsPanel::selectConnection);
    connect(m_reachability, &ReachabilityView::recommendationApplied, this,
            &MainWindow::applyRecommendation);
    const auto probe = [this] {
        m_reachabilityDock->show();
        m_reachabilityDock->raise();
        m_reachability->runProbeAndReveal();
    };
    connect(m_banners, &BannerArea::probeRequested, this, probe);
    connect(m_diagnosis, &Diagnosis::probeRequested, this, probe);
    connect(m_banners, &BannerArea::diagnosisRequested, this, [this] {
        m_diagnosisDock->show();
        m_diagnosisDock->raise();
    });
    connect(m_events, &EventLogPanel::pausedChanged, this, [this](bool paused) {
        // Resuming the log from its own button resumes it alone; the global pause follows it
        // only when every view agrees.
        if (!paused && m_viewsPaused)
            setViewsPaused(false);
    });
    if (player)
        setUpReplay();
    showProfile(m_state->profile());
    m_eventClock.start();
}

MainWindow::~MainWindow() = default;

DialFailureBanner *MainWindow::dialFailureBanner() const
{
    return m_banners->dialFailureBanner();
}

QDockWidget *MainWindow::addDock(QWidget *widget, const QString &title, const QString &objectName,
                                 Qt::DockWidgetArea area)
{
    auto *dock = new QDockWidget(title, this);
    dock->setObjectName(objectName);
    dock->setWidget(widget);
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable
                      | QDockWidget::DockWidgetClosable);
    // Qt counts a dock behind another's tab as visible, so its labels and tables would lay out
    // for every feed and unseen. Hidden, its view keeps taking the feed but does no such work;
    // it keeps its size, so the docks' layout stays as it was.
    QSizePolicy policy = widget->sizePolicy();
    policy.setRetainSizeWhenHidden(true);
    widget->setSizePolicy(policy);
    connect(dock, &QDockWidget::visibilityChanged, widget, [this, widget](bool visible) {
        // Hiding the focused view would pass the focus on down the chain, to the target
        // field with its text selected, where the next key typed would replace it.
        const QWidget *focused = QApplication::focusWidget();
        if (!visible && focused && (focused == widget || widget->isAncestorOf(focused)))
            setFocus(Qt::OtherFocusReason);
        widget->setVisible(visible);
    });
    addDockWidget(area, dock);
    if (m_viewMenu)
        m_viewMenu->addAction(dock->toggleViewAction());
    return dock;
}

QDockWidget *MainWindow::addView(QWidget *view, const QString &title, const QString &objectName)
{
    QDockWidget *dock = addDock(view, title, objectName, Qt::BottomDockWidgetArea);
    if (m_firstBottomDock && m_firstBottomDock != dock)
        tabifyDockWidget(m_firstBottomDock, dock);
    return dock;
}

void MainWindow::createActions()
{
    createFileMenu();
    createPoolMenu();
    createLabMenu();
    createViewMenu();
    createHelpMenu();
    createToolbar();
}

void MainWindow::createFileMenu()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *open
        = file->addAction(tr("&Open recording…"), this, &MainWindow::openRecordingInteractively);
    open->setObjectName(u"actionOpenRecording"_s);
    open->setShortcut(QKeySequence(u"Ctrl+Shift+O"_s));
    open->setToolTip(tr("Open a recording (poolscope run --record) in a window of its own"));
    file->addAction(m_recordings->recordAction());
    file->addAction(m_recordings->exportTraceAction());
    file->addAction(m_recordings->compareAction());
    connect(m_recordings, &RecordingControl::messageShown, this,
            [this](const QString &message) { statusBar()->showMessage(message, 10'000); });
    file->addSeparator();
    QAction *load = file->addAction(tr("&Load settings profile…"), this,
                                    &MainWindow::loadProfileInteractively);
    load->setObjectName(u"actionLoadProfile"_s);
    load->setShortcut(QKeySequence::Open);
    QAction *save = file->addAction(tr("&Save settings profile…"), this,
                                    &MainWindow::saveProfileInteractively);
    save->setShortcut(QKeySequence::Save);
    file->addSeparator();
    file->addAction(tr("Export events as &JSON lines…"), this, [this] {
        flushLog();
        m_events->exportInteractively(false);
    });
    file->addAction(tr("Export events as &CSV…"), this, [this] {
        flushLog();
        m_events->exportInteractively(true);
    });
    file->addAction(tr("Export &timelines as PNG…"), this, [this] {
        exportImage(m_charts, tr("timelines"), u"poolscope-timelines.png"_s);
    });
    file->addAction(tr("Export &lanes as PNG…"), this,
                    [this] { exportImage(m_lanes, tr("lanes"), u"poolscope-lanes.png"_s); });
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
}

void MainWindow::createPoolMenu()
{
    QMenu *pool = menuBar()->addMenu(tr("&Pool"));
    m_startStop = pool->addAction(tr("Start/stop &workload"), this, [this] {
        const PoolConfig *config = m_session->config(m_state->pool());
        if (config && config->workloadRunning)
            m_session->stopWorkload(m_state->pool());
        else
            m_session->startWorkload(m_state->pool());
    });
    m_startStop->setObjectName(u"actionStartStop"_s);
    m_startStop->setShortcut(Qt::Key_F5);
    m_startStop->setCheckable(true);
    m_startStop->setChecked(m_state->isWorkloadRunning());
    connect(m_state, &FeedState::workloadRunningChanged, m_startStop, &QAction::setChecked);
    m_flush = pool->addAction(tr("&Flush pool"), this, [this] {
        m_session->flushPool(m_state->pool());
        statusBar()->showMessage(tr("Flushed: a new generation; idle connections close now, "
                                    "busy ones when they come back."),
                                 5'000);
    });
    m_flush->setObjectName(u"actionFlush"_s);
    m_flush->setShortcut(QKeySequence(u"Ctrl+Shift+F"_s));
    m_flush->setToolTip(tr("Close every connection and start a new generation (Ctrl+Shift+F)"));
    pool->addSeparator();
    m_resetStatistics = pool->addAction(tr("&Reset statistics"), this,
                                        [this] { m_session->resetStatistics(m_state->pool()); });
    m_resetStatistics->setObjectName(u"actionResetStatistics"_s);
    m_resetStatistics->setToolTip(tr("The pool's counters and histograms and the workload's "
                                     "totals from zero; connections stay"));
    m_startFromZero = pool->addAction(tr("Start from &zero"), this, &MainWindow::startFromZero);
    m_startFromZero->setObjectName(u"actionStartFromZero"_s);
    m_startFromZero->setToolTip(tr("Reset the statistics and clear the charts, closed lanes, "
                                   "event log and request list, for the next lesson"));
    connect(m_statistics, &StatisticsView::resetRequested, m_resetStatistics, &QAction::trigger);
    connect(m_statistics, &StatisticsView::startFromZeroRequested, m_startFromZero,
            &QAction::trigger);
    pool->addSeparator();
    QAction *defaults = pool->addAction(tr("Restore &default settings"), m_poolSettings,
                                        &PoolSettingsPanel::restoreDefaults);
    defaults->setObjectName(u"actionRestoreDefaults"_s);
    defaults->setToolTip(tr("The embedded defaults for every pool setting; the target stays"));
}

void MainWindow::startFromZero()
{
    m_session->resetStatistics(m_state->pool());
    m_charts->clear();
    m_ledger.forgetClosed();
    m_connections->refresh();
    m_lanes->refresh();
    m_events->clear();
    m_requests->clear();
    statusBar()->showMessage(tr("Started from zero: statistics reset, charts, closed lanes, the "
                                "event log and the request list cleared."),
                             5'000);
}

void MainWindow::createLabMenu()
{
    QMenu *lab = menuBar()->addMenu(tr("&Lab"));
    QAction *restart
        = lab->addAction(tr("&Restart backend"), this, [this] { m_session->restartLab(500); });
    restart->setObjectName(u"actionLabRestart"_s);
    restart->setShortcut(QKeySequence(u"Ctrl+Shift+R"_s));
    lab->addAction(tr("Reset &all connections"), this, [this] { m_session->resetLabConnections(); })
        ->setObjectName(u"actionLabReset"_s);
}

void MainWindow::createViewMenu()
{
    m_viewMenu = menuBar()->addMenu(tr("&View"));
    m_pause = m_viewMenu->addAction(tr("&Pause live views"), this, &MainWindow::setViewsPaused);
    m_pause->setObjectName(u"actionPause"_s);
    m_pause->setCheckable(true);
    m_pause->setShortcut(Qt::Key_F8);
    m_pause->setToolTip(tr("Freeze the timelines, lanes and log to look closer; recording "
                           "goes on (F8)"));
    QMenu *window = m_viewMenu->addMenu(tr("Timeline &window"));
    m_chartWindows = new QActionGroup(this);
    for (const auto &[seconds, label] :
         {std::pair{30.0, tr("30 seconds")}, std::pair{60.0, tr("1 minute")},
          std::pair{120.0, tr("2 minutes")}, std::pair{300.0, tr("5 minutes")}}) {
        QAction *action = window->addAction(label);
        action->setCheckable(true);
        action->setData(seconds);
        action->setChecked(seconds == DefaultChartWindowSeconds);
        m_chartWindows->addAction(action);
        const double s = seconds;
        connect(action, &QAction::triggered, this, [this, s] { setChartWindow(s); });
    }
    m_viewMenu->addSeparator();
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        m_viewMenu->addAction(dock->toggleViewAction());
}

void MainWindow::createHelpMenu()
{
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *guide
        = help->addAction(tr("&Guide"), this, [this] { showHelp(HelpDialog::Topic::Start); });
    guide->setShortcut(QKeySequence::HelpContents);
    help->addSeparator();
    for (int i = 1; i < HelpDialog::TopicCount; ++i) {
        const auto topic = HelpDialog::Topic(i);
        help->addAction(HelpDialog::title(topic), this, [this, topic] { showHelp(topic); });
    }
    help->addSeparator();
    help->addAction(tr("&About PoolScope"), this, [this] { AboutDialog(this).exec(); });
}

void MainWindow::createToolbar()
{
    auto *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(u"mainToolbar"_s);
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addWidget(m_target);
    toolbar->addSeparator();
    m_startStop->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    toolbar->addAction(m_startStop);
    m_pause->setIcon(style()->standardIcon(QStyle::SP_MediaPause));
    toolbar->addAction(m_pause);
    m_flush->setIcon(style()->standardIcon(QStyle::SP_BrowserReload));
    toolbar->addAction(m_flush);
    auto updateStartStop = [this](bool running) {
        m_startStop->setText(running ? tr("Stop") : tr("Start"));
        m_startStop->setIcon(
            style()->standardIcon(running ? QStyle::SP_MediaStop : QStyle::SP_MediaPlay));
        m_startStop->setToolTip(running ? tr("Stop the workload (F5)")
                                        : tr("Start the workload (F5)"));
    };
    connect(m_state, &FeedState::workloadRunningChanged, this, updateStartStop);
    updateStartStop(m_state->isWorkloadRunning());
    m_pause->setText(tr("Pause"));
    m_flush->setText(tr("Flush"));
}

void MainWindow::showFeed(const SessionFeed &feed)
{
    if (!m_player)
        m_recordings->addFeed(feed);
    m_state->apply(feed);
    for (const QString &message : feed.lab.errors)
        statusBar()->showMessage(tr("lab: %1").arg(message), 8'000);
    const PoolFeed *pool = feed.pool(m_state->pool());
    if (!pool)
        return;
    // The diagnosis decides from what it gathered since the pool began, which a replay that
    // jumps about does not give it.
    if (!m_player)
        m_diagnosis->addFeed(*pool);
    if (!pool->events.isEmpty())
        showEvents(pool->events);
    if (pool->snapshot)
        showSnapshot(*pool->snapshot);
    // Once per feed, after both: the table and the lanes read the same ledger. A replay feeds
    // many at once, and shows them once (showMoment).
    if (!m_player && (!pool->events.isEmpty() || pool->snapshot)) {
        m_connections->refresh();
        m_lanes->refresh();
    }
    for (const LoadProgress &progress : pool->workload)
        showProgress(progress);
}

void MainWindow::showReply(const SessionReply &reply)
{
    if (reply.command == m_recommendationCommand) {
        statusBar()->showMessage(
            reply.ok()
                ? tr("Applied the idle-cutoff recommendation to the pool.")
                : tr("The recommendation was not applied: %1").arg(reply.errors.join(u"; "_s)),
            8'000);
        return;
    }
    if (reply.command == m_profileCommand && !reply.ok()) {
        const QString error = tr("Some settings of the profile were refused:\n%1")
                                  .arg(u"• "_s + reply.errors.join(u"\n• "_s));
        if (m_profileInteractive)
            QMessageBox::warning(this, tr("Load settings profile"), error);
        else
            statusBar()->showMessage(error, 8'000);
        return;
    }
    // A refusal nobody asked to see at a field still says so.
    if (!reply.ok() && reply.action == u"start_workload"_s)
        statusBar()->showMessage(reply.errors.join(u"; "_s), 8'000);
}

void MainWindow::showEvents(const QList<PoolEvent> &events)
{
    m_eventsThisSecond += quint64(events.size());
    m_ledger.addEvents(events);
    if (!m_player && m_events->isVisible() && m_logBacklog.isEmpty()) {
        m_events->addEvents(events);
    } else {
        m_logBacklog += events;
        if (m_logBacklog.size() >= HiddenLogBatch)
            flushLog();
        else
            m_logUpdates->request();
    }
    m_charts->addEvents(events);
}

void MainWindow::flushLog()
{
    if (!m_logBacklog.isEmpty())
        m_events->addEvents(std::exchange(m_logBacklog, {}));
}

void MainWindow::showSnapshot(const PoolSnapshot &snapshot)
{
    m_ledger.applySnapshot(snapshot);
    m_charts->addSnapshot(snapshot);
    m_statistics->setStats(snapshot.stats, snapshot.timeNs);
    m_poolStatus = poolStatus(snapshot);
    m_readouts->request();
}

void MainWindow::showProgress(const LoadProgress &progress)
{
    m_charts->addProgress(progress);
    m_statistics->addProgress(progress);
    m_requests->addProgress(progress);
    m_workload->addProgress(progress);
    m_hasProgress = true;
    m_readouts->request();
}

void MainWindow::setViewsPaused(bool paused)
{
    m_viewsPaused = paused;
    m_pause->setChecked(paused);
    m_pause->setText(paused ? tr("Resume") : tr("Pause"));
    m_charts->setPaused(paused);
    m_lanes->view()->setPaused(paused);
    m_events->setPaused(paused);
    m_requests->setPaused(paused);
}

void MainWindow::showProfile(const SessionProfile &profile)
{
    const QString target = profile.pool.target();
    if (m_player) {
        m_statusTarget->setText(profile.targetsLab ? tr("Recorded target %1 (lab)").arg(target)
                                                   : tr("Recorded target %1").arg(target));
    } else {
        setWindowTitle(profile.targetsLab ? tr("PoolScope — %1 (embedded lab)").arg(target)
                                          : tr("PoolScope — %1").arg(target));
        m_statusTarget->setText(profile.targetsLab ? tr("Target %1 (lab)").arg(target)
                                                   : tr("Target %1").arg(target));
    }
    const qint64 handshakeMs = profile.targetsLab ? profile.lab.setupDelayMs : 0;
    m_lanes->view()->setHandshakeNs(handshakeMs * 1'000'000);
    m_statistics->setSimulatedHandshakeMs(handshakeMs);
    m_requests->setLabSetupMs(handshakeMs);
    m_reachability->setPoolSettings(profile.pool);
    m_reachability->setProtocol(profile.load.protocol.kind);
}

void MainWindow::applyRecommendation(const QJsonObject &changes)
{
    QStringList errors;
    const PoolSettings settings
        = PoolSettings::fromJson(changes, &errors, m_session->profile(m_state->pool()).pool);
    if (!errors.isEmpty()) {
        statusBar()->showMessage(
            tr("The recommendation was not applied: %1").arg(errors.join(u"; "_s)), 8'000);
        return;
    }
    m_recommendationCommand = m_session->setPoolSettings(m_state->pool(), settings);
}

QString MainWindow::poolStatus(const PoolSnapshot &snapshot) const
{
    const PoolStats &s = snapshot.stats;
    QString pool = tr("Pool: %1 open (%2 in use, %3 idle), %4 dialing, %5 waiting · gen %6")
                       .arg(s.open)
                       .arg(s.inUse)
                       .arg(s.idle)
                       .arg(s.dialing)
                       .arg(s.waiting)
                       .arg(s.generation);
    if (s.consecutiveDialFailures > 0) {
        const QString cause = s.lastDialError != DialError::None
            ? Presentation::dialErrorLabel(s.lastDialError)
            : s.lastDialMessage;
        pool += u" · "_s
            + tr("<span style='color:#b02a1e'>dials failing (%1 in a row: %2)</span>")
                  .arg(s.consecutiveDialFailures)
                  .arg(cause.toHtmlEscaped());
        if (s.backoffUntilNs > snapshot.timeNs)
            pool += tr(", backing off %1")
                        .arg(Presentation::duration(s.backoffUntilNs - snapshot.timeNs));
    }
    return pool;
}

void MainWindow::showReadouts()
{
    m_statusPool->setText(m_poolStatus);
    if (m_hasProgress) {
        m_workload->showLive();
        // The workload line's figure: successes per second over the last second, failures
        // apart.
        const RequestRate &rate = m_workload->requestRate();
        QString text = tr("workload stopped");
        if (m_state->isWorkloadRunning()) {
            text = tr("%1 requests/s ok").arg(rate.okPerSecond(), 0, 'f', 0);
            if (rate.failedPerSecond() > 0)
                text += u" · "_s
                    + tr("<span style='color:#b02a1e'>%1 failed/s</span>")
                          .arg(rate.failedPerSecond(), 0, 'f', 0);
        }
        m_statusRate->setText(text);
    }

    const qint64 elapsedMs = m_eventClock.elapsed();
    if (elapsedMs >= 1'000) {
        m_eventsPerSecond = double(m_eventsThisSecond) * 1000.0 / double(elapsedMs);
        m_eventsThisSecond = 0;
        m_eventClock.restart();
    }
    const quint64 dropped = m_state->droppedEvents();
    m_statusEvents->setText(
        dropped ? tr("%1 events/s, %2 dropped").arg(m_eventsPerSecond, 0, 'f', 0).arg(dropped)
                : tr("%1 events/s").arg(m_eventsPerSecond, 0, 'f', 0));
}

void MainWindow::setChartWindow(double seconds)
{
    m_charts->setWindowSeconds(seconds);
    // A replay's jump feeds the timelines as much of the past as they show.
    if (m_player)
        m_player->setHistoryNs(qint64(seconds * 1e9));
    for (QAction *action : m_chartWindows->actions())
        action->setChecked(action->data().toDouble() == seconds);
}

void MainWindow::showHelp(HelpDialog::Topic topic)
{
    if (!m_help)
        m_help = new HelpDialog(this);
    m_help->showTopic(topic);
    m_help->show();
    m_help->raise();
    m_help->activateWindow();
}

QString MainWindow::loadProfile(const QString &path, bool interactive)
{
    QString error;
    const auto profile = SessionProfile::readFile(path, &error);
    if (profile) {
        m_profileCommand = m_session->applyProfile(m_state->pool(), *profile);
        m_profileInteractive = interactive;
    }
    if (!error.isEmpty() && interactive)
        QMessageBox::warning(this, tr("Load settings profile"), error);
    else if (error.isEmpty())
        statusBar()->showMessage(tr("Loaded %1").arg(path), 5'000);
    return error;
}

void MainWindow::loadProfileInteractively()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Load settings profile"), {},
                                                      tr("PoolScope profiles (*.json)"));
    if (!path.isEmpty())
        loadProfile(path, true);
}

void MainWindow::saveProfileInteractively()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save settings profile"),
                                                      u"poolscope-profile.json"_s,
                                                      tr("PoolScope profiles (*.json)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!currentProfile().writeFile(path, &error))
        QMessageBox::warning(this, tr("Save settings profile"), error);
    else
        statusBar()->showMessage(tr("Saved %1").arg(path), 5'000);
}

void MainWindow::exportImage(QWidget *widget, const QString &what, const QString &fileName)
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export %1 as PNG").arg(what),
                                                      fileName, tr("PNG images (*.png)"));
    if (path.isEmpty())
        return;
    if (!widget->grab().save(path, "PNG"))
        QMessageBox::warning(this, tr("Export %1").arg(what),
                             tr("%1 could not be written.").arg(path));
    else
        statusBar()->showMessage(tr("Saved %1").arg(path), 5'000);
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    // A first run takes the screen, there is a lot to see, and shares it out: the timelines
    // and lanes get most, the table below a good quarter.
    if (!restoreGeometry(settings.value(u"window/geometry"_s).toByteArray()))
        setGeometry(screen()->availableGeometry());
    if (!restoreState(settings.value(u"window/state"_s).toByteArray())) {
        resizeDocks({m_firstBottomDock}, {height() * 28 / 100}, Qt::Vertical);
        resizeDocks({findChild<QDockWidget *>(u"controlsDock"_s)}, {330}, Qt::Horizontal);
    }
    if (!m_centre->restoreState(settings.value(u"window/centre"_s).toByteArray()))
        m_centre->setSizes({height() * 28 / 100, height() * 44 / 100});
    const double seconds
        = settings.value(u"window/chartSeconds"_s, DefaultChartWindowSeconds).toDouble();
    setChartWindow(seconds > 0 ? seconds : DefaultChartWindowSeconds);
}

void MainWindow::saveLayout() const
{
    QSettings settings;
    settings.setValue(u"window/geometry"_s, saveGeometry());
    settings.setValue(u"window/state"_s, saveState());
    settings.setValue(u"window/centre"_s, m_centre->saveState());
    settings.setValue(u"window/chartSeconds"_s, m_charts->windowSeconds());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // A recording's window keeps nothing: the live window's layout and profile are not its.
    if (m_session) {
        m_recordings->stopRecording();
        saveLayout();
        QSettings settings;
        m_session->profile(m_state->pool()).store(settings);
    }
    QMainWindow::closeEvent(event);
}

SessionProfile MainWindow::currentProfile() const
{
    return m_session ? m_session->profile(m_state->pool()) : m_state->profile();
}

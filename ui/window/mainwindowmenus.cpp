// MainWindow's menus and toolbar: what each item does, apart from the window's feed and
// layout (mainwindow.cpp), so that neither file grows past reading.
#include "aboutdialog.h"
#include "connectionspanel.h"
#include "eventlogpanel.h"
#include "feedstate.h"
#include "lanespanel.h"
#include "mainwindow.h"
#include "poolsettingspanel.h"
#include "preferencesdialog.h"
#include "recordingcontrol.h"
#include "requestsview.h"
#include "session.h"
#include "statisticsview.h"
#include "targetbar.h"
#include "timelinecharts.h"

#include <QActionGroup>
#include <QDockWidget>
#include <QMenuBar>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>

using namespace Qt::StringLiterals;

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
    QAction *preferences = file->addAction(tr("&Preferences…"), m_preferences, &QDialog::show);
    preferences->setObjectName(u"actionPreferences"_s);
    preferences->setShortcut(QKeySequence::Preferences);
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

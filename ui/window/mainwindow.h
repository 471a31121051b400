#pragma once

#include "connectionledger.h"
#include "helpdialog.h"
#include "loadprogress.h"
#include "poolevent.h"
#include "poolsnapshot.h"
#include "sessionfeed.h"
#include "sessionprofile.h"

#include <QElapsedTimer>
#include <QMainWindow>

#include <memory>

class BannerArea;
class CompareView;
class DialFailureBanner;
class ConnectionsPanel;
class Diagnosis;
class DiagnosisView;
class EventLogPanel;
class LabPanel;
class LanesPanel;
class PoolSettingsPanel;
class QActionGroup;
class QDockWidget;
class QLabel;
class QSplitter;
class ReachabilityView;
class RecordingControl;
class ReplayBar;
class ReplayPlayer;
class RequestsView;
class FeedState;
class Session;
class StatisticsView;
class TargetBar;
class Throttle;
class TimelineCharts;
class WorkloadPanel;

// The inspector: timelines and lanes in the middle, the controls (workload, pool settings,
// lab) on the left, the connection table, event log, statistics and comparison below. It shows
// one of the session's pools, and every view is fed from the session's feed alone: events at
// most ~30 times a second, a snapshot every 100 ms, workload progress a few times a second.
// Controls send the session commands, which never wait; refusals come back in the feed.
//
// On a recording (openRecording()) there is no session: a ReplayPlayer feeds the same views
// from the file, a bar over them says that nothing is live and scrubs, plays and jumps, and
// every control that would change a live pool is disabled, saying why.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // How often the window wants the session's feed (Session::setFeedIntervalMs): no view
    // changes faster than ten times a second (the lanes), most far slower (the table and the
    // status line once a second), so a feed more often would only cost.
    static constexpr int FeedIntervalMs = 100;

    MainWindow(Session *session, quint32 pool, QWidget *parent = nullptr);
    // A window on a recording; it takes the player.
    explicit MainWindow(ReplayPlayer *player, QWidget *parent = nullptr);
    ~MainWindow() override;

    // A window on the recording at path, shown at its start and not yet shown; null and
    // *error (the file, the line and what was wrong) when it is not a recording this reads.
    static std::unique_ptr<MainWindow> openRecording(const QString &path, QString *error);
    // Opens the recording in a window of its own (shown, deleted when closed) and returns it;
    // when it cannot, null, and its message in the status bar (and a message box when
    // interactive), this window as it was.
    MainWindow *openRecordingFile(const QString &path, bool interactive);
    bool isReplay() const { return m_player != nullptr; }
    ReplayPlayer *replayPlayer() const { return m_player; }
    ReplayBar *replayBar() const { return m_replayBar; }
    // What a disabled control of a live pool says in a window on a recording.
    static QString recordingToolTip();

    // Adds a view built elsewhere (reachability, say) as a dock tabbed with the connection
    // table, event log, statistics and compare docks. objectName keeps its place between runs.
    QDockWidget *addView(QWidget *view, const QString &title, const QString &objectName);

    // Window geometry, dock layout and the chart window, from and to QSettings.
    void restoreLayout();
    void saveLayout() const;

    // Where the session's feed goes; public so a benchmark can feed the views directly.
    void showFeed(const SessionFeed &feed);
    void setViewsPaused(bool paused);
    bool viewsPaused() const { return m_viewsPaused; }

    // Shows the guide at a topic (F1: the start).
    void showHelp(HelpDialog::Topic topic);
    // Loads a profile file and applies it; when it cannot be read, the reason (also shown in a
    // message box when interactive). Settings the session refuses are reported when it says so.
    QString loadProfile(const QString &path, bool interactive);
    FeedState *state() const { return m_state; }
    const ConnectionLedger &ledger() const { return m_ledger; }

    ConnectionsPanel *connectionsPanel() const { return m_connections; }
    EventLogPanel *eventLogPanel() const { return m_events; }
    LanesPanel *lanesPanel() const { return m_lanes; }
    TimelineCharts *timelineCharts() const { return m_charts; }
    PoolSettingsPanel *poolSettingsPanel() const { return m_poolSettings; }
    WorkloadPanel *workloadPanel() const { return m_workload; }
    LabPanel *labPanel() const { return m_lab; }
    TargetBar *targetBar() const { return m_target; }
    StatisticsView *statisticsView() const { return m_statistics; }
    RequestsView *requestsView() const { return m_requests; }
    CompareView *compareView() const { return m_compare; }
    ReachabilityView *reachabilityView() const { return m_reachability; }
    DialFailureBanner *dialFailureBanner() const;
    BannerArea *bannerArea() const { return m_banners; }
    Diagnosis *diagnosis() const { return m_diagnosis; }
    DiagnosisView *diagnosisView() const { return m_diagnosisView; }
    RecordingControl *recordingControl() const { return m_recordings; }

protected:
    void closeEvent(QCloseEvent *event) override;
    // A file dropped on the window opens as a recording, as File → Open recording… does.
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    MainWindow(Session *session, ReplayPlayer *player, quint32 pool, QWidget *parent);
    // The replay bar, the title, and every control of a live pool disabled.
    void setUpReplay();
    // A replay jumped: the views forget what they were shown.
    void rewind();
    // A replay's feeds up to timeNs are in: the table, lanes and log show them, as of then.
    void showMoment(qint64 timeNs);
    void openRecordingInteractively();
    SessionProfile currentProfile() const;
    void showEvents(const QList<PoolEvent> &events);
    // What the event log has not been given yet, while it was behind another tab.
    void flushLog();
    void showSnapshot(const PoolSnapshot &snapshot);
    void showProgress(const LoadProgress &progress);
    void createActions();
    void createFileMenu();
    void createPoolMenu();
    // Zero the pool's statistics and clear what the views gathered (charts, closed lanes and
    // rows, the event log, the request list): one lesson's numbers do not mix into the next.
    void startFromZero();
    void createLabMenu();
    void createViewMenu();
    void createHelpMenu();
    void createToolbar();
    QDockWidget *addDock(QWidget *widget, const QString &title, const QString &objectName,
                         Qt::DockWidgetArea area);
    void showProfile(const SessionProfile &profile);
    QString poolStatus(const PoolSnapshot &snapshot) const;
    // The status bar and the workload's live line, from the latest snapshot and progress.
    void showReadouts();
    void applyRecommendation(const QJsonObject &changes);
    void showReply(const SessionReply &reply);
    void saveProfileInteractively();
    void loadProfileInteractively();
    void exportImage(QWidget *widget, const QString &what, const QString &fileName);
    void setChartWindow(double seconds);

    Session *m_session; // null on a recording
    ReplayPlayer *m_player; // only on a recording
    ReplayBar *m_replayBar = nullptr;
    FeedState *m_state;
    ConnectionLedger m_ledger; // what the table and the lanes read
    TargetBar *m_target;
    TimelineCharts *m_charts;
    LanesPanel *m_lanes;
    QSplitter *m_centre;
    WorkloadPanel *m_workload;
    PoolSettingsPanel *m_poolSettings;
    LabPanel *m_lab;
    ConnectionsPanel *m_connections;
    EventLogPanel *m_events;
    StatisticsView *m_statistics;
    RequestsView *m_requests;
    CompareView *m_compare;
    ReachabilityView *m_reachability;
    Diagnosis *m_diagnosis;
    BannerArea *m_banners;
    DiagnosisView *m_diagnosisView;
    RecordingControl *m_recordings;
    QDockWidget *m_reachabilityDock = nullptr;
    QDockWidget *m_diagnosisDock = nullptr;
    QDockWidget *m_firstBottomDock = nullptr;
    HelpDialog *m_help = nullptr;
    QAction *m_startStop = nullptr;
    QAction *m_pause = nullptr;
    QAction *m_flush = nullptr;
    QAction *m_resetStatistics = nullptr;
    QAction *m_startFromZero = nullptr;
    QActionGroup *m_chartWindows = nullptr;
    QMenu *m_viewMenu = nullptr;
    QLabel *m_statusTarget;
    QLabel *m_statusPool;
    QLabel *m_statusRate;
    QLabel *m_statusEvents;
    Throttle *m_readouts;
    Throttle *m_logUpdates;
    QList<PoolEvent> m_logBacklog;
    QString m_poolStatus;
    bool m_hasProgress = false;
    bool m_viewsPaused = false;
    quint64 m_eventsThisSecond = 0;
    double m_eventsPerSecond = 0;
    QElapsedTimer m_eventClock;
    quint64 m_recommendationCommand = 0;
    quint64 m_profileCommand = 0;
    bool m_profileInteractive = false;
};

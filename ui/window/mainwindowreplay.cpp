// MainWindow on a recording: what differs from the live window (mainwindow.cpp), apart so that
// neither file grows past reading.
#include "bannerarea.h"
#include "compareview.h"
#include "connectionspanel.h"
#include "eventlogpanel.h"
#include "feedstate.h"
#include "labpanel.h"
#include "lanespanel.h"
#include "laneview.h"
#include "mainwindow.h"
#include "poolsettingspanel.h"
#include "reachabilityview.h"
#include "recording.h"
#include "replay.h"
#include "replaybar.h"
#include "replayplayer.h"
#include "requestsview.h"
#include "statisticsview.h"
#include "targetbar.h"
#include "throttle.h"
#include "timelinecharts.h"
#include "workloadpanel.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QStatusBar>
#include <QTextDocument>
#include <QToolBar>

using namespace Qt::StringLiterals;

namespace {

// Disables a control of a live pool and says why, in its own tooltip and, first, in those of
// what it holds (a disabled field still shows its own tooltip, which would not say).
void disableForRecording(QWidget *widget)
{
    const QString why = MainWindow::recordingToolTip();
    widget->setEnabled(false);
    widget->setToolTip(why);
    for (QWidget *child : widget->findChildren<QWidget *>()) {
        const QString own = child->toolTip();
        if (own.isEmpty() || own.startsWith(why))
            continue;
        child->setToolTip(Qt::mightBeRichText(own) ? u"<p><b>%1</b></p>%2"_s.arg(why, own)
                                                   : why + u"\n\n"_s + own);
    }
}

// The one local file a drag carries; empty for anything else.
QString droppedFile(const QMimeData *mime)
{
    const QList<QUrl> urls = mime ? mime->urls() : QList<QUrl>();
    return urls.size() == 1 && urls[0].isLocalFile() ? urls[0].toLocalFile() : QString();
}

} // namespace

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (!droppedFile(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QString path = droppedFile(event->mimeData());
    if (path.isEmpty())
        return;
    event->acceptProposedAction();
    openRecordingFile(path, true);
}

QString MainWindow::recordingToolTip()
{
    return tr("A recording is open, and nothing in it is live: there is no pool here to change. "
              "Run poolscope without a file to change settings, the workload or the lab.");
}

std::unique_ptr<MainWindow> MainWindow::openRecording(const QString &path, QString *error)
{
    std::optional<Recording> recording = Recording::readFile(path, error);
    if (!recording)
        return {};
    auto *player = new ReplayPlayer(Replay(std::move(*recording)), path);
    auto window = std::make_unique<MainWindow>(player);
    player->seek(player->firstMomentNs());
    return window;
}

void MainWindow::openRecordingInteractively()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open recording"), {}, tr("PoolScope recordings (*.jsonl *.json);;All files (*)"));
    if (!path.isEmpty())
        openRecordingFile(path, true);
}

MainWindow *MainWindow::openRecordingFile(const QString &path, bool interactive)
{
    QString error;
    QApplication::setOverrideCursor(Qt::WaitCursor);
    std::unique_ptr<MainWindow> window = openRecording(path, &error);
    QApplication::restoreOverrideCursor();
    if (!window) {
        statusBar()->showMessage(error, 15'000);
        if (interactive)
            QMessageBox::warning(this, tr("Open recording"), error);
        return nullptr;
    }
    window->setAttribute(Qt::WA_DeleteOnClose);
    window->resize(size());
    window->show();
    return window.release(); // it deletes itself when closed
}

void MainWindow::setUpReplay()
{
    m_player->setParent(this);
    m_player->setHistoryNs(qint64(m_charts->windowSeconds() * 1e9));
    connect(m_player, &ReplayPlayer::rewound, this, &MainWindow::rewind);
    connect(m_player, &ReplayPlayer::fed, this, &MainWindow::showFeed);
    connect(m_player, &ReplayPlayer::moved, this, &MainWindow::showMoment);

    m_replayBar = new ReplayBar(m_player, this);
    m_replayBar->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    addToolBarBreak();
    auto *toolbar = addToolBar(tr("Recording"));
    toolbar->setObjectName(u"replayToolbar"_s);
    toolbar->setMovable(false);
    toolbar->addWidget(m_replayBar);

    const QString file = QFileInfo(m_player->fileName()).fileName();
    setWindowTitle(tr("PoolScope — recording %1 (nothing is live)").arg(file));
    if (!m_player->replay().notice().isEmpty())
        statusBar()->showMessage(m_player->replay().notice());

    for (QWidget *control : std::initializer_list<QWidget *>{m_target, m_workload, m_poolSettings,
                                                             m_lab, m_compare, m_reachability})
        disableForRecording(control);
    for (QPushButton *button : m_statistics->findChildren<QPushButton *>()) {
        button->setEnabled(false);
        button->setToolTip(recordingToolTip());
    }
    for (const QString &name :
         {u"actionStartStop"_s, u"actionFlush"_s, u"actionResetStatistics"_s,
          u"actionStartFromZero"_s, u"actionRestoreDefaults"_s, u"actionLabRestart"_s,
          u"actionLabReset"_s, u"actionLoadProfile"_s, u"actionPreferences"_s}) {
        QAction *action = findChild<QAction *>(name);
        action->setEnabled(false);
        action->setToolTip(recordingToolTip());
    }
    // The replay's own play and pause take the place of the live views' pause.
    m_pause->setEnabled(false);
    m_pause->setToolTip(tr("A recording stands still unless it plays: use Play and Pause in "
                           "the recording's bar"));
    // The diagnosis and its banners offer fixes to a live pool, and decide from all of its
    // past, which a replay that jumps does not give them.
    m_banners->hide();
    m_diagnosisDock->hide();
    m_diagnosisDock->toggleViewAction()->setEnabled(false);
    m_statusEvents->hide();
}

void MainWindow::rewind()
{
    m_charts->rewind();
    m_ledger.clear();
    m_logBacklog.clear();
    m_events->clear();
    m_requests->clear();
    m_statistics->clear();
}

void MainWindow::showMoment(qint64 timeNs)
{
    m_lanes->view()->setClockNs(timeNs);
    flushLog();
    m_connections->refresh();
    m_lanes->refresh();
    // The status line as of this moment at once, not a second later.
    showReadouts();
}

#include "recordingcontrol.h"

#include "feedstate.h"
#include "presentation.h"
#include "recordingcomparisondialog.h"
#include "replay.h"
#include "replayplayer.h"
#include "traceexport.h"

#include <QAction>
#include <QApplication>
#include <QDateTime>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>

using namespace Qt::StringLiterals;

RecordingControl::RecordingControl(FeedState *state, ReplayPlayer *player, QWidget *window)
    : QObject(window)
    , m_state(state)
    , m_player(player)
    , m_window(window)
    , m_record(new QAction(tr("&Record…"), this))
    , m_exportTrace(new QAction(tr("Export &trace…"), this))
    , m_compare(new QAction(tr("Co&mpare recordings…"), this))
    , m_indicator(new QLabel(window))
{
    m_record->setObjectName(u"actionRecord"_s);
    m_record->setShortcut(QKeySequence(u"Ctrl+R"_s));
    m_record->setToolTip(tr("Write the session from now on to a file (as poolscope run --record "
                            "does), to open later, send, export as a trace or compare"));
    m_exportTrace->setObjectName(u"actionExportTrace"_s);
    m_exportTrace->setToolTip(
        player ? tr("Write the recording in the Trace Event Format, for Perfetto "
                    "(ui.perfetto.dev) and chrome://tracing")
               : tr("Write the last %1 minutes in the Trace Event Format, for Perfetto "
                    "(ui.perfetto.dev) and chrome://tracing")
                     .arg(TailNs / 60'000'000'000LL));
    m_compare->setObjectName(u"actionCompareRecordings"_s);
    m_compare->setToolTip(tr("Two recordings side by side, with the ratios"));
    connect(m_record, &QAction::triggered, this, &RecordingControl::recordInteractively);
    connect(m_exportTrace, &QAction::triggered, this, &RecordingControl::exportTraceInteractively);
    connect(m_compare, &QAction::triggered, this, &RecordingControl::compareInteractively);
    m_indicator->setObjectName(u"recordingIndicator"_s);
    m_indicator->setStyleSheet(u"color: #b00020; font-weight: bold"_s);
    m_indicator->hide();
    if (player) {
        m_record->setEnabled(false);
        m_record->setToolTip(tr("A recording is open, and nothing in it is live: there is "
                                "nothing to record"));
    }
}

void RecordingControl::addFeed(const SessionFeed &feed)
{
    m_tail.append(feed);
    if (!m_writer.isOpen())
        return;
    if (!m_writer.write(feed)) {
        const QString why = tr("Recording stopped: %1 could not be written (%2). Everything up "
                               "to the last complete line is in it.")
                                .arg(m_writer.fileName(), m_writer.errorString());
        stopRecording();
        fail(tr("Record"), why);
        return;
    }
    // Once a second is enough for a size and a clock.
    if (m_recordingFor.elapsed() - m_shownAtMs >= 1000)
        showIndicator();
}

RecordingHeader RecordingControl::liveHeader() const
{
    const SessionProfile &profile = m_state->profile();
    return RecordingHeader::now(profile.targetsLab ? u"lab"_s : profile.pool.target(), profile);
}

bool RecordingControl::startRecording(const QString &path, QString *error)
{
    if (!m_writer.open(path, liveHeader(), error))
        return false;
    // The session as it is now, so the recording opens with the settings, the lab and the
    // connections, not with whatever the next feed happens to carry.
    if (!m_tail.isEmpty() && !m_writer.write(m_tail.stateNow())) {
        *error = tr("cannot write \"%1\": %2").arg(path, m_writer.errorString());
        m_writer.close();
        return false;
    }
    m_lastRecording = path;
    m_recordingFor.start();
    m_shownAtMs = -1000;
    m_record->setText(tr("Stop &recording"));
    showIndicator();
    m_indicator->show();
    return true;
}

void RecordingControl::stopRecording()
{
    if (!m_writer.isOpen())
        return;
    const QString file = m_writer.fileName();
    const qint64 bytes = m_writer.bytesWritten();
    m_writer.close();
    m_record->setText(tr("&Record…"));
    m_indicator->hide();
    Q_EMIT messageShown(tr("Recorded %1 (%2, %3 s); File → Open recording shows it")
                            .arg(file, Presentation::bytes(bytes))
                            .arg(m_recordingFor.elapsed() / 1000));
}

void RecordingControl::showIndicator()
{
    m_shownAtMs = m_recordingFor.elapsed();
    const qint64 s = m_shownAtMs / 1000;
    m_indicator->setText(tr("● Recording %1 · %2 · %3:%4")
                             .arg(QFileInfo(m_writer.fileName()).fileName(),
                                  Presentation::bytes(m_writer.bytesWritten()))
                             .arg(s / 60)
                             .arg(s % 60, 2, 10, QLatin1Char('0')));
    m_indicator->setToolTip(m_writer.fileName());
}

bool RecordingControl::exportTrace(const QString &path, QString *error) const
{
    if (m_player)
        return TraceExport::writeFile(m_player->replay(), path, error);
    if (m_tail.isEmpty()) {
        *error = tr("nothing to export yet: the session has not delivered anything");
        return false;
    }
    return TraceExport::writeFile(Replay(m_tail.toRecording(liveHeader())), path, error);
}

void RecordingControl::recordInteractively()
{
    if (m_writer.isOpen()) {
        stopRecording();
        return;
    }
    const QString name
        = u"poolscope-%1.jsonl"_s.arg(QDateTime::currentDateTime().toString(u"yyyyMMdd-HHmmss"_s));
    const QString path = QFileDialog::getSaveFileName(m_window, tr("Record to"), name,
                                                      tr("PoolScope recordings (*.jsonl)"));
    if (path.isEmpty())
        return;
    if (QString error; !startRecording(path, &error))
        fail(tr("Record"), error);
}

void RecordingControl::exportTraceInteractively()
{
    const QString suggested = m_player
        ? QFileInfo(m_player->fileName()).completeBaseName() + u".trace.json"_s
        : u"poolscope.trace.json"_s;
    const QString path = QFileDialog::getSaveFileName(m_window, tr("Export trace"), suggested,
                                                      tr("Trace Event Format (*.json)"));
    if (path.isEmpty())
        return;
    QApplication::setOverrideCursor(Qt::WaitCursor);
    QString error;
    const bool written = exportTrace(path, &error);
    QApplication::restoreOverrideCursor();
    if (!written) {
        fail(tr("Export trace"), error);
        return;
    }
    Q_EMIT messageShown(tr("Wrote %1; open it in ui.perfetto.dev or chrome://tracing").arg(path));
}

void RecordingControl::compareInteractively()
{
    auto *dialog
        = new RecordingComparisonDialog(m_player ? m_player->fileName() : QString(), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

void RecordingControl::fail(const QString &title, const QString &message)
{
    Q_EMIT messageShown(message);
    auto *box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, m_window);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

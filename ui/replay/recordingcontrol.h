#pragma once

#include "feedtail.h"
#include "recordingwriter.h"

#include <QElapsedTimer>
#include <QObject>

class FeedState;
class QAction;
class QLabel;
class QWidget;
class ReplayPlayer;

// A window's recordings: File → Record (the live session's feed from now on, written as
// `poolscope run --record` writes it, beginning with the session as it is), File → Export trace
// (of the recording on show, or of a live window's last minutes) and File → Compare
// recordings. A live window gives it every feed; a window on a recording gives it its player.
class RecordingControl : public QObject
{
    Q_OBJECT
public:
    // How far back a live window's trace goes.
    static constexpr qint64 TailNs = 2 * 60 * 1'000'000'000LL;

    // state is the window's; player the replay's (null when live).
    // The actions' dialogs and messages go to window.
    RecordingControl(FeedState *state, ReplayPlayer *player, QWidget *window);

    QAction *recordAction() const { return m_record; }
    QAction *exportTraceAction() const { return m_exportTrace; }
    QAction *compareAction() const { return m_compare; }
    // For the status bar: while recording, the file, its size and how long it has run.
    QLabel *indicator() const { return m_indicator; }
    bool isRecording() const { return m_writer.isOpen(); }
    const FeedTail &tail() const { return m_tail; }

    // Every feed of a live window, before the views get it.
    void addFeed(const SessionFeed &feed);
    // Starts recording to path (the window's Record asks for it); false and *error when the
    // file cannot be written.
    bool startRecording(const QString &path, QString *error);
    void stopRecording();
    // Writes the trace of what the window shows: the recording, or a live window's tail.
    bool exportTrace(const QString &path, QString *error) const;

Q_SIGNALS:
    // Something to say in the status bar: a recording stopped, a trace written.
    void messageShown(const QString &message);

private:
    RecordingHeader liveHeader() const;
    void recordInteractively();
    void exportTraceInteractively();
    void compareInteractively();
    void showIndicator();
    void fail(const QString &title, const QString &message);

    FeedState *m_state;
    ReplayPlayer *m_player;
    QWidget *m_window;
    FeedTail m_tail{TailNs};
    RecordingWriter m_writer;
    QString m_lastRecording; // the first of a comparison in a live window
    QElapsedTimer m_recordingFor;
    qint64 m_shownAtMs = -1000;
    QAction *m_record;
    QAction *m_exportTrace;
    QAction *m_compare;
    QLabel *m_indicator;
};

#pragma once

#include "connectiontracker.h"
#include "observedfeed.h"
#include "observeselection.h"
#include "processsockets.h"
#include "sockettable.h"

#include <QObject>
#include <QTimer>

#include <memory>

// Reads the socket table several times a second on the thread it lives on and hands each
// reading's ObservedFeed on. It never writes to a socket, a process or the kernel's tables.
class Observer : public QObject
{
    Q_OBJECT
public:
    static constexpr int DefaultIntervalMs = 100;

    explicit Observer(const ObserveSelection &selection, QObject *parent = nullptr);
    ~Observer() override;

    void setIntervalMs(int ms) { m_timer.setInterval(ms); }
    void setIdleCutoffMs(qint64 ms) { m_tracker.setIdleCutoffMs(ms); }
    int intervalMs() const { return m_timer.interval(); }

    // Takes the first reading at once (what is open then is already open) and polls from
    // then on. false, with error set to the cause and the way out, when the kernel's table or
    // the process's descriptors cannot be read.
    bool start(QString *error);
    // Takes a last reading, so what is reported is the table at the moment of stopping, and
    // stops polling. Nothing when polling has already ended.
    void finish();

Q_SIGNALS:
    void observed(const ObservedFeed &feed);
    // A later reading failed (error says why); polling has stopped.
    void failed(const QString &error);
    // The selected process has exited and none of its connections is open any more.
    void processEnded();

private:
    bool poll(QString *error);
    // Reads /proc/PID/fd again only when the table has a socket that is neither known to be
    // the process's nor known not to be: a thousand descriptors cost 3 ms to read.
    ProcessSockets::Status readProcess();

    ObserveSelection m_selection;
    SocketTable m_table;
    std::unique_ptr<ProcessSockets> m_process;
    ConnectionTracker m_tracker;
    QList<ObservedSocket> m_rows;
    bool m_processGone = false;
    bool m_processRead = false;
    QSet<quint64> m_foreignInodes; // in the table at the last read of /proc/PID/fd, not its
    QTimer m_timer;
};

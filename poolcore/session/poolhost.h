#pragma once

#include "loadsettings.h"
#include "poolfeedbuffer.h"
#include "poolsettings.h"
#include "threadhost.h"

#include <QHash>

#include <functional>

class ConnectionPool;
class LoadDriver;

// One of a session's pools on a thread of its own, with its workload and the bounded runs
// started on it. Every call posts to that thread and returns at once; what comes of it (the
// answer to each command, events, snapshots, progress, reports) is taken from the mailbox.
// Internal to the session.
class PoolHost
{
public:
    // wake runs on the pool's thread when there is something to take().
    PoolHost(quint32 id, const PoolFeedBuffer::Intervals &intervals, std::function<void()> wake);
    ~PoolHost(); // the pool shuts down on its thread and the thread ends: teardown only

    quint32 id() const { return m_id; }

    void start(const PoolSettings &settings, const LoadSettings &load, quint64 command);
    void setSettings(const PoolSettings &settings, quint64 command);
    void clear(quint64 command);
    // The pool's statistics and the workload's totals from zero; the feed that answers has a
    // snapshot taken after it.
    void resetStatistics(quint64 command);
    // The pool's own workload, which runs until stopped.
    void setWorkload(const LoadSettings &load, quint64 command);
    void startWorkload(quint64 command);
    void stopWorkload(quint64 command);
    // A bounded run beside the workload; its id is the command's.
    void run(const LoadSettings &load, quint64 command);
    void stopRun(quint64 run, quint64 command);
    // Shuts the pool down; the feed that says so carries its last events. Then retire().
    void shutdown(quint64 command);
    // Ends the thread without waiting; done runs on context's thread once it has.
    void retire(QObject *context, std::function<void()> done);

    PoolFeedBuffer::Delivery take() { return m_mailbox.take(); }

private:
    // Pool thread: runs work, then answers the command.
    void answer(quint64 command, const QString &action, const std::function<QStringList()> &work);
    void startRun(const LoadSettings &load, quint64 run);
    void deleteAll();

    quint32 m_id;
    PoolFeedBuffer::Intervals m_intervals;
    std::function<void()> m_wake;
    PoolFeedBuffer::Mailbox m_mailbox;
    ThreadHost m_thread;
    // Everything below lives on the pool's thread and is only touched there.
    ConnectionPool *m_pool = nullptr;
    PoolFeedBuffer *m_buffer = nullptr;
    LoadDriver *m_workload = nullptr;
    QMetaObject::Connection m_pendingStart; // a start waiting for a stop to finish
    QHash<quint64, LoadDriver *> m_runs;
};

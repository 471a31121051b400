#pragma once

#include <QObject>
#include <QString>
#include <QThread>

#include <functional>
#include <memory>

// A thread with an event loop, for one part of a session (a pool, the lab, the probes). Work
// is posted to it and never waited for; only stop(), at teardown, waits for the thread to end.
class ThreadHost
{
public:
    explicit ThreadHost(const QString &name);
    ~ThreadHost(); // stop()

    // Runs work on the thread, after everything posted before it.
    void post(std::function<void()> work);
    // Runs last on the thread (objects living there are deleted here), then ends the thread and
    // waits for it. For teardown only; later posts are dropped.
    void stop(std::function<void()> last = {});
    // The same without waiting: done runs on context's thread once the thread has ended.
    void retire(std::function<void()> last, QObject *context, std::function<void()> done);
    bool isRunning() const { return m_context != nullptr; }
    QThread *thread() const { return m_thread.get(); }
    // An object living on the thread, as context for connections made from elsewhere.
    QObject *context() const { return m_context; }

private:
    void end(std::function<void()> last);

    std::unique_ptr<QThread> m_thread;
    QObject *m_context = nullptr; // lives on m_thread
};

#pragma once

#include "eventbatcher.h"
#include "poolevent.h"
#include "poolsettings.h"
#include "poolsnapshot.h"

#include <QList>
#include <QObject>
#include <QThread>

#include <functional>
#include <memory>

class ConnectionPool;

// Runs a ConnectionPool on a thread of its own and brings what it does back to the thread
// the host lives on, in batches: at most one delivery per interval (33 ms by default, about 30
// a second), never one queued signal per event. Events are never dropped while the consumer
// keeps up; if it stalls, at most maxBufferedEvents wait and the oldest beyond that are
// counted in droppedEvents().
class PoolHost : public QObject
{
    Q_OBJECT
public:
    explicit PoolHost(QObject *parent = nullptr);
    ~PoolHost() override; // shuts the pool down on its thread, then stops the thread

    // Creates the pool on the worker thread. Returns the validation errors (empty: started).
    QStringList start(const PoolSettings &settings);
    void stop();
    bool isRunning() const { return m_pool != nullptr; }

    // The pool lives on workerThread(); only touch it from there, e.g. via invoke().
    ConnectionPool *pool() const { return m_pool; }
    QThread *workerThread() const { return m_thread.get(); }
    // Runs function on the pool's thread, asynchronously.
    void invoke(std::function<void(ConnectionPool &)> function);
    // Runs function on the pool's thread and waits for it: for settings changes and tests.
    void invokeAndWait(std::function<void(ConnectionPool &)> function);

    void setDeliveryIntervalMs(int ms);
    void setSnapshotIntervalMs(int ms);
    void setMaxBufferedEvents(int count);
    quint64 droppedEvents() const;
    // Asks for everything buffered to be delivered now (e.g. before writing a final report).
    void flush();

Q_SIGNALS:
    // Emitted on the host's thread.
    void eventsDelivered(const QList<PoolEvent> &events);
    void snapshotDelivered(const PoolSnapshot &snapshot);

private:
    void takeDelivery();
    void deliver(EventBatcher::Delivery &&delivery);
    void runOnPoolThread(const std::function<void()> &function);
    void applyIntervals();

    std::unique_ptr<QThread> m_thread;
    QObject *m_context = nullptr; // lives on the worker thread, for invoking there
    ConnectionPool *m_pool = nullptr;
    EventBatcher *m_batcher = nullptr;
    int m_deliveryIntervalMs = 33;
    int m_snapshotIntervalMs = 100;
    int m_maxBufferedEvents = 1'000'000;
};

#pragma once

#include "poolevent.h"
#include "poolobserver.h"
#include "poolsnapshot.h"

#include <QList>
#include <QMutex>
#include <QObject>
#include <QTimer>

#include <functional>
#include <optional>

class ConnectionPool;

// The pool-thread half of PoolHost: collects events as they happen without locking, moves
// them to a mailbox once per interval, and asks the consumer thread to collect the mailbox,
// with at most one such request outstanding. Internal to poolcore.
class EventBatcher
    : public QObject
    , public PoolObserver
{
    Q_OBJECT
public:
    struct Delivery
    {
        QList<PoolEvent> events;
        std::optional<PoolSnapshot> snapshot;
    };

    // wake runs on consumer's thread when a delivery is ready to take().
    EventBatcher(ConnectionPool *pool, QObject *consumer, std::function<void()> wake,
                 int deliveryIntervalMs, int snapshotIntervalMs, int maxBufferedEvents);
    ~EventBatcher() override;

    void eventRecorded(const PoolEvent &event) override;

    // Pool thread: move what was collected to the mailbox now (and a fresh snapshot).
    void flushToMailbox(bool withSnapshot);
    // Any thread.
    Delivery take();
    quint64 droppedEvents() const;
    void setIntervals(int deliveryIntervalMs, int snapshotIntervalMs, int maxBufferedEvents);

private:
    void tick();

    ConnectionPool *m_pool;
    QObject *m_consumer;
    std::function<void()> m_wake;
    QTimer m_timer{this};
    QList<PoolEvent> m_collected; // pool thread only
    qint64 m_lastSnapshotNs = 0;
    int m_snapshotIntervalMs = 100;

    mutable QMutex m_mutex; // guards everything below
    QList<PoolEvent> m_mailbox;
    std::optional<PoolSnapshot> m_snapshot;
    bool m_deliveryRequested = false;
    int m_maxBufferedEvents = 1'000'000;
    quint64 m_dropped = 0;
};

#include "eventbatcher.h"

#include "connectionpool.h"
#include "monotonicclock.h"

#include <QMutexLocker>

EventBatcher::EventBatcher(ConnectionPool *pool, QObject *consumer, std::function<void()> wake,
                           int deliveryIntervalMs, int snapshotIntervalMs, int maxBufferedEvents)
    : m_pool(pool)
    , m_consumer(consumer)
    , m_wake(std::move(wake))
    , m_snapshotIntervalMs(snapshotIntervalMs)
    , m_maxBufferedEvents(maxBufferedEvents)
{
    m_pool->addObserver(this);
    connect(&m_timer, &QTimer::timeout, this, &EventBatcher::tick);
    m_timer.start(deliveryIntervalMs);
}

EventBatcher::~EventBatcher()
{
    m_pool->removeObserver(this);
}

void EventBatcher::eventRecorded(const PoolEvent &event)
{
    m_collected.append(event);
}

void EventBatcher::setIntervals(int deliveryIntervalMs, int snapshotIntervalMs,
                                int maxBufferedEvents)
{
    m_timer.start(deliveryIntervalMs);
    m_snapshotIntervalMs = snapshotIntervalMs;
    QMutexLocker lock(&m_mutex);
    m_maxBufferedEvents = maxBufferedEvents;
}

void EventBatcher::tick()
{
    const qint64 now = MonotonicClock::nowNs();
    const bool snapshotDue = m_snapshotIntervalMs > 0
        && now - m_lastSnapshotNs >= MonotonicClock::msToNs(m_snapshotIntervalMs);
    if (m_collected.isEmpty() && !snapshotDue)
        return;
    flushToMailbox(snapshotDue);
}

void EventBatcher::flushToMailbox(bool withSnapshot)
{
    std::optional<PoolSnapshot> snapshot;
    if (withSnapshot) {
        snapshot = m_pool->snapshot();
        m_lastSnapshotNs = snapshot->timeNs;
    }
    bool request = false;
    {
        QMutexLocker lock(&m_mutex);
        const qsizetype collected = m_collected.size();
        if (m_mailbox.isEmpty())
            m_mailbox.swap(m_collected);
        else
            m_mailbox.append(m_collected);
        m_collected.clear();
        // The next interval most likely brings as many: grow once, not as they arrive.
        m_collected.reserve(collected);
        if (const qsizetype excess = m_mailbox.size() - m_maxBufferedEvents; excess > 0) {
            m_mailbox.remove(0, excess);
            m_dropped += quint64(excess);
        }
        if (snapshot)
            m_snapshot = std::move(snapshot);
        request = !m_deliveryRequested && (!m_mailbox.isEmpty() || m_snapshot);
        m_deliveryRequested = m_deliveryRequested || request;
    }
    if (request)
        QMetaObject::invokeMethod(m_consumer, m_wake, Qt::QueuedConnection);
}

EventBatcher::Delivery EventBatcher::take()
{
    Delivery delivery;
    QMutexLocker lock(&m_mutex);
    delivery.events.swap(m_mailbox);
    delivery.snapshot.swap(m_snapshot);
    m_deliveryRequested = false;
    return delivery;
}

quint64 EventBatcher::droppedEvents() const
{
    QMutexLocker lock(&m_mutex);
    return m_dropped;
}

#include "poolfeedbuffer.h"

#include "connectionpool.h"
#include "monotonicclock.h"

PoolFeedBuffer::PoolFeedBuffer(ConnectionPool *pool, const Intervals &intervals, Mailbox &mailbox,
                               std::function<void()> wake)
    : m_pool(pool)
    , m_intervals(intervals)
    , m_mailbox(mailbox)
    , m_wake(std::move(wake))
{
    m_pool->addObserver(this);
    connect(&m_timer, &QTimer::timeout, this, &PoolFeedBuffer::tick);
    m_timer.start(intervals.deliveryMs);
}

PoolFeedBuffer::~PoolFeedBuffer()
{
    m_pool->removeObserver(this);
}

void PoolFeedBuffer::eventRecorded(const PoolEvent &event)
{
    m_collected.append(event);
}

void PoolFeedBuffer::addWorkloadProgress(const LoadProgress &progress)
{
    post([&](Delivery &delivery) { delivery.feed.workload.append(progress); });
}

void PoolFeedBuffer::addRunUpdate(const RunUpdate &update)
{
    if (update.report)
        flush(true);
    post([&](Delivery &delivery) { delivery.feed.runs.append(update); });
}

void PoolFeedBuffer::addReply(const SessionReply &reply)
{
    flush(false);
    post([&](Delivery &delivery) { delivery.replies.append(reply); });
}

void PoolFeedBuffer::setRemoved()
{
    flush(true);
    post([](Delivery &delivery) { delivery.feed.removed = true; });
}

void PoolFeedBuffer::tick()
{
    const qint64 now = MonotonicClock::nowNs();
    const bool snapshotDue = m_intervals.snapshotMs > 0
        && now - m_lastSnapshotNs >= MonotonicClock::msToNs(m_intervals.snapshotMs);
    if (!m_collected.isEmpty() || snapshotDue)
        flush(snapshotDue);
}

void PoolFeedBuffer::flush(bool withSnapshot)
{
    std::optional<PoolSnapshot> snapshot;
    if (withSnapshot) {
        snapshot = m_pool->snapshot();
        m_lastSnapshotNs = snapshot->timeNs;
    }
    const qsizetype collected = m_collected.size();
    post([&](Delivery &delivery) {
        QList<PoolEvent> &events = delivery.feed.events;
        if (events.isEmpty())
            events.swap(m_collected);
        else
            events.append(m_collected);
        if (const qsizetype excess = events.size() - m_intervals.maxBufferedEvents; excess > 0) {
            events.remove(0, excess);
            m_dropped += quint64(excess);
        }
        if (snapshot)
            delivery.feed.snapshot = std::move(snapshot);
    });
    m_collected.clear();
    // The next interval most likely brings as many: grow once, not as they arrive.
    m_collected.reserve(collected);
}

void PoolFeedBuffer::post(const std::function<void(Delivery &)> &change)
{
    const bool wake = m_mailbox.update([&](Delivery &delivery) {
        change(delivery);
        delivery.feed.pool = m_pool->id();
        delivery.feed.droppedEvents = m_dropped;
    });
    if (wake)
        m_wake();
}

#pragma once

#include "feedmailbox.h"
#include "poolfeed.h"
#include "poolobserver.h"
#include "sessionreply.h"

#include <QObject>
#include <QTimer>

#include <functional>

class ConnectionPool;

// The pool-thread half of a pool's feed: collects events as they happen without locking and
// moves them to the mailbox once per interval, with a snapshot when one is due. Events are
// never dropped while the session keeps up; if it stalls, at most maxBufferedEvents wait and
// the oldest beyond that are counted as dropped.
class PoolFeedBuffer
    : public QObject
    , public PoolObserver
{
public:
    struct Intervals
    {
        int deliveryMs = 33;
        int snapshotMs = 100; // 0: snapshots only when flushed
        int maxBufferedEvents = 1'000'000;
    };
    // What the session takes: the pool's part of the feed and the answers to its commands.
    struct Delivery
    {
        PoolFeed feed;
        QList<SessionReply> replies;
    };
    using Mailbox = FeedMailbox<Delivery>;

    // Lives on the pool's thread; wake runs there when the mailbox has something new.
    PoolFeedBuffer(ConnectionPool *pool, const Intervals &intervals, Mailbox &mailbox,
                   std::function<void()> wake);
    ~PoolFeedBuffer() override;

    void eventRecorded(const PoolEvent &event) override;

    // What goes into the mailbox besides the events. A finished run, a reply and the removal
    // take the events collected so far with them, so none arrives before what led to it.
    void addWorkloadProgress(const LoadProgress &progress);
    void addRunUpdate(const RunUpdate &update);
    void addReply(const SessionReply &reply);
    void setRemoved();
    // Moves what was collected to the mailbox now (with a fresh snapshot).
    void flush(bool withSnapshot);

private:
    void tick();
    void post(const std::function<void(Delivery &)> &change);

    ConnectionPool *m_pool;
    Intervals m_intervals;
    Mailbox &m_mailbox;
    std::function<void()> m_wake;
    QTimer m_timer;
    QList<PoolEvent> m_collected;
    qint64 m_lastSnapshotNs = 0;
    quint64 m_dropped = 0;
};

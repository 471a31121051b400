#pragma once

#include "acquireresult.h"
#include "clock.h"

#include <QObject>
#include <QPointer>

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

// One acquire waiting for a connection.
struct Waiter
{
    using Callback = std::function<void(AcquireResult)>;

    quint64 id = 0;
    qint64 queuedNs = 0;
    qint64 deadlineNs = 0; // 0: none (it waits for a dial, which has its own timeout)
    QPointer<QObject> context;
    bool hasContext = false;
    bool fresh = false; // wants a newly dialed connection, not a used one
    QString purpose; // what the lease will be for (AcquireOptions)
    quint64 requestId = 0;
    Callback callback;

    // Its context was destroyed: nobody is left to hand a connection to.
    bool isAbandoned() const { return hasContext && !context; }
};

// The acquires waiting for a connection, oldest first (FIFO, like every pool worth copying),
// and the timer for their deadlines. Internal to the pool.
class WaiterQueue
{
public:
    // expired gets the waiters whose deadline passed, when it passed.
    WaiterQueue(Clock &clock, std::function<void(std::vector<Waiter>)> expired);

    // How many of the oldest waiters dials under way will serve: their deadline, once passed,
    // no longer applies (the acquire timeout bounds waiting for a connection or a dial slot,
    // the connect timeout the dial itself).
    void setDialsUnderWay(std::function<int()> dialing) { m_dialing = std::move(dialing); }

    int size() const { return int(m_waiters.size()); }
    bool isEmpty() const { return m_waiters.empty(); }
    // Waiters that only a newly dialed connection can serve.
    int freshCount() const { return m_freshCount; }
    // When the longest-waiting acquire was queued; 0 when none waits.
    qint64 oldestQueuedNs() const { return m_waiters.empty() ? 0 : m_waiters.front().queuedNs; }

    void push(Waiter waiter);
    std::optional<Waiter> take(quint64 id);
    // The oldest waiter a connection can go to: a used one only to waiters that did not ask
    // for a fresh one.
    std::optional<Waiter> takeFor(bool freshConnection);
    std::vector<Waiter> takeAll();

private:
    Waiter takeAt(std::deque<Waiter>::iterator it);
    void expire();
    void scheduleTimer();

    Clock &m_clock;
    std::function<void(std::vector<Waiter>)> m_expired;
    std::function<int()> m_dialing;
    std::unique_ptr<ClockTimer> m_timer;
    std::deque<Waiter> m_waiters;
    int m_freshCount = 0;
};

#include "waiterqueue.h"

#include <algorithm>

WaiterQueue::WaiterQueue(Clock &clock, std::function<void(std::vector<Waiter>)> expired)
    : m_clock(clock)
    , m_expired(std::move(expired))
    , m_timer(clock.createTimer([this] { expire(); }))
{ }

void WaiterQueue::push(Waiter waiter)
{
    m_freshCount += waiter.fresh;
    const qint64 deadline = waiter.deadlineNs;
    m_waiters.push_back(std::move(waiter));
    if (deadline && (!m_timer->isActive() || deadline < m_timer->dueNs()))
        m_timer->start(deadline);
}

Waiter WaiterQueue::takeAt(std::deque<Waiter>::iterator it)
{
    Waiter waiter = std::move(*it);
    m_waiters.erase(it);
    m_freshCount -= waiter.fresh;
    return waiter;
}

std::optional<Waiter> WaiterQueue::take(quint64 id)
{
    const auto it = std::find_if(m_waiters.begin(), m_waiters.end(),
                                 [id](const Waiter &waiter) { return waiter.id == id; });
    if (it == m_waiters.end())
        return std::nullopt;
    return takeAt(it);
}

std::optional<Waiter> WaiterQueue::takeFor(bool freshConnection)
{
    const auto it = std::find_if(m_waiters.begin(), m_waiters.end(), [&](const Waiter &waiter) {
        return freshConnection || !waiter.fresh;
    });
    if (it == m_waiters.end())
        return std::nullopt;
    return takeAt(it);
}

void WaiterQueue::expire()
{
    const qint64 now = m_clock.nowNs();
    const int covered = m_dialing ? m_dialing() : 0;
    std::vector<Waiter> expired;
    int position = 0;
    for (auto it = m_waiters.begin(); it != m_waiters.end(); ++position) {
        if (it->deadlineNs && it->deadlineNs <= now && position < covered) {
            it->deadlineNs = 0; // a dial under way is its: the connect timeout bounds it now
            ++it;
        } else if (it->deadlineNs && it->deadlineNs <= now) {
            m_freshCount -= it->fresh;
            expired.push_back(std::move(*it));
            it = m_waiters.erase(it);
        } else {
            ++it;
        }
    }
    scheduleTimer();
    m_expired(std::move(expired));
}

std::vector<Waiter> WaiterQueue::takeAll()
{
    std::vector<Waiter> all(std::make_move_iterator(m_waiters.begin()),
                            std::make_move_iterator(m_waiters.end()));
    m_waiters.clear();
    m_freshCount = 0;
    m_timer->stop();
    return all;
}

void WaiterQueue::scheduleTimer()
{
    qint64 next = 0;
    for (const Waiter &waiter : m_waiters) {
        if (waiter.deadlineNs && (!next || waiter.deadlineNs < next))
            next = waiter.deadlineNs;
    }
    if (next)
        m_timer->start(next);
    else
        m_timer->stop();
}

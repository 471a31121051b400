#pragma once

#include <QMutex>
#include <QMutexLocker>

#include <functional>
#include <utility>

// Where a thread of a session leaves its part of the next feed for the session to take: a
// value behind a lock. Whoever changes it first after a take() is told to wake the session,
// so at most one wake-up is ever outstanding, however much arrives.
template<typename Delivery> class FeedMailbox
{
public:
    // Any thread. Returns true when the caller should wake the session.
    bool update(const std::function<void(Delivery &)> &change)
    {
        QMutexLocker lock(&m_mutex);
        change(m_waiting);
        return !std::exchange(m_wakeRequested, true);
    }
    // The session's thread.
    Delivery take()
    {
        QMutexLocker lock(&m_mutex);
        m_wakeRequested = false;
        return std::exchange(m_waiting, Delivery());
    }

private:
    QMutex m_mutex;
    Delivery m_waiting;
    bool m_wakeRequested = false;
};

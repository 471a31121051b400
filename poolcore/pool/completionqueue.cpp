#include "completionqueue.h"

void CompletionQueue::add(Waiter waiter, AcquireResult result)
{
    m_pending.emplace_back(std::move(waiter), std::move(result));
    if (m_posted)
        return;
    m_posted = true;
    QMetaObject::invokeMethod(this, &CompletionQueue::deliver, Qt::QueuedConnection);
}

void CompletionQueue::deliver()
{
    m_posted = false;
    std::vector<std::pair<Waiter, AcquireResult>> pending;
    pending.swap(m_pending);
    for (auto &[waiter, result] : pending) {
        // A lease for a context that is gone goes back as the result is dropped.
        if (!waiter.isAbandoned())
            waiter.callback(std::move(result));
    }
}

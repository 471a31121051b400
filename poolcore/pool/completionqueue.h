#pragma once

#include "acquireresult.h"
#include "waiterqueue.h"

#include <QObject>

#include <utility>
#include <vector>

// The pool's hand-offs, delivered later: like Go's database/sql sending a connection on the
// waiter's channel, the pool hands over while its state is consistent and the waiter only
// hears of it from the event loop, so no caller re-enters the pool from inside acquire() or
// release(). One queued call delivers everything pending. Internal to the pool.
class CompletionQueue : public QObject
{
public:
    void add(Waiter waiter, AcquireResult result);
    // Delivers what is pending now, once: for the pool's destructor.
    void deliver();
    void clear() { m_pending.clear(); }

private:
    std::vector<std::pair<Waiter, AcquireResult>> m_pending;
    bool m_posted = false;
};

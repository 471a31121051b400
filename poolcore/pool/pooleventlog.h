#pragma once

#include "poolevent.h"

#include <vector>

class PooledConnection;
class PoolObserver;

// Where the pool's events go: each is numbered in the order the pool's state changed and
// handed to every observer at once, on the pool's thread. Internal to the pool.
class PoolEventLog
{
public:
    quint32 poolId() const { return m_poolId; }
    void setPoolId(quint32 id) { m_poolId = id; }
    // The pool's current generation, which pool-level events carry.
    void setGeneration(quint32 generation) { m_generation = generation; }

    // An event of this pool at timeNs, about connection when there is one.
    PoolEvent make(EventKind kind, qint64 timeNs,
                   const PooledConnection *connection = nullptr) const;
    // Stamps the sequence number and tells the observers.
    void record(PoolEvent &event);

    void addObserver(PoolObserver *observer);
    void removeObserver(PoolObserver *observer);

private:
    quint32 m_poolId = 0;
    quint32 m_generation = 1;
    quint64 m_nextSequence = 1;
    std::vector<PoolObserver *> m_observers;
};

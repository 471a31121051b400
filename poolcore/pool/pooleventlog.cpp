#include "pooleventlog.h"

#include "pooledconnection.h"
#include "poolobserver.h"

#include <algorithm>

PoolEvent PoolEventLog::make(EventKind kind, qint64 timeNs,
                             const PooledConnection *connection) const
{
    PoolEvent event;
    event.timeNs = timeNs;
    event.kind = kind;
    event.poolId = m_poolId;
    event.generation = connection ? connection->generation : m_generation;
    if (connection)
        event.connectionId = connection->id;
    return event;
}

void PoolEventLog::record(PoolEvent &event)
{
    event.sequence = m_nextSequence++;
    for (PoolObserver *observer : m_observers)
        observer->eventRecorded(event);
}

void PoolEventLog::addObserver(PoolObserver *observer)
{
    m_observers.push_back(observer);
}

void PoolEventLog::removeObserver(PoolObserver *observer)
{
    std::erase(m_observers, observer);
}

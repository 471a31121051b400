#pragma once

#include "poolconfig.h"
#include "poolevent.h"
#include "poolsnapshot.h"
#include "runupdate.h"

#include <QList>

#include <optional>

// What one pool of a session did since the last feed.
struct PoolFeed
{
    quint32 pool = 0;
    QList<PoolEvent> events; // in sequence order
    std::optional<PoolSnapshot> snapshot; // when one was due
    QList<LoadProgress> workload; // the pool's own workload's progress reports
    QList<RunUpdate> runs;
    std::optional<PoolConfig> config; // when it changed
    bool removed = false; // the pool shut down; its last events are in this feed
    quint64 droppedEvents = 0; // since the pool started, while the consumer stalled

    bool isEmpty() const
    {
        return events.isEmpty() && !snapshot && workload.isEmpty() && runs.isEmpty() && !config
            && !removed;
    }
};

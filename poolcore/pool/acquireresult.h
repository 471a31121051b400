#pragma once

#include "dialtiming.h"
#include "enumnames.h"
#include "poolevent.h"
#include "poollease.h"

#include <QString>

struct AcquireOptions
{
    qint64 timeoutMs = -1; // < 0: the pool's acquire timeout
    // Skip idle connections and take a newly dialed one: for a retry after a reused
    // connection turned out stale, and for unpooled (one connection per request) use.
    bool fresh = false;
    // What the lease will be for (PoolLease::setPurpose), known while the acquire waits: a
    // connection handed over in the meantime says whose it is.
    QString purpose;
    quint64 requestId = 0;
};

// What an acquire delivers: a lease, or why there is none.
struct AcquireResult
{
    PoolLease lease;
    AcquireError error = AcquireError::None;
    DialError dialError = DialError::None; // with AcquireError::DialFailed
    QString message;
    qint64 waitNs = 0;
    // For a connection dialed while this acquire waited: its whole dial, which may have begun
    // before the wait did (DialTiming::lastPart() gives what the wait saw).
    DialTiming dial;

    bool ok() const { return error == AcquireError::None; }
};

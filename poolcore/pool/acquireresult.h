#pragma once

#include "poolevent.h"
#include "poollease.h"

#include <QString>

enum class AcquireError : quint8 {
    None,
    Timeout, // the acquire timeout passed while waiting
    Exhausted, // acquire timeout 0 and every connection busy
    DialFailed,
    Cancelled,
    PoolClosed,
};

struct AcquireOptions
{
    qint64 timeoutMs = -1; // < 0: the pool's acquire timeout
    // Skip idle connections and take a newly dialed one: for a retry after a reused
    // connection turned out stale, and for unpooled (one connection per request) use.
    bool fresh = false;
};

// What an acquire delivers: a lease, or why there is none.
struct AcquireResult
{
    PoolLease lease;
    AcquireError error = AcquireError::None;
    DialError dialError = DialError::None; // with AcquireError::DialFailed
    QString message;
    qint64 waitNs = 0;
    qint64 dialNs = 0; // for a connection dialed for this acquire: resolve + connect + TLS

    bool ok() const { return error == AcquireError::None; }
    static QString errorName(AcquireError error);
};

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

// What an acquire delivers: a lease, or why there is none.
struct AcquireResult
{
    PoolLease lease;
    AcquireError error = AcquireError::None;
    DialError dialError = DialError::None; // with AcquireError::DialFailed
    QString message;
    qint64 waitNs = 0;

    bool ok() const { return error == AcquireError::None; }
    static QString errorName(AcquireError error);
};

#include "acquireresult.h"

using namespace Qt::StringLiterals;

QString AcquireResult::errorName(AcquireError error)
{
    switch (error) {
    case AcquireError::None:
        return u"none"_s;
    case AcquireError::Timeout:
        return u"acquire_timeout"_s;
    case AcquireError::Exhausted:
        return u"pool_exhausted"_s;
    case AcquireError::DialFailed:
        return u"dial_failed"_s;
    case AcquireError::Cancelled:
        return u"cancelled"_s;
    case AcquireError::PoolClosed:
        return u"pool_closed"_s;
    }
    return u"unknown"_s;
}

#pragma once

#include "comparisonupdate.h"
#include "labfeed.h"
#include "poolfeed.h"
#include "probefeed.h"
#include "sessionreply.h"

#include <QList>
#include <QMetaType>

#include <optional>

// Everything a Session has to tell, about 30 times a second, as one value: the only thing
// the window reads. A recording is these values written down (FeedCodec), one a line.
struct SessionFeed
{
    quint64 sequence = 0; // 1, 2, 3, ... per session
    qint64 timeNs = 0; // MonotonicClock, when it was put together
    QList<PoolFeed> pools; // only pools with something new
    LabFeed lab;
    ProbeFeed probe;
    QList<ComparisonUpdate> comparisons;
    QList<SessionReply> replies;

    const PoolFeed *pool(quint32 id) const
    {
        for (const PoolFeed &feed : pools) {
            if (feed.pool == id)
                return &feed;
        }
        return nullptr;
    }
    bool isEmpty() const
    {
        return pools.isEmpty() && lab.isEmpty() && probe.isEmpty() && comparisons.isEmpty()
            && replies.isEmpty();
    }
};

Q_DECLARE_METATYPE(SessionFeed)

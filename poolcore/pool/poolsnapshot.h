#pragma once

#include "connectioninfo.h"
#include "poolstats.h"

#include <QList>
#include <QMetaType>

// Everything the pool knows at one moment: each connection and the statistics.
struct PoolSnapshot
{
    qint64 timeNs = 0;
    QList<ConnectionInfo> connections;
    PoolStats stats;
};

Q_DECLARE_METATYPE(PoolSnapshot)

#pragma once

#include "connectionledger.h"

#include <QCoreApplication>
#include <QString>

#include <optional>

// What hovering a lane says: the connection, what it was doing at the time under the cursor,
// the simulated handshake over its first request, and how it ended.
class LaneToolTip
{
    Q_DECLARE_TR_FUNCTIONS(LaneToolTip)
public:
    // atNs: the time under the cursor, none over the lane's number; handshakeNs: the lab's
    // setup delay, 0 against a real server.
    static QString text(const ConnectionLedger::Entry &lane, std::optional<qint64> atNs,
                        qint64 nowNs, qint64 epochNs, qint64 handshakeNs);
};

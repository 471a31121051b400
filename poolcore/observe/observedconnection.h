#pragma once

#include "observedsocket.h"

#include <QHostAddress>

// One observed connection as of the last poll: the raw row and what PoolScope inferred from
// the rows before it.
struct ObservedConnection
{
    quint64 cookie = 0;
    QHostAddress localAddress;
    quint16 localPort = 0;
    QHostAddress remoteAddress;
    quint16 remotePort = 0;
    TcpState state = TcpState::Unknown;
    qint64 firstSeenNs = 0;
    bool alreadyOpen = false; // open when observing began
    bool inUse = false; // data moved since the poll before
    qint64 idleMs = -1; // since data last moved either way (TCP_INFO), when idle
    qint64 requests = -1; // estimated request/response rounds over its life
    qint64 bytesSent = -1; // acknowledged by the peer
    qint64 bytesReceived = -1;
    qint64 rttUs = -1;
    qint64 retransmits = -1; // over its life
    quint32 receiveQueue = 0;
    quint32 sendQueue = 0;
    bool zeroWindow = false;
};

#pragma once

#include "enumnames.h"
#include "poolevent.h"

#include <QHostAddress>
#include <QMetaType>

enum class ConnectionState : quint8 {
    Resolving,
    Connecting,
    TlsHandshake,
    Idle,
    InUse,
    Closing,
    Closed,
};

template<> struct EnumNames<ConnectionState>
{
    static constexpr ConnectionState last = ConnectionState::Closed;
    static constexpr std::array names{
        "resolving", "connecting", "tls_handshake", "idle", "in_use", "closing", "closed",
    };
};

// What the pool knows about one connection at the moment of a snapshot. Times are
// MonotonicClock nanoseconds, 0 when the thing has not happened yet.
struct ConnectionInfo
{
    quint64 id = 0;
    ConnectionState state = ConnectionState::Resolving;
    quint32 generation = 0;
    QHostAddress peerAddress;
    quint16 peerPort = 0;
    quint16 localPort = 0;
    qint64 createdNs = 0;
    qint64 connectedNs = 0;
    qint64 lastAcquiredNs = 0;
    qint64 lastReleasedNs = 0;
    qint64 closedNs = 0;
    quint64 useCount = 0;
    // While in use: what the holder said the lease is for (PoolLease::setPurpose).
    QString purpose;
    quint64 requestId = 0;
    // From the kernel's TCP_INFO (Linux); -1 where it could not be read.
    qint64 bytesIn = -1;
    qint64 bytesOut = -1;
    qint64 rttUs = -1;
    qint64 rttVarUs = -1;
    qint64 retransmits = -1;
    EvictionReason closeReason = EvictionReason::None;
    DialError dialError = DialError::None; // for a dial that never connected
    QString closeMessage;
};

Q_DECLARE_METATYPE(ConnectionInfo)

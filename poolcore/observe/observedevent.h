#pragma once

#include "enumnames.h"

#include <QString>

// Who closed a connection first, as the socket table shows it.
enum class CloseSide : quint8 {
    Local, // the observed program: its side went to FIN_WAIT or TIME_WAIT
    Peer, // the peer: its FIN arrived (CLOSE_WAIT, LAST_ACK) or its TIME_WAIT was seen
    Reset, // gone with no TIME_WAIT on either side while both sides were in the table
    Unknown, // gone between two polls, the peer's side not in this host's table
};

template<> struct EnumNames<CloseSide>
{
    static constexpr CloseSide last = CloseSide::Unknown;
    static constexpr std::array names{"local", "peer", "reset", "unknown"};
};

// One thing the socket table showed happening to an observed connection. The kinds map onto a
// pool's events (docs/observe.md): Opened a dial, InUse an acquire, Idle a release, Closed an
// eviction.
struct ObservedEvent
{
    enum class Kind : quint8 {
        Opened, // a cookie not seen before
        InUse, // data moved since the last poll
        Idle, // no data moved since the last poll
        PeerClosed, // the peer's FIN arrived and the program has not closed its side (CLOSE_WAIT)
        Closed, // the program's side closed, or the socket left the table
    };

    qint64 timeNs = 0; // the poll that saw it
    Kind kind = Kind::Opened;
    quint64 cookie = 0;
    CloseSide side = CloseSide::Unknown; // Closed
    bool alreadyOpen = false; // Opened: open when observing began, so its dial was not seen
    qint64 ageNs = -1; // Closed: since it was first seen (-1 when it was open at the start)
    qint64 idleMs = -1; // Idle: since data last moved, from TCP_INFO
    qint64 requests = -1; // Closed: estimated request/response rounds, -1 when never measured
    QString peer; // Opened: "ip:port"
};

template<> struct EnumNames<ObservedEvent::Kind>
{
    static constexpr ObservedEvent::Kind last = ObservedEvent::Kind::Closed;
    static constexpr std::array names{"opened", "in_use", "idle", "peer_closed", "closed"};
};

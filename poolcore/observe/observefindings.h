#pragma once

#include <QtGlobal>

// What the socket table says about the observed connections that no pool reports about itself,
// as of one poll.
struct ObserveFindings
{
    int open = 0; // observed connections not yet closed by the program (CLOSE_WAIT included)
    int inUse = 0;
    int idle = 0;
    int closeWait = 0; // the peer closed them and the program has not noticed
    int timeWait = 0; // toward the observed destinations, closed by this host first
    double newPerSecond = 0; // connections opened over the last second
    int portsInUse = 0; // local ports bound toward the busiest destination, TIME_WAIT included
    int portRange = 0; // ip_local_port_range's size (0 when unreadable)
    int idleOverCutoff = 0; // idle longer than the destination's idle cutoff, when one is set
    int zeroWindow = 0; // connections whose peer advertises no room (or a zero-window probe)
    qint64 retransmits = 0; // segments retransmitted since observing began, by open connections

    // Ephemeral ports still free toward the busiest destination; -1 when the range is unknown.
    int portHeadroom() const { return portRange > 0 ? portRange - portsInUse : -1; }
};

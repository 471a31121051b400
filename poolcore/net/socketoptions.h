#pragma once

#include <QString>

// Options set directly on a socket descriptor, for what QAbstractSocket::SocketOption does
// not reach (the keepalive timings).
class SocketOptions
{
public:
    // Returns an error message, empty on success.
    static QString setKeepAlive(qintptr descriptor, bool enabled, int idleS, int intervalS,
                                int count);
    static QString setNoDelay(qintptr descriptor, bool enabled);

    enum class Health : quint8 {
        Alive, // nothing pending, the kernel says established
        PeerClosed, // a FIN is waiting to be read
        Reset, // the peer reset the connection
        PendingData, // bytes are waiting that nobody asked for
        NotConnected, // the kernel no longer has it established
        TimedOut, // the kernel gave up on it: keepalive probes or retransmissions unanswered
    };
    // Looks without reading (MSG_PEEK, non-blocking): the cheap check before reusing an idle
    // connection, for what the event loop has not delivered yet.
    static Health peekHealth(qintptr descriptor);
};

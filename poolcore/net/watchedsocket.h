#pragma once

#include <QMetaMethod>

// Knows whether anyone connected to the socket's signals since the pool armed it, so the
// pool only tears down a holder's connections (and rebuilds its own) when there are some.
class SocketWatch
{
public:
    bool holderConnected = false;
    bool armed = false;
};

// A QTcpSocket or QSslSocket that reports connections to its signals to a SocketWatch.
template<typename Socket>
class WatchedSocket final
    : public Socket
    , public SocketWatch
{
public:
    using Socket::Socket;

protected:
    void connectNotify(const QMetaMethod &signal) override
    {
        if (armed)
            holderConnected = true;
        Socket::connectNotify(signal);
    }
};

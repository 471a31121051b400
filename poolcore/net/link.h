#pragma once

#include "dialerror.h"
#include "socketoptions.h"
#include "sockettuning.h"
#include "tcpinfo.h"

#include <QHostAddress>
#include <QString>

class QTcpSocket;

// How a link ended, as its listener learns it.
struct LinkClose
{
    bool error = false; // a socket error, not only the peer's orderly close
    bool byPeer = false; // the peer closed or reset it (not a local failure)
    bool timedOut = false; // the kernel gave up on an unanswered peer: no FIN or RST came
    QString message; // what happened, with FIN or RST when the link saw which
};

// What a link tells the one that dialed it. Calls come from the event loop, never from inside
// a Link or Connector call, and a listener may destroy the link from any of them.
class LinkListener
{
public:
    // TCP is connected; a TLS handshake follows when the target asked for one.
    virtual void linkConnected() = 0;
    // Ready for requests.
    virtual void linkEstablished() = 0;
    virtual void linkDialFailed(DialError error, const QString &message) = 0;
    // Bytes arrived.
    virtual void linkReadyRead() = 0;
    virtual void linkClosed(const LinkClose &close) = 0;

protected:
    ~LinkListener() = default;
};

// One connection as the pool sees it, from the dial on: the seam between the pool's state
// machine and sockets. SocketLink is the real one; the state-machine tests use links that
// have no socket. Destroying a link closes it without calling its listener.
class Link
{
public:
    virtual ~Link() = default;

    // The socket a lease holder reads and writes; nullptr for links without one.
    virtual QTcpSocket *socket() const = 0;
    virtual QHostAddress peerAddress() const = 0;
    virtual quint16 peerPort() const = 0;
    virtual quint16 localPort() const = 0;
    // "TLSv1.3, TLS_AES_256_GCM_SHA384"; empty without TLS.
    virtual QString tlsDescription() const = 0;

    virtual bool isConnected() const = 0;
    virtual qint64 bytesAvailable() const = 0;
    // Looks without reading: what the event loop has not delivered yet.
    virtual SocketOptions::Health peekHealth() const = 0;
    // The kernel's counters; the last ones read once the descriptor is gone.
    virtual TcpInfo tcpInfo() const = 0;
    virtual void applyTuning(const SocketTuning &tuning) = 0;

    // While idle, the link tells a FIN from an RST as it arrives, before Qt reads it.
    virtual void setIdle(bool idle) = 0;
    // Whatever a holder connected to socket() must not fire for the next holder.
    virtual void releaseHolder() = 0;
};

#pragma once

#include "connectioninfo.h"
#include "tcpinfo.h"
#include "watchedsocket.h"

#include <QHostAddress>
#include <QList>
#include <QPointer>
#include <QTimer>

class LeaseListener;
class QTcpSocket;

// The pool's record of one connection: owned and only touched by ConnectionPool, on its
// thread. Internal to poolcore.
class PooledConnection
{
public:
    quint64 id = 0;
    quint32 generation = 0;
    ConnectionState state = ConnectionState::Resolving;
    QTcpSocket *socket = nullptr; // child of the pool; deleted with deleteLater

    qint64 createdNs = 0;
    qint64 tcpConnectedNs = 0;
    qint64 connectedNs = 0;
    qint64 tlsStartedNs = 0;
    qint64 lastAcquiredNs = 0;
    qint64 lastReleasedNs = 0;
    qint64 expiresNs = 0; // max lifetime with this connection's jitter; 0: never
    double lifetimeJitter = 1.0; // factor drawn once, so a settings change keeps it
    quint64 useCount = 0;
    quint64 token = 0; // the current lease; 0 when not out

    // Set when something says this connection must go while a holder has it.
    EvictionReason pendingEviction = EvictionReason::None;
    QString pendingMessage;
    SocketWatch *watch = nullptr; // the socket, as the one that knows about holders
    LeaseListener *listener = nullptr; // the holder's, while in use

    QPointer<QObject> readNotifier; // Qt's, watched to tell a FIN from an RST
    QString closeHint; // what the last peek saw before Qt read
    mutable TcpInfo lastTcp; // as the last snapshot read it

    QList<QHostAddress> dialAddresses;
    int dialAddressIndex = 0;
    QTimer connectTimer;
    QHostAddress peerAddress;
    quint16 peerPort = 0;
    quint16 localPort = 0;

    ConnectionInfo info(const TcpInfo &tcp) const;
};

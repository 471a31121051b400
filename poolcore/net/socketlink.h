#pragma once

#include "connector.h"
#include "link.h"
#include "peerclosewatch.h"

#include <QObject>
#include <QPointer>

class SocketConnect;
class SocketWatch;

// A Link on a QTcpSocket, or a QSslSocket when the target asks for TLS: connects to each
// address in turn until one answers (SocketConnect: one TCP connection per attempt), hands the
// descriptor to the socket, shakes hands, then reports what the socket does. Lives on
// the thread that connected it.
class SocketLink final
    : public QObject
    , public Link
{
public:
    SocketLink(const DialTarget &target, LinkListener *listener);
    ~SocketLink() override;

    QTcpSocket *socket() const override { return m_socket; }
    QHostAddress peerAddress() const override;
    quint16 peerPort() const override { return m_target.port; }
    quint16 localPort() const override { return m_localPort; }
    QString tlsDescription() const override;
    bool isConnected() const override;
    qint64 bytesAvailable() const override;
    SocketOptions::Health peekHealth() const override;
    TcpInfo tcpInfo() const override;
    void applyTuning(const SocketTuning &tuning) override;
    void setIdle(bool idle) override { m_idle = idle; }
    void releaseHolder() override;

private:
    void connectNext();
    void connectDone(qintptr descriptor, DialError error, const QString &message);
    void connectSignals();
    void onConnected();
    void onErrorOccurred();
    void onDisconnected();
    LinkClose closeOf(bool error, bool byPeer, const QString &otherwise) const;

    DialTarget m_target;
    LinkListener *m_listener;
    QTcpSocket *m_socket = nullptr; // a child; deleted later, never inside its own signals
    SocketWatch *m_watch = nullptr; // m_socket, as the one that knows about holders
    SocketConnect *m_connect = nullptr; // a child: the TCP connect under way, or the last
    int m_addressIndex = 0;
    bool m_tcpConnected = false;
    bool m_established = false;
    bool m_closed = false;
    bool m_idle = false;
    quint16 m_localPort = 0;
    PeerCloseWatch m_closeWatch; // while idle, whether the peer sent a FIN or an RST
    mutable TcpInfo m_lastTcp;
};

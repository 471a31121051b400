#pragma once

#include "connector.h"

#include <vector>

class FakeConnector;

// A Link with no socket, driven by the test: it connects, fails, closes or receives when the
// test says, and reports what the pool did to it. It calls its listener only from the test's
// own calls, never from inside a pool call.
class FakeLink final : public Link
{
public:
    FakeLink(FakeConnector &connector, const DialTarget &target, LinkListener *listener);
    ~FakeLink() override;

    // What the test does. Each calls the listener, which may destroy this link: call nothing
    // on it afterwards without checking FakeConnector::isOpen().
    void establish(); // connected (and, for TLS, the handshake done)
    void failDial(DialError error, const QString &message = QStringLiteral("fake failure"));
    void closeByPeer(bool reset = false); // reset: an error as well as the close
    void receive(qint64 bytes);
    void readAll() { m_unread = 0; } // as the holder does with what arrived
    void setHealth(SocketOptions::Health health) { m_health = health; }

    const DialTarget &target() const { return m_target; }
    bool isIdle() const { return m_idle; }
    int holderReleases() const { return m_holderReleases; }
    const SocketTuning &tuning() const { return m_target.tuning; }

    QTcpSocket *socket() const override { return nullptr; }
    QHostAddress peerAddress() const override { return m_target.addresses.value(0); }
    quint16 peerPort() const override { return m_target.port; }
    quint16 localPort() const override { return m_localPort; }
    QString tlsDescription() const override;
    bool isConnected() const override { return m_connected; }
    qint64 bytesAvailable() const override { return m_unread; }
    SocketOptions::Health peekHealth() const override { return m_health; }
    TcpInfo tcpInfo() const override { return {}; }
    void applyTuning(const SocketTuning &tuning) override { m_target.tuning = tuning; }
    void setIdle(bool idle) override { m_idle = idle; }
    void releaseHolder() override { ++m_holderReleases; }

private:
    FakeConnector &m_connector;
    DialTarget m_target;
    LinkListener *m_listener;
    quint16 m_localPort;
    bool m_connected = false;
    bool m_idle = false;
    qint64 m_unread = 0;
    int m_holderReleases = 0;
    SocketOptions::Health m_health = SocketOptions::Health::Alive;
};

// A Connector whose links connect only when the test says so.
class FakeConnector final : public Connector
{
public:
    std::unique_ptr<Link> connect(const DialTarget &target, LinkListener *listener) override;

    // Every connect() so far, and the links still alive, oldest first.
    int connects() const { return m_connects; }
    const std::vector<FakeLink *> &links() const { return m_links; }
    bool isOpen(const FakeLink *link) const;
    // The links not yet established or failed.
    std::vector<FakeLink *> dialing() const;
    // Establishes every link still dialing; returns how many.
    int establishAll();

private:
    friend class FakeLink;
    int m_connects = 0;
    std::vector<FakeLink *> m_links;
    std::vector<const FakeLink *> m_established;
};

#include "fakeconnector.h"

#include <algorithm>

FakeLink::FakeLink(FakeConnector &connector, const DialTarget &target, LinkListener *listener)
    : m_connector(connector)
    , m_target(target)
    , m_listener(listener)
    , m_localPort(quint16(40000 + connector.m_connects))
{
    connector.m_links.push_back(this);
}

FakeLink::~FakeLink()
{
    std::erase(m_connector.m_links, this);
    std::erase(m_connector.m_established, this);
}

QString FakeLink::tlsDescription() const
{
    return m_target.tls && m_connected ? QStringLiteral("TLSv1.3, FAKE_CIPHER") : QString();
}

void FakeLink::establish()
{
    m_connected = true;
    m_connector.m_established.push_back(this);
    LinkListener *listener = m_listener;
    listener->linkConnected();
    if (m_connector.isOpen(this))
        listener->linkEstablished();
}

void FakeLink::failDial(DialError error, const QString &message)
{
    m_listener->linkDialFailed(error, message);
}

void FakeLink::closeByPeer(bool reset)
{
    m_connected = false;
    LinkClose close;
    close.error = reset;
    close.byPeer = true;
    close.message = reset ? QStringLiteral("the server reset it (RST)")
                          : QStringLiteral("the peer closed the connection");
    m_listener->linkClosed(close);
}

void FakeLink::receive(qint64 bytes)
{
    m_unread += bytes;
    m_listener->linkReadyRead();
}

std::unique_ptr<Link> FakeConnector::connect(const DialTarget &target, LinkListener *listener)
{
    ++m_connects;
    return std::make_unique<FakeLink>(*this, target, listener);
}

bool FakeConnector::isOpen(const FakeLink *link) const
{
    return std::find(m_links.begin(), m_links.end(), link) != m_links.end();
}

std::vector<FakeLink *> FakeConnector::dialing() const
{
    std::vector<FakeLink *> links;
    for (FakeLink *link : m_links) {
        if (std::find(m_established.begin(), m_established.end(), link) == m_established.end())
            links.push_back(link);
    }
    return links;
}

int FakeConnector::establishAll()
{
    const std::vector<FakeLink *> links = dialing();
    int established = 0;
    for (FakeLink *link : links) {
        if (isOpen(link)) {
            link->establish();
            ++established;
        }
    }
    return established;
}

#include "connectiontracker.h"

#include "endpoint.h"

#include <QFile>

#include <algorithm>

namespace {

constexpr qint64 SecondNs = 1'000'000'000;
// A connection first seen is in use if its data moved since the reading before; at the first
// reading, within this long.
constexpr qint64 FirstReadingNs = 100'000'000;

bool closedByProgram(TcpState state)
{
    return state == TcpState::FinWait1 || state == TcpState::FinWait2 || state == TcpState::TimeWait
        || state == TcpState::Closing || state == TcpState::Close;
}

} // namespace

ConnectionTracker::ConnectionTracker(const ObserveSelection &selection, int portRange)
    : m_selection(selection)
    , m_portRange(portRange)
{ }

int ConnectionTracker::readPortRange()
{
    QFile file(QStringLiteral("/proc/sys/net/ipv4/ip_local_port_range"));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> parts = file.readAll().simplified().split(' ');
    if (parts.size() != 2)
        return 0;
    const int first = parts[0].toInt();
    const int last = parts[1].toInt();
    return last >= first && first > 0 ? last - first + 1 : 0;
}

bool ConnectionTracker::selects(const ObservedSocket &row, const QSet<quint64> *processInodes) const
{
    if (row.state == TcpState::Listen || row.state == TcpState::NewSynRecv
        || m_listening.contains(row.localPort))
        return false; // a listener, or the accepting side of a connection: no pool's dial
    if (m_selection.byDestination() && !m_selection.towardDestination(row))
        return false;
    if (!m_selection.byPid())
        return true;
    if (row.inode != 0)
        return processInodes && processInodes->contains(row.inode);
    // No process holds a TIME_WAIT socket: one of the process's is told by where it goes.
    return row.state == TcpState::TimeWait
        && (m_selection.byDestination()
            || m_destinations.contains({row.remoteAddress, row.remotePort}));
}

ObservedFeed ConnectionTracker::update(const QList<ObservedSocket> &table,
                                       const QSet<quint64> *processInodes, qint64 nowNs)
{
    ObservedFeed feed;
    feed.timeNs = nowNs;
    m_listening.clear();
    for (const ObservedSocket &row : table) {
        if (row.state == TcpState::Listen)
            m_listening.insert(row.localPort);
    }
    indexPeers(table);
    QSet<quint64> seen;
    seen.reserve(m_tracked.size());
    for (const ObservedSocket &row : table) {
        if (const auto it = m_tracked.find(row.cookie); it != m_tracked.end()) {
            seen.insert(row.cookie);
            follow(*it, row, nowNs, &feed);
            continue;
        }
        if (!m_started && row.state == TcpState::TimeWait) {
            m_preexisting.insert(row.cookie);
            continue;
        }
        if (m_preexisting.contains(row.cookie) || !selects(row, processInodes))
            continue;
        start(row, nowNs, !m_started, &feed);
        seen.insert(row.cookie);
    }
    for (auto it = m_tracked.begin(); it != m_tracked.end();) {
        if (seen.contains(it.key())) {
            ++it;
            continue;
        }
        if (!it->closed)
            close(*it, vanishedSide(*it), nowNs, &feed);
        it = m_tracked.erase(it);
    }
    m_started = true;
    fillFindings(table, nowNs, &feed);
    m_lastPollNs = nowNs;
    return feed;
}

void ConnectionTracker::start(const ObservedSocket &row, qint64 nowNs, bool alreadyOpen,
                              ObservedFeed *feed)
{
    Tracked tracked;
    ObservedConnection &c = tracked.connection;
    c.cookie = row.cookie;
    c.localAddress = row.localAddress;
    c.localPort = row.localPort;
    c.remoteAddress = row.remoteAddress;
    c.remotePort = row.remotePort;
    c.firstSeenNs = nowNs;
    c.alreadyOpen = alreadyOpen;
    tracked.firstRetransmits = row.totalRetransmits;
    m_destinations.insert({row.remoteAddress, row.remotePort});
    ObservedEvent opened;
    opened.timeNs = nowNs;
    opened.kind = ObservedEvent::Kind::Opened;
    opened.cookie = row.cookie;
    opened.alreadyOpen = alreadyOpen;
    opened.peer = Endpoint::of(row.remoteAddress, row.remotePort);
    feed->events.append(opened);
    if (!alreadyOpen)
        m_recentOpens.push_back(nowNs);
    Tracked &stored = *m_tracked.insert(row.cookie, tracked);
    follow(stored, row, nowNs, feed);
}

void ConnectionTracker::follow(Tracked &tracked, const ObservedSocket &row, qint64 nowNs,
                               ObservedFeed *feed)
{
    ObservedConnection &c = tracked.connection;
    c.state = row.state;
    c.receiveQueue = row.receiveQueue;
    c.sendQueue = row.sendQueue;
    c.zeroWindow = row.zeroWindow();
    if (m_peers.contains({{row.remoteAddress, row.remotePort}, {row.localAddress, row.localPort}}))
        tracked.peerVisible = true;
    if (row.hasInfo) {
        c.rttUs = row.rttUs;
        c.retransmits = row.totalRetransmits;
        c.bytesSent = row.bytesAcked;
        c.bytesReceived = row.bytesReceived;
        // A request and its response are each at least one data segment: the fewer of the two
        // counts the rounds when messages fit a segment and are not pipelined.
        if (row.dataSegmentsOut >= 0 && row.dataSegmentsIn >= 0)
            c.requests = std::min(row.dataSegmentsOut, row.dataSegmentsIn);
        const qint64 bytes = row.bytesAcked + row.bytesReceived;
        const qint64 quietMs = std::min(row.lastDataSentMs, row.lastDataReceivedMs);
        const bool wasInUse = c.inUse;
        const qint64 sinceReadingNs = m_started ? nowNs - m_lastPollNs : FirstReadingNs;
        c.inUse = tracked.lastBytes >= 0 ? bytes != tracked.lastBytes
                                         : quietMs >= 0 && quietMs * 1'000'000 < sinceReadingNs;
        c.idleMs = c.inUse ? 0 : quietMs;
        if (tracked.lastBytes >= 0 && wasInUse != c.inUse && !tracked.closed) {
            ObservedEvent event;
            event.timeNs = nowNs;
            event.kind = c.inUse ? ObservedEvent::Kind::InUse : ObservedEvent::Kind::Idle;
            event.cookie = c.cookie;
            event.idleMs = c.idleMs;
            feed->events.append(event);
        }
        tracked.lastBytes = bytes;
    }
    if (tracked.closed)
        return;
    if (row.state == TcpState::CloseWait && !tracked.peerClosed) {
        tracked.peerClosed = true;
        ObservedEvent event;
        event.timeNs = nowNs;
        event.kind = ObservedEvent::Kind::PeerClosed;
        event.cookie = c.cookie;
        feed->events.append(event);
    } else if (row.state == TcpState::LastAck) {
        close(tracked, CloseSide::Peer, nowNs, feed);
    } else if (closedByProgram(row.state)) {
        close(tracked, tracked.peerClosed ? CloseSide::Peer : CloseSide::Local, nowNs, feed);
    }
}

void ConnectionTracker::close(Tracked &tracked, CloseSide side, qint64 nowNs, ObservedFeed *feed)
{
    tracked.closed = true;
    const ObservedConnection &c = tracked.connection;
    if (c.retransmits >= 0 && tracked.firstRetransmits >= 0)
        m_closedRetransmits += c.retransmits - tracked.firstRetransmits;
    ObservedEvent event;
    event.timeNs = nowNs;
    event.kind = ObservedEvent::Kind::Closed;
    event.cookie = c.cookie;
    event.side = side;
    event.ageNs = c.alreadyOpen ? -1 : nowNs - c.firstSeenNs;
    event.requests = c.requests;
    feed->events.append(event);
}

CloseSide ConnectionTracker::vanishedSide(const Tracked &tracked) const
{
    const ObservedConnection &c = tracked.connection;
    if (tracked.peerClosed)
        return CloseSide::Peer;
    const auto peer
        = m_peers.constFind({{c.remoteAddress, c.remotePort}, {c.localAddress, c.localPort}});
    if (peer != m_peers.cend() && *peer == TcpState::TimeWait)
        return CloseSide::Peer;
    // A graceful close leaves one side in TIME_WAIT; with both sides here and neither, a reset.
    return tracked.peerVisible ? CloseSide::Reset : CloseSide::Unknown;
}

void ConnectionTracker::indexPeers(const QList<ObservedSocket> &table)
{
    m_peers.clear();
    if (m_tracked.isEmpty())
        return;
    QSet<quint16> peerPorts;
    for (const Tracked &tracked : std::as_const(m_tracked))
        peerPorts.insert(tracked.connection.remotePort);
    for (const ObservedSocket &row : table) {
        if (row.state != TcpState::Listen && peerPorts.contains(row.localPort))
            m_peers.insert({{row.localAddress, row.localPort}, {row.remoteAddress, row.remotePort}},
                           row.state);
    }
}

void ConnectionTracker::fillFindings(const QList<ObservedSocket> &table, qint64 nowNs,
                                     ObservedFeed *feed)
{
    ObserveFindings &f = feed->findings;
    f.portRange = m_portRange;
    f.retransmits = m_closedRetransmits;
    for (const Tracked &tracked : std::as_const(m_tracked)) {
        if (tracked.closed)
            continue;
        const ObservedConnection &c = tracked.connection;
        feed->connections.append(c);
        ++f.open;
        ++(c.inUse ? f.inUse : f.idle);
        f.closeWait += c.state == TcpState::CloseWait;
        f.idleOverCutoff += m_idleCutoffMs > 0 && !c.inUse && c.idleMs > m_idleCutoffMs;
        f.zeroWindow += c.zeroWindow;
        if (c.retransmits >= 0 && tracked.firstRetransmits >= 0)
            f.retransmits += c.retransmits - tracked.firstRetransmits;
    }
    QHash<Destination, int> ports;
    for (const ObservedSocket &row : table) {
        if (row.state == TcpState::Listen || m_listening.contains(row.localPort))
            continue;
        const Destination destination{row.remoteAddress, row.remotePort};
        const bool toward = m_selection.byDestination() ? m_selection.towardDestination(row)
                                                        : m_destinations.contains(destination);
        if (!toward)
            continue;
        f.timeWait += row.state == TcpState::TimeWait;
        f.portsInUse = std::max(f.portsInUse, ++ports[destination]);
    }
    while (!m_recentOpens.empty() && m_recentOpens.front() <= nowNs - SecondNs)
        m_recentOpens.pop_front();
    f.newPerSecond = double(m_recentOpens.size());
}

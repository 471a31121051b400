#pragma once

#include "observedfeed.h"
#include "observedsocket.h"
#include "observeselection.h"

#include <QHash>
#include <QList>
#include <QSet>

#include <deque>

// Turns successive readings of the socket table into observed events: a cookie not seen before
// is a dial, a cookie gone or in a closing state a close, with who closed first; data moving
// between two readings marks a connection in use. Pure: it is handed the table and the time,
// so a test drives it with rows it makes up.
class ConnectionTracker
{
public:
    explicit ConnectionTracker(const ObserveSelection &selection, int portRange = readPortRange());

    // The destination's idle cutoff (poolscope probe --idle-cutoff finds it): connections idle
    // longer are counted, for whatever drops idle connections will drop them. 0: none.
    void setIdleCutoffMs(qint64 ms) { m_idleCutoffMs = ms; }

    // table: the whole socket table; processInodes: the selected process's sockets, nullptr
    // when selecting by destination alone or when the process has gone (its connections are
    // then still followed by cookie). The first call takes what is open as already open.
    ObservedFeed update(const QList<ObservedSocket> &table, const QSet<quint64> *processInodes,
                        qint64 nowNs);

    // The size of /proc/sys/net/ipv4/ip_local_port_range (IPv6 shares it); 0 when unreadable.
    static int readPortRange();

private:
    struct Tracked
    {
        ObservedConnection connection;
        qint64 lastBytes = -1;
        qint64 firstRetransmits = -1;
        bool closed = false; // its Closed event went out; it may linger in TIME_WAIT
        bool peerClosed = false;
        bool peerVisible = false; // the peer's side of it was once in this host's table
    };
    using Destination = std::pair<QHostAddress, quint16>;

    bool selects(const ObservedSocket &row, const QSet<quint64> *processInodes) const;
    void start(const ObservedSocket &row, qint64 nowNs, bool alreadyOpen, ObservedFeed *feed);
    void follow(Tracked &tracked, const ObservedSocket &row, qint64 nowNs, ObservedFeed *feed);
    void close(Tracked &tracked, CloseSide side, qint64 nowNs, ObservedFeed *feed);
    CloseSide vanishedSide(const Tracked &tracked) const;
    void indexPeers(const QList<ObservedSocket> &table);
    void fillFindings(const QList<ObservedSocket> &table, qint64 nowNs, ObservedFeed *feed);

    ObserveSelection m_selection;
    int m_portRange;
    qint64 m_idleCutoffMs = 0;
    bool m_started = false;
    qint64 m_lastPollNs = 0;
    QHash<quint64, Tracked> m_tracked;
    QSet<quint64> m_preexisting; // TIME_WAIT cookies of the first reading: closed before us
    QSet<quint16> m_listening;
    QSet<Destination> m_destinations; // where the followed connections go
    // This reading's sockets whose local side is a followed connection's peer, by
    // (local, remote): the peer's side, when the peer is on this host.
    QHash<std::pair<Destination, Destination>, TcpState> m_peers;
    std::deque<qint64> m_recentOpens;
    qint64 m_closedRetransmits = 0;
};

#include "connectionledger.h"

#include <QSet>

#include <algorithm>

namespace {

// How often addEvents() applies the horizon: often enough to bound memory, rarely enough to
// cost nothing.
constexpr qint64 TrimIntervalNs = 1'000'000'000;
// An entry over MaxMarks is cut back by this many more, so cutting happens once in a while,
// not on every mark.
constexpr int MarkSlack = 512;

// "127.0.0.1:8080" or "[::1]:8080", as events carry a peer.
void setPeer(ConnectionInfo &info, const QString &address)
{
    const qsizetype colon = address.lastIndexOf(u':');
    if (colon <= 0)
        return;
    QString host = address.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    info.peerAddress = QHostAddress(host);
    info.peerPort = quint16(address.mid(colon + 1).toUInt());
}

} // namespace

ConnectionLedger::Entry &ConnectionLedger::entryFor(quint64 id, quint32 generation)
{
    const int index = indexOf(id);
    if (index >= 0)
        return m_entries[size_t(index)];
    Entry entry;
    entry.id = id;
    entry.generation = generation;
    entry.info.id = id;
    entry.info.generation = generation;
    ++m_layoutRevision;
    if (m_entries.empty() || m_entries.back().id < id) {
        m_index.insert(id, int(m_entries.size()));
        m_entries.push_back(std::move(entry));
        return m_entries.back();
    }
    // Ids only grow, so this is a connection first seen late (the window opened after it).
    const auto at = std::lower_bound(m_entries.begin(), m_entries.end(), id,
                                     [](const Entry &e, quint64 value) { return e.id < value; });
    const auto inserted = m_entries.insert(at, std::move(entry));
    reindex();
    return *inserted;
}

void ConnectionLedger::addMark(Entry &entry, qint64 timeNs, Activity activity)
{
    if (entry.closed)
        return;
    // Events of one connection arrive in order; a mark never goes back in time.
    if (!entry.marks.empty())
        timeNs = std::max(timeNs, entry.marks.back().timeNs());
    else if (!m_oldestNs || timeNs < m_oldestNs)
        m_oldestNs = timeNs;
    // A busy connection settles at MaxMarks + MarkSlack marks: reserve exactly that, rather
    // than let the vector double past it.
    constexpr size_t Full = size_t(MaxMarks + MarkSlack) + 1;
    if (entry.marks.size() == entry.marks.capacity() && entry.marks.size() * 2 > Full)
        entry.marks.reserve(Full);
    entry.marks.emplace_back(timeNs, activity);
    if (entry.marks.size() >= Full)
        entry.marks.erase(entry.marks.begin(), entry.marks.begin() + MarkSlack);
}

void ConnectionLedger::close(Entry &entry, qint64 timeNs, EvictionReason reason,
                             DialError dialError, const QString &message)
{
    if (entry.closed)
        return;
    addMark(entry, timeNs, Activity::Closed);
    // No more marks will come: give back what the vector held in reserve.
    entry.marks.shrink_to_fit();
    entry.closed = true;
    entry.closedNs = timeNs;
    entry.reason = reason;
    entry.dialError = dialError;
    entry.message = message;
    entry.info.state = ConnectionState::Closed;
    entry.info.closedNs = timeNs;
    entry.info.closeReason = reason;
    entry.info.dialError = dialError;
    if (!message.isEmpty())
        entry.info.closeMessage = message;
}

void ConnectionLedger::apply(const PoolEvent &event)
{
    Entry &entry = entryFor(event.connectionId, event.generation);
    entry.inEvents = true;
    ConnectionInfo &info = entry.info;
    switch (event.kind) {
    case EventKind::DialStarted:
        info.createdNs = event.timeNs;
        info.state = ConnectionState::Resolving;
        addMark(entry, event.timeNs, Activity::Dialing);
        break;
    case EventKind::DialSucceeded:
        entry.address = event.address;
        setPeer(info, event.address);
        info.connectedNs = event.timeNs;
        info.state = ConnectionState::Idle;
        addMark(entry, event.timeNs, Activity::Idle);
        break;
    case EventKind::Acquired:
        if (!event.reused && !entry.firstUseNs)
            entry.firstUseNs = event.timeNs;
        info.useCount = ++entry.uses;
        info.lastAcquiredNs = event.timeNs;
        info.state = ConnectionState::InUse;
        addMark(entry, event.timeNs, Activity::InUse);
        break;
    case EventKind::Released:
        entry.lastHoldNs = event.holdNs;
        info.lastReleasedNs = event.timeNs;
        info.state = ConnectionState::Idle;
        addMark(entry, event.timeNs, Activity::Idle);
        break;
    case EventKind::Evicted:
    case EventKind::DialFailed:
        close(entry, event.timeNs, event.reason, event.dialError, event.message);
        break;
    default:
        break;
    }
}

void ConnectionLedger::addEvents(const QList<PoolEvent> &events)
{
    qint64 latestNs = 0;
    for (const PoolEvent &event : events) {
        latestNs = std::max(latestNs, event.timeNs);
        if (event.connectionId)
            apply(event);
    }
    m_knownUntilNs = std::max(m_knownUntilNs, latestNs);
    if (latestNs - m_lastTrimNs >= TrimIntervalNs)
        trim(latestNs);
}

void ConnectionLedger::applySnapshot(const PoolSnapshot &snapshot)
{
    m_snapshotNs = snapshot.timeNs;
    m_knownUntilNs = std::max(m_knownUntilNs, snapshot.timeNs);
    QSet<quint64> listed;
    listed.reserve(snapshot.connections.size());
    for (const ConnectionInfo &seen : snapshot.connections) {
        if (seen.state == ConnectionState::Closed && seen.id <= m_forgottenUpToId
            && !m_index.contains(seen.id))
            continue;
        listed.insert(seen.id);
        Entry &entry = entryFor(seen.id, seen.generation);
        const ConnectionInfo known = entry.info;
        entry.info = seen;
        if (entry.closed) {
            entry.info.state = ConnectionState::Closed;
            entry.info.closedNs = entry.closedNs;
            entry.info.closeReason = entry.reason;
            entry.info.dialError = entry.dialError;
            entry.info.closeMessage = known.closeMessage;
        } else if (entry.inEvents) {
            // The events tell every change of state: a snapshot taken since agrees with them, one
            // taken before the last of them is behind. It adds a dial's step (connecting, TLS),
            // which no event carries.
            if (known.state >= ConnectionState::Idle || seen.state >= ConnectionState::Idle)
                entry.info.state = known.state;
            entry.info.lastAcquiredNs = std::max(known.lastAcquiredNs, seen.lastAcquiredNs);
            entry.info.lastReleasedNs = std::max(known.lastReleasedNs, seen.lastReleasedNs);
            entry.info.useCount = std::max(known.useCount, seen.useCount);
        } else if (entry.marks.empty()
                   || entry.marks.back().activity() != Presentation::activityOf(seen.state)) {
            // Known from snapshots alone (its events came before the window): they draw it.
            addMark(entry, snapshot.timeNs, Presentation::activityOf(seen.state));
        }
        if (seen.state == ConnectionState::Closed)
            close(entry, seen.closedNs ? seen.closedNs : snapshot.timeNs, seen.closeReason,
                  seen.dialError, seen.closeMessage);
    }
    // The pool lists every connection it has; one it no longer has, whose close the feed did
    // not carry (events dropped while the window stalled), closed by now. A feed can carry
    // events from after its snapshot: a connection they began is not missing from it.
    for (Entry &entry : m_entries) {
        if (!entry.closed && !listed.contains(entry.id)
            && (entry.marks.empty() || entry.marks.back().timeNs() <= snapshot.timeNs))
            close(entry, snapshot.timeNs, EvictionReason::None, DialError::None, {});
    }
}

void ConnectionLedger::trim(qint64 nowNs)
{
    m_lastTrimNs = nowNs;
    const qint64 cutNs = nowNs - m_horizonNs;
    const auto before = m_entries.size();
    std::erase_if(m_entries,
                  [cutNs](const Entry &entry) { return entry.closed && entry.closedNs < cutNs; });
    if (m_entries.size() > size_t(MaxConnections)) {
        // The connections that closed first leave first.
        std::vector<std::pair<qint64, quint64>> closed;
        for (const Entry &entry : m_entries) {
            if (entry.closed)
                closed.emplace_back(entry.closedNs, entry.id);
        }
        const auto excess = std::min(closed.size(), m_entries.size() - size_t(MaxConnections));
        std::nth_element(closed.begin(), closed.begin() + qsizetype(excess), closed.end());
        QSet<quint64> leaving;
        for (size_t i = 0; i < excess; ++i)
            leaving.insert(closed[i].second);
        std::erase_if(m_entries,
                      [&leaving](const Entry &entry) { return leaving.contains(entry.id); });
    }
    for (Entry &entry : m_entries) {
        // Keep the mark that was current at the cut, moved up to it: the state there is known.
        auto first = std::upper_bound(entry.marks.begin(), entry.marks.end(), cutNs,
                                      [](qint64 t, const Mark &m) { return t < m.timeNs(); });
        if (first - entry.marks.begin() > 1) {
            const Activity current = (first - 1)->activity();
            entry.marks.erase(entry.marks.begin(), first - 1);
            entry.marks.front() = Mark(cutNs, current);
        }
    }
    m_oldestNs = 0;
    for (const Entry &entry : m_entries) {
        if (!entry.marks.empty() && (!m_oldestNs || entry.marks.front().timeNs() < m_oldestNs))
            m_oldestNs = entry.marks.front().timeNs();
    }
    if (m_entries.size() != before) {
        ++m_layoutRevision;
        reindex();
    }
}

void ConnectionLedger::forgetClosed()
{
    for (const Entry &entry : m_entries) {
        if (entry.closed)
            m_forgottenUpToId = std::max(m_forgottenUpToId, entry.id);
    }
    if (std::erase_if(m_entries, [](const Entry &entry) { return entry.closed; }) == 0)
        return;
    ++m_layoutRevision;
    reindex();
}

void ConnectionLedger::clear()
{
    const quint64 revision = m_layoutRevision;
    const qint64 horizonNs = m_horizonNs;
    *this = ConnectionLedger();
    m_horizonNs = horizonNs;
    m_layoutRevision = revision + 1;
}

void ConnectionLedger::reindex()
{
    m_index.clear();
    m_index.reserve(qsizetype(m_entries.size()));
    for (size_t i = 0; i < m_entries.size(); ++i)
        m_index.insert(m_entries[i].id, int(i));
}

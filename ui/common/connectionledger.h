#pragma once

#include "connectioninfo.h"
#include "poolevent.h"
#include "poolsnapshot.h"
#include "presentation.h"

#include <QHash>
#include <QList>

#include <vector>

// The one record the window keeps of each connection's life, folded from the feed: its
// events as they happen (the activity at each moment, for the lanes) and what the snapshots add
// (the kernel's counters, the local port), for the table. The connection table and the lanes
// both read this, so they never disagree about a connection.
//
// Memory is bounded three ways: marks older than the horizon go, a connection keeps at most
// MaxMarks of them, and closed connections leave when they closed before the horizon or when
// there are more than MaxConnections.
class ConnectionLedger
{
public:
    using Activity = Presentation::Activity;
    static constexpr int MaxMarks = 2048;
    static constexpr int MaxConnections = 3000;

    // A time (MonotonicClock ns) and an activity packed in one word: the activity takes the two
    // low bits.
    class Mark
    {
    public:
        Mark(qint64 timeNs, Activity activity)
            : m_value((timeNs << 2) | qint64(activity))
        { }
        qint64 timeNs() const { return m_value >> 2; }
        Activity activity() const { return Activity(m_value & 3); }

    private:
        qint64 m_value;
    };

    struct Entry
    {
        quint64 id = 0;
        quint32 generation = 0;
        QString address;
        std::vector<Mark> marks; // in time order; the last one lasts until now or the close
        qint64 firstUseNs = 0; // when its first lease began (the simulated handshake is there)
        quint64 uses = 0;
        bool closed = false;
        qint64 closedNs = 0;
        EvictionReason reason = EvictionReason::None;
        DialError dialError = DialError::None;
        QString message;
        // Its state as the events left it, with what the latest snapshot read.
        ConnectionInfo info;
        qint64 lastHoldNs = -1; // how long its last lease was held; -1: never released
        bool inEvents = false; // its life came in events, not only in snapshots
    };

    void addEvents(const QList<PoolEvent> &events);
    // The kernel's counters and what else only a snapshot knows; a connection the events
    // never closed but the pool no longer lists is closed as of the snapshot.
    void applySnapshot(const PoolSnapshot &snapshot);
    // Applies the horizon and the limits as of nowNs.
    void trim(qint64 nowNs);
    // Forgets every closed connection (a lesson starting from zero); snapshots that still list
    // them as recently closed do not bring them back.
    void forgetClosed();
    // Forgets everything (a replay jumping to another moment); the layout revision still moves
    // on, so views that cached the old list know it went.
    void clear();

    void setHorizonNs(qint64 ns) { m_horizonNs = ns; }
    qint64 horizonNs() const { return m_horizonNs; }
    // When the latest snapshot was taken: "now" for ages and times in state.
    qint64 snapshotNs() const { return m_snapshotNs; }
    // The newest time an event or a snapshot told of: what is known about every connection
    // reaches that far, and no further.
    qint64 knownUntilNs() const { return m_knownUntilNs; }

    int count() const { return int(m_entries.size()); }
    const Entry &at(int index) const { return m_entries[size_t(index)]; }
    int indexOf(quint64 connectionId) const { return m_index.value(connectionId, -1); }
    // About the earliest time any connection has a mark for (0 when empty): exact after
    // trim(), and never later than the truth in between.
    qint64 oldestNs() const { return m_oldestNs; }
    // Changes whenever connections come or go (not when marks are added), for views that cache
    // the list of connections they show.
    quint64 layoutRevision() const { return m_layoutRevision; }

private:
    Entry &entryFor(quint64 id, quint32 generation);
    void apply(const PoolEvent &event);
    void addMark(Entry &entry, qint64 timeNs, Activity activity);
    void close(Entry &entry, qint64 timeNs, EvictionReason reason, DialError dialError,
               const QString &message);
    void reindex();

    std::vector<Entry> m_entries; // by connection id
    QHash<quint64, int> m_index;
    qint64 m_horizonNs = 600'000'000'000; // ten minutes
    qint64 m_lastTrimNs = 0;
    qint64 m_oldestNs = 0;
    qint64 m_snapshotNs = 0;
    // forgetClosed() forgot closed connections up to this id; ids only grow, so an unknown one
    // at or below it is one of those.
    quint64 m_forgottenUpToId = 0;
    qint64 m_knownUntilNs = 0;
    quint64 m_layoutRevision = 0;
};

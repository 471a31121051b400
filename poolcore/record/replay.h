#pragma once

#include "poolevent.h"
#include "recording.h"
#include "sessionfeed.h"

#include <QList>

#include <array>
#include <map>
#include <optional>
#include <vector>

// A recording opened for playback: its time span, the session as it was at any moment of it,
// and where the next or previous event of a kind is. Built once from the recording's feeds
// (every lookup is then a binary search on an index by time), so scrubbing costs the same
// anywhere in a long recording. Times are the recording's MonotonicClock nanoseconds, as the
// feeds carry them; startNs() is zero on its time axis.
class Replay
{
public:
    explicit Replay(Recording recording);

    const RecordingHeader &header() const { return m_recording.header; }
    const QString &notice() const { return m_recording.notice(); }
    qint64 startNs() const { return m_startNs; }
    qint64 endNs() const { return m_endNs; }
    qint64 durationNs() const { return m_endNs - m_startNs; }

    int feedCount() const { return int(m_recording.feeds.size()); }
    const SessionFeed &feed(int index) const { return m_recording.feeds.at(index); }
    // The last feed delivered at or before timeNs; -1 before the first.
    int feedAt(qint64 timeNs) const;
    // Every pool the recording has, in the order they appeared.
    QList<quint32> pools() const;

    // The session at timeNs as one feed: each pool there then (not yet removed) with its
    // latest snapshot (the connections' rows and the statistics), config and workload progress
    // and each run's latest progress (and its report once it had one), each comparison's
    // latest update, and the lab's settings, whether it listened and its counters. No events:
    // those are events(). Given to a fresh FeedState and the views, it shows them as they were.
    SessionFeed stateAt(qint64 timeNs) const;
    // The pool's events from fromNs (included) to toNs (not), in order.
    QList<PoolEvent> events(quint32 pool, qint64 fromNs, qint64 toNs) const;
    // The first event of the kind after afterNs (not at it), of the pool or, with pool 0, of
    // any pool: the next eviction (Evicted), acquire timeout (WaiterTimedOut), dial failure
    // (DialFailed), ...
    std::optional<PoolEvent> nextEvent(EventKind kind, qint64 afterNs, quint32 pool = 0) const;
    // The last event of the kind before beforeNs (not at it).
    std::optional<PoolEvent> previousEvent(EventKind kind, qint64 beforeNs, quint32 pool = 0) const;

private:
    static constexpr size_t KindCount = size_t(EnumNames<EventKind>::last) + 1;
    // Feed indexes, increasing, of the feeds that carried a part.
    using Feeds = std::vector<int>;
    struct PoolIndex
    {
        quint32 id = 0;
        int firstFeed = 0;
        int removedFeed = -1; // -1: never removed
        Feeds parts, snapshots, configs, workload;
        std::map<quint64, Feeds> runProgress, runReports;
        std::vector<PoolEvent> events; // by time
        std::vector<qint64> times; // of events, for the binary search
        std::array<std::vector<qint64>, KindCount> kindTimes;
        std::array<std::vector<int>, KindCount> kindEvents; // indexes into events
    };

    void index(int feedIndex, const SessionFeed &feed);
    void indexEvents(PoolIndex &pool);
    PoolFeed poolAt(const PoolIndex &pool, int feedIndex) const;
    const PoolIndex *poolIndex(quint32 id) const;
    static int lastOf(const Feeds &feeds, int feedIndex);

    Recording m_recording;
    qint64 m_startNs = 0;
    qint64 m_endNs = 0;
    std::vector<qint64> m_feedTimes;
    std::vector<PoolIndex> m_pools;
    Feeds m_labSettings, m_labListening, m_labCounters;
    std::map<quint64, Feeds> m_comparisons;
};

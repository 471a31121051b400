#pragma once

#include "recording.h"
#include "sessionfeed.h"

#include <deque>

// The session's recent past as the window saw it, for what needs a recording of a live
// session that nobody started: a trace exported from the live window, and a recording started
// in the middle of a session. It keeps the state the feeds left (each pool's config, latest
// snapshot and workload progress, each run's and comparison's latest, the lab's settings,
// listening and counters) and, for the last span, what a trace draws: the events, and the
// pools' gauges four times a second. Not the snapshots themselves: with their histograms each
// is some 64 KB, ten a second.
class FeedTail
{
public:
    explicit FeedTail(qint64 spanNs)
        : m_spanNs(spanNs)
    { }

    qint64 spanNs() const { return m_spanNs; }
    void append(const SessionFeed &feed);
    void clear();
    bool isEmpty() const { return m_entries.empty(); }
    // The session now, as one feed (no events, no new intervals): what a recording started now
    // begins with.
    SessionFeed stateNow() const;
    // The span as a recording, for a trace: the pools' configs and the lab as they are now,
    // then each feed's events and the gauges. Its notice says how far back it goes when older
    // feeds fell out.
    Recording toRecording(const RecordingHeader &header) const;

private:
    static constexpr qint64 GaugeIntervalNs = 250'000'000;
    struct Gauges
    {
        qint64 timeNs = 0;
        int open = 0, idle = 0, inUse = 0, dialing = 0, waiting = 0;
    };
    struct PoolPart
    {
        quint32 pool = 0;
        QList<PoolEvent> events;
        std::optional<Gauges> gauges;
        bool removed = false;
    };
    struct Entry
    {
        quint64 sequence = 0;
        qint64 timeNs = 0;
        QList<PoolPart> pools;
    };

    Entry entryOf(const SessionFeed &feed);
    static SessionFeed feedOf(const Entry &entry);
    // Folds what lasts of feed into state; the events and replies go.
    static void fold(SessionFeed &state, const SessionFeed &feed);
    static void foldPool(PoolFeed &state, const PoolFeed &part);

    qint64 m_spanNs;
    std::deque<Entry> m_entries;
    SessionFeed m_now; // every feed folded
    std::map<quint32, qint64> m_gaugesAtNs; // by pool: when the last gauges kept were taken
    bool m_dropped = false; // whether any feed fell out
};

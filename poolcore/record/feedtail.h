#pragma once

#include "recording.h"
#include "sessionfeed.h"

#include <deque>

// The session's recent past as the window saw it, for what needs a recording of a live
// session that nobody started: a trace exported from the live window, and a recording started
// in the middle of a session. It keeps the feeds of the last span, and folds what falls out of
// it into one feed that stands for everything before (each pool's config, latest snapshot and
// workload progress, each run's latest progress and report, each comparison's latest update,
// the lab's settings, listening and counters). Events that fall out are gone.
class FeedTail
{
public:
    explicit FeedTail(qint64 spanNs)
        : m_spanNs(spanNs)
    { }

    qint64 spanNs() const { return m_spanNs; }
    void append(const SessionFeed &feed);
    void clear();
    bool isEmpty() const { return m_feeds.empty(); }
    // The session now, as one feed (no events): what a recording started now begins with.
    SessionFeed stateNow() const;
    // The tail as a recording: header, the folded past, then each feed kept. Its notice says
    // how far back the events go when older ones fell out.
    Recording toRecording(const RecordingHeader &header) const;

private:
    // Folds what lasts of feed into state; the events and replies go.
    static void fold(SessionFeed &state, const SessionFeed &feed);
    static void foldPool(PoolFeed &state, const PoolFeed &part);

    qint64 m_spanNs;
    std::deque<SessionFeed> m_feeds;
    SessionFeed m_past; // what fell out, folded
    bool m_dropped = false; // whether any feed fell out
};

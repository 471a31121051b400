#pragma once

#include "labcounters.h"
#include "sessionfeed.h"
#include "sessionprofile.h"

#include <QObject>

// What a front end knows of a session, from its feeds alone: for one pool, the profile it runs
// on (its settings, workload and the lab's knobs), whether its workload runs, the lab's state
// and counters. Each change is a signal, so views follow without asking the session anything;
// the same state can be fed from a recording.
class FeedState : public QObject
{
    Q_OBJECT
public:
    explicit FeedState(quint32 pool, QObject *parent = nullptr);

    quint32 pool() const { return m_pool; }
    // Call it with every feed, before the views get it.
    void apply(const SessionFeed &feed);

    const SessionProfile &profile() const { return m_profile; }
    bool targetsLab() const { return m_profile.targetsLab; }
    bool isWorkloadRunning() const { return m_workloadRunning; }
    bool isLabListening() const { return m_labListening; }
    const LabCounters &labCounters() const { return m_labCounters; }
    // Where the lab listens: "127.0.0.1:41234"; empty before it does.
    QString labEndpoint() const;
    quint64 droppedEvents() const { return m_droppedEvents; }
    // The pool's statistics as its latest snapshot had them.
    const PoolStats &stats() const { return m_stats; }

Q_SIGNALS:
    void profileChanged(const SessionProfile &profile);
    void workloadRunningChanged(bool running);
    void labListeningChanged(bool listening);
    void labCountersChanged(const LabCounters &counters);
    // Every reply in the feed, for whoever is waiting for one.
    void replied(const SessionReply &reply);
    void comparisonUpdated(const ComparisonUpdate &update);
    void probed(const ProbeFeed &probe); // when the probes had something to say

private:
    quint32 m_pool;
    SessionProfile m_profile;
    bool m_workloadRunning = false;
    bool m_labListening = false;
    LabCounters m_labCounters;
    quint64 m_droppedEvents = 0;
    PoolStats m_stats;
};

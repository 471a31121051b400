#pragma once

#include "comparisonplan.h"
#include "comparisonupdate.h"
#include "sessionfeed.h"

#include <optional>

class Session;

// Runs a ComparisonPlan through the session's commands, one half after the other, and reports
// in the feed: progress through each half, then both halves' reports, or that it was
// cancelled. Internal to the session; lives on its thread.
class Comparison
{
public:
    Comparison(Session &session, quint64 id, const ComparisonPlan &plan);

    quint64 id() const { return m_id; }
    bool isDone() const { return m_done; }
    void start();
    // The half under way stops; cancelled follows once its requests in flight are done.
    void cancel();
    // The half under way stops early; its report counts and the next half begins.
    void endHalf();
    // Reads what the feed says about its runs and pools, and adds its own updates to it.
    void observe(SessionFeed &feed);

private:
    const ComparisonPlan::Half &half() const;
    void startHalf(ComparisonUpdate::Phase phase);
    void halfDone(const RunUpdate &update, SessionFeed &feed);
    void finish(SessionFeed &feed, bool cancelled);
    void resumeWorkloads();

    Session &m_session;
    quint64 m_id;
    ComparisonPlan m_plan;
    ComparisonUpdate::Phase m_phase = ComparisonUpdate::Phase::Idle;
    quint64 m_run = 0;
    qint64 m_phaseStartNs = 0;
    std::optional<ComparisonUpdate::Half> m_pooled;
    std::optional<ComparisonUpdate::Half> m_unpooled;
    quint32 m_awaitingRemoval = 0; // the pool whose removal the next half waits for
    bool m_cancelling = false;
    bool m_done = false;
    QList<quint32> m_paused; // pools whose workload it paused
    QList<ComparisonUpdate> m_pending; // said between feeds, for the next one
};

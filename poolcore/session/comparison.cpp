#include "comparison.h"

#include "monotonicclock.h"
#include "session.h"

using Phase = ComparisonUpdate::Phase;

Comparison::Comparison(Session &session, quint64 id, const ComparisonPlan &plan)
    : m_session(session)
    , m_id(id)
    , m_plan(plan)
{ }

const ComparisonPlan::Half &Comparison::half() const
{
    return m_phase == Phase::Unpooled ? m_plan.unpooled : m_plan.pooled;
}

void Comparison::start()
{
    if (m_plan.pauseWorkloads) {
        // Both halves must have the backend to themselves.
        for (const quint32 pool : {m_plan.pooled.pool, m_plan.unpooled.pool}) {
            const PoolConfig *config = m_session.config(pool);
            if (config && config->workloadRunning && !m_paused.contains(pool)) {
                m_paused << pool;
                m_session.stopWorkload(pool);
            }
        }
    }
    startHalf(Phase::Pooled);
}

void Comparison::startHalf(Phase phase)
{
    m_phase = phase;
    m_phaseStartNs = MonotonicClock::nowNs();
    m_run = m_session.runWorkload(half().pool, half().load);
    ComparisonUpdate started;
    started.comparison = m_id;
    started.phase = phase;
    m_pending.append(started);
}

void Comparison::cancel()
{
    if (m_done || m_cancelling)
        return;
    m_cancelling = true;
    if (m_awaitingRemoval)
        return; // nothing runs now: it ends with the next feed
    m_session.stopRun(half().pool, m_run);
}

void Comparison::endHalf()
{
    if (!m_done && !m_awaitingRemoval)
        m_session.stopRun(half().pool, m_run);
}

void Comparison::observe(SessionFeed &feed)
{
    feed.comparisons += std::exchange(m_pending, {});
    if (m_done)
        return;
    // A refused run (its pool went away, say) ends the comparison rather than hanging it.
    for (const SessionReply &reply : std::as_const(feed.replies)) {
        if (reply.command == m_run && !reply.ok()) {
            finish(feed, true);
            return;
        }
    }
    if (m_awaitingRemoval) {
        const PoolFeed *pool = feed.pool(m_awaitingRemoval);
        if (!pool || !pool->removed)
            return;
        m_awaitingRemoval = 0;
        if (m_cancelling)
            finish(feed, true);
        else
            startHalf(Phase::Unpooled);
        return;
    }
    const PoolFeed *pool = feed.pool(half().pool);
    if (!pool)
        return;
    for (const RunUpdate &update : pool->runs) {
        if (update.run != m_run)
            continue;
        if (update.report) {
            halfDone(update, feed);
            return;
        }
        if (update.progress && !m_cancelling) {
            ComparisonUpdate progress;
            progress.comparison = m_id;
            progress.phase = m_phase;
            progress.seconds = double(update.progress->timeNs - m_phaseStartNs) / 1e9;
            progress.progress = update.progress;
            feed.comparisons.append(progress);
        }
    }
}

void Comparison::halfDone(const RunUpdate &update, SessionFeed &feed)
{
    const ComparisonUpdate::Half done{*update.report, update.dials};
    const ComparisonPlan::Half &finished = half();
    if (m_cancelling) {
        finish(feed, true);
        return;
    }
    if (m_phase == Phase::Pooled) {
        m_pooled = done;
        if (finished.removePool) {
            // The next half begins once this pool has said its last.
            m_awaitingRemoval = finished.pool;
            m_session.removePool(finished.pool);
        } else {
            startHalf(Phase::Unpooled);
        }
        return;
    }
    m_unpooled = done;
    if (finished.removePool)
        m_session.removePool(finished.pool);
    finish(feed, false);
}

void Comparison::finish(SessionFeed &feed, bool cancelled)
{
    m_done = true;
    m_phase = Phase::Idle;
    resumeWorkloads();
    ComparisonUpdate update;
    update.comparison = m_id;
    update.cancelled = cancelled;
    if (!cancelled) {
        update.pooled = m_pooled;
        update.unpooled = m_unpooled;
    }
    feed.comparisons.append(update);
}

void Comparison::resumeWorkloads()
{
    for (const quint32 pool : std::as_const(m_paused)) {
        if (m_session.config(pool))
            m_session.startWorkload(pool);
    }
    m_paused.clear();
}

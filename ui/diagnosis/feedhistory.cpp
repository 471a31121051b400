#include "feedhistory.h"

#include <algorithm>
#include <vector>

namespace {

constexpr qsizetype IdleClosesKept = 16;
constexpr int MinSecondHolds = 3;
constexpr size_t MinSeconds = 3;

} // namespace

void FeedHistory::setProfile(const SessionProfile &profile)
{
    const bool otherTarget
        = profile.targetsLab != m_profile.targetsLab || profile.pool.targetDiffers(m_profile.pool);
    const PoolSettings was = m_profile.pool;
    const bool otherLoad = !(profile.load == m_profile.load) || !(profile.lab == m_profile.lab);
    m_profile = profile;
    // Failures seen before any change (a fix, say) say nothing about what comes after it.
    m_progress.clear();
    if (otherTarget) {
        resetAll();
        return;
    }
    // A fix for one warning leaves the evidence of the others standing: each count starts
    // again only when a setting it is read against changes.
    const PoolSettings &now = profile.pool;
    if (now.minIdle != was.minIdle) {
        m_serverIdleCloses = 0;
        m_minIdleSinceNs = m_timeNs;
    }
    if (now.maxLifetimeMs != was.maxLifetimeMs)
        m_settingsBase.reset();
    if (otherLoad)
        m_holds.reset();
    if (otherLoad || now.maxConnections != was.maxConnections) {
        m_peakInUse = 0;
        m_observedSinceNs = m_workloadRunning ? m_timeNs : 0;
    }
}

void FeedHistory::setWorkloadRunning(bool running)
{
    m_workloadRunning = running;
    m_observedSinceNs = running ? m_timeNs : 0;
}

void FeedHistory::resetSettingsWindow()
{
    m_settingsBase.reset();
    m_serverIdleCloses = 0;
    m_minIdleSinceNs = m_timeNs;
    m_holds.reset();
    m_peakInUse = 0;
    m_observedSinceNs = m_workloadRunning ? m_timeNs : 0;
}

void FeedHistory::resetAll()
{
    resetSettingsWindow();
    m_samples.clear();
    m_secondMeans.clear();
    m_secondStart = Sample();
    m_progress.clear();
    m_idleCloses.clear();
    m_restarts.clear();
    m_probedCutoffMs = 0;
    m_lastDialFailureNs = 0;
}

void FeedHistory::addEvents(const QList<PoolEvent> &events)
{
    for (const PoolEvent &e : events) {
        if (e.kind == EventKind::Acquired) {
            m_leasesPeak = std::max(m_leasesPeak, ++m_leasesOut);
        } else if (e.kind == EventKind::Released) {
            m_leasesOut = std::max(0, m_leasesOut - 1);
            m_holds.record(e.holdNs);
        } else if (e.kind == EventKind::Evicted && e.reason == EvictionReason::PeerClosed
                   && e.idleNs >= MinIdleCloseNs && !nearRestart(e.timeNs)) {
            // An idle connection the server closed: its idle time is the server's cutoff.
            if (e.timeNs >= m_minIdleSinceNs)
                ++m_serverIdleCloses;
            m_idleCloses.push_back({e.timeNs, e.idleNs});
            if (qsizetype(m_idleCloses.size()) > IdleClosesKept)
                m_idleCloses.pop_front();
        }
    }
}

bool FeedHistory::nearRestart(qint64 timeNs) const
{
    return std::any_of(m_restarts.begin(), m_restarts.end(), [&](qint64 restartNs) {
        return timeNs >= restartNs - RestartBeforeNs && timeNs <= restartNs + RestartAfterNs;
    });
}

void FeedHistory::noteServerRestart()
{
    m_restarts.push_back(m_timeNs);
    while (m_restarts.front() < m_timeNs - RestartAfterNs)
        m_restarts.pop_front();
    // Its closes that came before its news.
    for (auto it = m_idleCloses.begin(); it != m_idleCloses.end();) {
        if (!nearRestart(it->timeNs)) {
            ++it;
            continue;
        }
        if (it->timeNs >= m_minIdleSinceNs && m_serverIdleCloses > 0)
            --m_serverIdleCloses;
        it = m_idleCloses.erase(it);
    }
}

void FeedHistory::addSnapshot(const PoolSnapshot &snapshot)
{
    const PoolStats &s = snapshot.stats;
    Sample sample;
    sample.timeNs = snapshot.timeNs;
    sample.acquisitions = s.acquisitions;
    sample.acquireTimeouts = s.acquireTimeouts;
    sample.dialFailures = s.dialFailures;
    sample.holds = s.holdTime.count();
    sample.holdSumNs = s.holdTime.mean() * double(s.holdTime.count());
    sample.evictions = s.evictions;
    sample.busy = s.waiting > 0 && s.inUse + s.dialing >= m_profile.pool.maxConnections;
    sample.peakInUse = std::max(m_leasesPeak, s.inUse);
    m_leasesOut = s.inUse;
    m_leasesPeak = s.inUse;
    if (s.consecutiveDialFailures > 0
        || (!m_samples.empty() && sample.dialFailures > m_samples.back().dialFailures))
        m_lastDialFailureNs = snapshot.timeNs;
    // Counters that went back were reset: what came before no longer subtracts.
    if (!m_samples.empty()
        && (sample.acquisitions < m_samples.back().acquisitions
            || sample.holds < m_samples.back().holds)) {
        m_samples.clear();
        m_settingsBase.reset();
        m_secondStart = Sample();
    }
    m_samples.push_back(sample);
    while (m_samples.size() > 2 && m_samples[1].timeNs <= sample.timeNs - WindowNs)
        m_samples.pop_front();
    if (!m_settingsBase)
        m_settingsBase = sample;
    // A workload that stopped sends no more progress: its failures age out all the same.
    if (!m_progress.empty() && m_progress.back().timeNs <= sample.timeNs - FailureWindowNs)
        m_progress.clear();

    m_timeNs = snapshot.timeNs;
    m_open = s.open;
    m_inUse = s.inUse;
    m_waiting = s.waiting;
    m_oldestWaitNs = s.oldestWaiterSinceNs ? snapshot.timeNs - s.oldestWaiterSinceNs : 0;
    m_consecutiveDialFailures = s.consecutiveDialFailures;
    m_lastDialError = s.lastDialError;
    if (m_workloadRunning && !m_observedSinceNs)
        m_observedSinceNs = snapshot.timeNs;
    if (m_observedSinceNs)
        m_peakInUse = std::max(m_peakInUse, sample.peakInUse);
    noteUsualHold(sample);
    noteHolders(snapshot);
}

void FeedHistory::noteUsualHold(const Sample &sample)
{
    if (!m_secondStart.timeNs) {
        m_secondStart = sample;
        return;
    }
    if (sample.timeNs - m_secondStart.timeNs < 1'000'000'000)
        return;
    const quint64 holds = sample.holds - m_secondStart.holds;
    if (holds >= MinSecondHolds) {
        m_secondMeans.emplace_back(sample.timeNs,
                                   (sample.holdSumNs - m_secondStart.holdSumNs) / double(holds));
    }
    m_secondStart = sample;
    while (!m_secondMeans.empty() && m_secondMeans.front().first < sample.timeNs - UsualHoldSpanNs)
        m_secondMeans.pop_front();
}

double FeedHistory::usualHoldNs() const
{
    if (m_secondMeans.size() < MinSeconds)
        return 0;
    double least = m_secondMeans.front().second;
    for (const auto &[timeNs, mean] : m_secondMeans)
        least = std::min(least, mean);
    return least;
}

void FeedHistory::noteHolders(const PoolSnapshot &snapshot)
{
    m_holders.clear();
    for (const ConnectionInfo &c : snapshot.connections) {
        if (c.state != ConnectionState::InUse)
            continue;
        m_holders.append(
            {c.id, c.lastAcquiredNs, snapshot.timeNs - c.lastAcquiredNs, c.purpose, c.requestId});
    }
    std::sort(m_holders.begin(), m_holders.end(),
              [](const Holder &a, const Holder &b) { return a.heldNs > b.heldNs; });
}

void FeedHistory::addProgress(const LoadProgress &progress)
{
    if (!m_progress.empty() && progress.completed < m_progress.back().completed)
        m_progress.clear(); // the workload started again: its totals did
    if (m_progress.empty() && progress.completed == progress.intervalCompleted)
        m_progress.push_back({progress.timeNs - progress.intervalNs, 0, {}});
    m_progress.push_back({progress.timeNs, progress.completed, progress.errors});
    while (m_progress.size() > 2 && m_progress[1].timeNs <= progress.timeNs - FailureWindowNs)
        m_progress.pop_front();
    if (progress.lastError != RequestError::None) {
        m_messages[size_t(progress.lastError)] = progress.lastErrorMessage;
        m_answers[size_t(progress.lastError)] = progress.lastErrorAnswer;
    }
}

void FeedHistory::addCutoff(const IdleCutoffResult &result)
{
    // The finder follows the pool's target; one about another port is an old one's.
    const bool here = result.address.endsWith(u':' + QString::number(m_profile.pool.port));
    if (result.outcome == IdleCutoffResult::Outcome::Found && here)
        m_probedCutoffMs = result.cutoffMs;
}

// The idle time the server's recent idle closes agree on: at least three near their median,
// made at different moments (a restart closes idle connections too, all at once).
qint64 FeedHistory::observedCutoffNs() const
{
    if (qsizetype(m_idleCloses.size()) < SettingsRules::MinServerCloses)
        return 0;
    std::vector<qint64> idle;
    for (const IdleClose &close : m_idleCloses)
        idle.push_back(close.idleNs);
    std::nth_element(idle.begin(), idle.begin() + qsizetype(idle.size() / 2), idle.end());
    const qint64 median = idle[idle.size() / 2];
    int agreeing = 0;
    qint64 shortest = median;
    qint64 first = 0;
    qint64 last = 0;
    for (const IdleClose &close : m_idleCloses) {
        if (close.idleNs < median * 4 / 5 || close.idleNs > median * 5 / 4)
            continue;
        ++agreeing;
        shortest = std::min(shortest, close.idleNs);
        first = first ? std::min(first, close.timeNs) : close.timeNs;
        last = std::max(last, close.timeNs);
    }
    if (agreeing < SettingsRules::MinServerCloses || last - first < shortest / 2)
        return 0;
    return shortest;
}

ExhaustionRules::Facts FeedHistory::exhaustionFacts() const
{
    ExhaustionRules::Facts f;
    f.maxConnections = m_profile.pool.maxConnections;
    f.open = m_open;
    f.inUse = m_inUse;
    f.waiting = m_waiting;
    f.oldestWaitNs = m_oldestWaitNs;
    f.consecutiveDialFailures = m_consecutiveDialFailures;
    f.lastDialError = m_lastDialError;
    f.sinceDialFailureNs = m_lastDialFailureNs ? m_timeNs - m_lastDialFailureNs : -1;
    f.acquireTimeoutNs = m_profile.pool.acquireTimeoutMs * 1'000'000;
    f.workloadKnown = m_workloadRunning;
    f.concurrency = m_profile.load.concurrency;
    f.rateCapPerS = m_profile.load.ratePerSecond;
    f.usualHoldNs = usualHoldNs();
    if (!m_holders.isEmpty())
        f.medianHeldNs = m_holders[m_holders.size() / 2].heldNs;
    if (m_samples.size() >= 2) {
        const Sample &a = m_samples.front();
        const Sample &b = m_samples.back();
        f.windowS = double(b.timeNs - a.timeNs) / 1e9;
        f.acquireTimeouts = b.acquireTimeouts - a.acquireTimeouts;
        f.dialFailures = b.dialFailures - a.dialFailures;
        if (f.windowS > 0)
            f.acquiresPerS = double(b.acquisitions - a.acquisitions) / f.windowS;
        if (b.holds > a.holds)
            f.meanHoldNs = (b.holdSumNs - a.holdSumNs) / double(b.holds - a.holds);
        // The first sample only marks where the window starts.
        const auto busy = std::count_if(m_samples.begin() + 1, m_samples.end(),
                                        [](const Sample &s) { return s.busy; });
        f.busyShare = double(busy) / double(m_samples.size() - 1);
        f.busyNow = b.busy;
        for (auto it = m_samples.begin() + 1; it != m_samples.end(); ++it)
            f.peakInUse = std::max(f.peakInUse, it->peakInUse);
    }
    const qint64 longHold = ExhaustionRules::longHoldNs(f);
    f.longHolders = int(std::count_if(m_holders.begin(), m_holders.end(),
                                      [&](const Holder &h) { return h.heldNs > longHold; }));
    return f;
}

SettingsRules::Facts FeedHistory::settingsFacts() const
{
    SettingsRules::Facts f;
    f.settings = m_profile.pool;
    f.probedCutoffMs = m_probedCutoffMs;
    f.observedCutoffNs = observedCutoffNs();
    f.serverIdleCloses = m_serverIdleCloses;
    f.holds = m_holds.count();
    f.p99HoldNs = m_holds.percentile(99);
    f.peakInUse = m_peakInUse;
    f.observedS = m_observedSinceNs ? double(m_timeNs - m_observedSinceNs) / 1e9 : 0;
    if (m_settingsBase && !m_samples.empty()) {
        const Sample &a = *m_settingsBase;
        const Sample &b = m_samples.back();
        f.windowS = double(b.timeNs - a.timeNs) / 1e9;
        for (int i = 1; i < PoolStats::ReasonCount; ++i) {
            const auto reason = EvictionReason(i);
            if (reason != EvictionReason::Cleared && reason != EvictionReason::Shutdown)
                f.closes += b.evictions[size_t(i)] - a.evictions[size_t(i)];
        }
        const auto lifetime = size_t(EvictionReason::MaxLifetime);
        f.lifetimeCloses = b.evictions[lifetime] - a.evictions[lifetime];
    }
    return f;
}

FailureRules::Facts FeedHistory::failureFacts() const
{
    FailureRules::Facts f;
    f.messages = m_messages;
    f.answers = m_answers;
    f.protocol = m_profile.load.protocol.kind;
    f.tls = m_profile.pool.tls;
    f.requestTimeoutMs = m_profile.load.requestTimeoutMs;
    f.targetsLab = m_profile.targetsLab;
    f.labBlackhole = m_profile.lab.blackhole;
    f.labInjectsErrors = m_profile.lab.errorRate > 0;
    if (m_progress.size() >= 2) {
        const ProgressSample &a = m_progress.front();
        const ProgressSample &b = m_progress.back();
        f.windowS = double(b.timeNs - a.timeNs) / 1e9;
        f.completed = b.completed - a.completed;
        for (size_t i = 0; i < f.failedBy.size(); ++i)
            f.failedBy[i] = b.errors[i] - a.errors[i];
    }
    return f;
}

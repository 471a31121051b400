#pragma once

#include "exhaustionrules.h"
#include "failurerules.h"
#include "idlecutoffresult.h"
#include "latencyhistogram.h"
#include "loadprogress.h"
#include "poolevent.h"
#include "poolsnapshot.h"
#include "sessionprofile.h"
#include "settingsrules.h"

#include <QList>

#include <deque>
#include <optional>

// What the diagnosis remembers of one pool's feed: a few seconds of snapshot counters, a few
// more of workload progress, the closes that tell a server's idle cutoff, and what was seen
// under the current settings. From these it makes the facts each set of rules reads. Bounded:
// the windows trim themselves, whatever the rate of feeds.
class FeedHistory
{
public:
    // Who holds a connection now.
    struct Holder
    {
        quint64 connectionId = 0;
        qint64 sinceNs = 0;
        qint64 heldNs = 0;
        QString purpose;
        quint64 requestId = 0;
    };

    // Counts a change of settings could resolve start again (each only for the settings it
    // reads), failures before any change too; a new target starts everything afresh.
    void setProfile(const SessionProfile &profile);
    void setWorkloadRunning(bool running);
    void addEvents(const QList<PoolEvent> &events);
    void addSnapshot(const PoolSnapshot &snapshot);
    void addProgress(const LoadProgress &progress);
    void addCutoff(const IdleCutoffResult &result);
    // The server restarted or dropped its connections about now: the idle connections it
    // closed around it say nothing about an idle cutoff.
    void noteServerRestart();

    // Every lease out at the latest snapshot, the longest held first.
    const QList<Holder> &holders() const { return m_holders; }

    ExhaustionRules::Facts exhaustionFacts() const;
    SettingsRules::Facts settingsFacts() const;
    FailureRules::Facts failureFacts() const;

    static constexpr qint64 WindowNs = 5'000'000'000; // for the exhaustion's rates
    static constexpr qint64 FailureWindowNs = 15'000'000'000; // request timeouts come seldom
    static constexpr qint64 UsualHoldSpanNs = 300'000'000'000;
    // Idle closes shorter than this are not a server's idle timeout.
    static constexpr qint64 MinIdleCloseNs = 200'000'000;
    // Peer closes this close to a restart are the restart's (its reply and the closes travel
    // different ways, and the reply is timed by the latest snapshot).
    static constexpr qint64 RestartBeforeNs = 1'000'000'000;
    static constexpr qint64 RestartAfterNs = 2'000'000'000;

private:
    struct Sample
    {
        qint64 timeNs = 0;
        quint64 acquisitions = 0;
        quint64 acquireTimeouts = 0;
        quint64 dialFailures = 0;
        quint64 holds = 0;
        double holdSumNs = 0;
        std::array<quint64, PoolStats::ReasonCount> evictions{};
        bool busy = false; // waiters while every connection is busy or dialing
        int peakInUse = 0; // since the sample before, every lease counted
    };
    struct ProgressSample
    {
        qint64 timeNs = 0;
        quint64 completed = 0;
        std::array<quint64, LoadProgress::ErrorCount> errors{};
    };
    struct IdleClose
    {
        qint64 timeNs = 0;
        qint64 idleNs = 0;
    };

    void resetSettingsWindow();
    void resetAll();
    void noteUsualHold(const Sample &sample);
    void noteHolders(const PoolSnapshot &snapshot);
    qint64 observedCutoffNs() const;
    double usualHoldNs() const;
    bool nearRestart(qint64 timeNs) const;

    SessionProfile m_profile;
    bool m_workloadRunning = false;
    qint64 m_timeNs = 0;
    int m_open = 0;
    int m_inUse = 0;
    int m_waiting = 0;
    qint64 m_oldestWaitNs = 0;
    int m_consecutiveDialFailures = 0;
    DialError m_lastDialError = DialError::None;
    qint64 m_lastDialFailureNs = 0; // 0: none seen
    // Leases out, followed event by event from the latest snapshot's count, and the most out
    // at once since it: snapshots alone miss a lease that comes and goes between two.
    int m_leasesOut = 0;
    int m_leasesPeak = 0;
    QList<Holder> m_holders;
    std::deque<Sample> m_samples; // the last WindowNs and one before it
    // The mean hold time of each recent second, for the usual one.
    std::deque<std::pair<qint64, double>> m_secondMeans;
    Sample m_secondStart;
    std::deque<ProgressSample> m_progress;
    std::array<QString, LoadProgress::ErrorCount> m_messages;
    std::array<AnswerKind, LoadProgress::ErrorCount> m_answers{};
    std::deque<IdleClose> m_idleCloses; // the latest few the server made
    std::deque<qint64> m_restarts; // recent ones, while closes may still come for them
    qint64 m_probedCutoffMs = 0;

    // Each since the settings it reads last changed
    std::optional<Sample> m_settingsBase; // closes, for the lifetime
    int m_serverIdleCloses = 0; // for min idle
    qint64 m_minIdleSinceNs = 0;
    LatencyHistogram m_holds;
    int m_peakInUse = 0;
    qint64 m_observedSinceNs = 0; // the workload runs under them since; 0: it does not
};

#include "diagnosis.h"

#include "diagnosistext.h"
#include "feedstate.h"
#include "session.h"

#include <algorithm>

Diagnosis::Diagnosis(Session *session, FeedState *state, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_state(state)
{
    m_history.setProfile(state->profile());
    m_history.setWorkloadRunning(state->isWorkloadRunning());
    connect(state, &FeedState::profileChanged, this,
            [this](const SessionProfile &profile) { m_history.setProfile(profile); });
    connect(state, &FeedState::workloadRunningChanged, this,
            [this](bool running) { m_history.setWorkloadRunning(running); });
    connect(state, &FeedState::labListeningChanged, this, [this](bool listening) {
        if (!listening && m_state->targetsLab())
            m_history.noteServerRestart();
    });
    connect(state, &FeedState::probed, this, &Diagnosis::showProbe);
    connect(state, &FeedState::replied, this, &Diagnosis::showReply);
}

void Diagnosis::addFeed(const PoolFeed &feed)
{
    if (!feed.events.isEmpty())
        m_history.addEvents(feed.events);
    for (const LoadProgress &progress : feed.workload)
        m_history.addProgress(progress);
    if (feed.snapshot) {
        m_history.addSnapshot(*feed.snapshot);
        const DialError outage = m_dialOutage;
        noteDials(*feed.snapshot);
        if (outage != m_dialOutage)
            m_publishedNs = 0;
        decide(feed.snapshot->timeNs);
    }
}

namespace {

bool sameKinds(const QList<SettingsRules::Warning> &a, const QList<SettingsRules::Warning> &b)
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](const auto &x, const auto &y) { return x.kind == y.kind; });
}

} // namespace

void Diagnosis::decide(qint64 timeNs)
{
    const ExhaustionRules::Facts exhaustionFacts = m_history.exhaustionFacts();
    const ExhaustionRules::Verdict exhaustion = ExhaustionRules::decide(exhaustionFacts);
    const QList<SettingsRules::Warning> warnings = SettingsRules::check(m_history.settingsFacts());
    const FailureRules::Facts failureFacts = m_history.failureFacts();
    const FailureRules::Verdict failure = FailureRules::decide(failureFacts);
    const bool changed = exhaustion.cause != m_exhaustion.cause || !sameKinds(warnings, m_warnings)
        || failure.error != m_failure.error;
    if (!changed && m_publishedNs && timeNs - m_publishedNs < PublishIntervalNs)
        return;
    m_publishedNs = timeNs;
    m_exhaustionFacts = exhaustionFacts;
    m_exhaustion = exhaustion;
    m_holders = m_history.holders();
    m_warnings = warnings;
    m_failureFacts = failureFacts;
    m_failure = failure;
    Q_EMIT updated();
}

void Diagnosis::noteDials(const PoolSnapshot &snapshot)
{
    const PoolStats &stats = snapshot.stats;
    const bool failing = stats.consecutiveDialFailures > 0;
    if (!failing)
        m_failingSinceNs = 0;
    else if (!m_failingSinceNs)
        m_failingSinceNs = snapshot.timeNs;
    // A restart that is over in a moment (the lab's button, a deploy) is not an outage: the
    // banner waits until dials have failed for a while, and does not flash in and out.
    const bool outage = failing && snapshot.timeNs - m_failingSinceNs >= OutageDelayNs;
    if (outage && stats.lastDialError != DialError::None) {
        m_dialOutage = stats.lastDialError;
        m_dialMessage = stats.lastDialMessage;
    } else if (!failing) {
        m_dialOutage = DialError::None;
        m_dialMessage.clear();
    }
}

void Diagnosis::showProbe(const ProbeFeed &probe)
{
    if (probe.cutoff)
        m_history.addCutoff(*probe.cutoff);
}

void Diagnosis::applyFix(const SettingsRules::Warning &warning)
{
    sendFix(DiagnosisText::fixLabel(warning),
            SettingsRules::apply(warning, m_session->profile(m_state->pool()).pool));
}

void Diagnosis::applySizingFix()
{
    if (!m_exhaustion.proposedMaxConnections)
        return;
    PoolSettings settings = m_session->profile(m_state->pool()).pool;
    settings.maxConnections = m_exhaustion.proposedMaxConnections;
    sendFix(DiagnosisText::sizingFixLabel(m_exhaustion), settings);
}

void Diagnosis::sendFix(const QString &label, const PoolSettings &settings)
{
    m_fixLabel = label;
    m_fixCommand = m_session->setPoolSettings(m_state->pool(), settings);
}

void Diagnosis::applyFailureFix()
{
    const quint32 pool = m_state->pool();
    const SessionProfile profile = m_session->profile(pool);
    m_fixLabel = DiagnosisText::fixLabel(m_failure);
    switch (m_failure.fix) {
    case FailureRules::Fix::None:
        return;
    case FailureRules::Fix::ChooseProtocol:
        m_fixCommand = m_session->setProtocol(pool, m_failure.protocol);
        return;
    case FailureRules::Fix::UseTls:
        m_fixCommand = profile.targetsLab
            ? m_session->targetLab(pool, true)
            : m_session->setTarget(pool, profile.pool.host, profile.pool.port, true);
        return;
    case FailureRules::Fix::LabBlackholeOff: {
        LabSettings lab = profile.lab;
        lab.blackhole = false;
        m_fixCommand = m_session->setLabSettings(lab);
        return;
    }
    case FailureRules::Fix::LabErrorsOff: {
        LabSettings lab = profile.lab;
        lab.errorRate = 0;
        m_fixCommand = m_session->setLabSettings(lab);
        return;
    }
    case FailureRules::Fix::RunProbe:
        Q_EMIT probeRequested();
        return;
    }
}

void Diagnosis::showReply(const SessionReply &reply)
{
    if (reply.ok() && (reply.action == u"restart_lab" || reply.action == u"reset_lab_connections"))
        m_history.noteServerRestart();
    if (!m_fixCommand || reply.command != m_fixCommand)
        return;
    m_fixCommand = 0;
    Q_EMIT fixAnswered(m_fixLabel, reply.ok(), reply.errors);
}

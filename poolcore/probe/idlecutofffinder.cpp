#include "idlecutofffinder.h"

#include "endpoint.h"
#include "monotonicclock.h"

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace {

constexpr int ProgressIntervalMs = 200;

qint64 nsToMs(qint64 ns)
{
    return (ns + 500'000) / 1'000'000;
}

} // namespace

IdleCutoffFinder::IdleCutoffFinder(QObject *parent)
    : QObject(parent)
{
    connect(&m_resolver, &ProbeResolver::finished, this, &IdleCutoffFinder::onResolved);
    m_progressTimer.setInterval(ProgressIntervalMs);
    connect(&m_progressTimer, &QTimer::timeout, this, &IdleCutoffFinder::reportProgress);
}

IdleCutoffFinder::~IdleCutoffFinder() = default;

QStringList IdleCutoffFinder::start(const ProbeSettings &settings)
{
    QStringList errors = settings.validate();
    if (!settings.protocol) {
        errors << u"idle-cutoff: needs a protocol, to check that an idle connection still "
                  "answers; accepted: --protocol %1"_s.arg(
                      enumNameList<ProtocolKind>().join(u", "_s));
    }
    if (!errors.isEmpty())
        return errors;
    stop();
    m_settings = settings;
    m_result = IdleCutoffResult();
    m_result.maxIdleMs = settings.maxIdleMs;
    m_startNs = MonotonicClock::nowNs();
    m_slowestAnswerNs = 0;
    m_lowerNs = 0;
    m_upperNs = 0;
    m_closedWhileIdleNs = 0;
    m_upperAmbiguous = false;
    m_running = true;
    m_progressTimer.start();
    Q_EMIT progressChanged(0, u"resolving %1"_s.arg(settings.host));
    m_resolver.resolve(settings);
    return {};
}

void IdleCutoffFinder::stop()
{
    if (!m_running)
        return;
    m_resolver.abort();
    finish(IdleCutoffResult::Outcome::Stopped);
}

void IdleCutoffFinder::onResolved(const ProbeStep &step)
{
    if (!step.ok) {
        fail(ProbeVerdict::explain(step.failure, step.kind, m_settings, &step));
        return;
    }
    m_address = step.addresses.constFirst();
    m_result.address = Endpoint::of(m_address, quint16(m_settings.port));
    QList<qint64> idleTimes;
    for (qint64 ms = FirstIdleMs; ms < m_settings.maxIdleMs; ms *= 2)
        idleTimes << ms;
    idleTimes << m_settings.maxIdleMs;
    startRound(idleTimes);
}

void IdleCutoffFinder::startRound(const QList<qint64> &idleTimesMs)
{
    ++m_result.rounds;
    m_roundStartNs = MonotonicClock::nowNs();
    m_roundLongestMs = *std::max_element(idleTimesMs.begin(), idleTimesMs.end());
    for (const qint64 ms : idleTimesMs)
        launch(ms);
    reportProgress();
}

void IdleCutoffFinder::launch(qint64 targetIdleMs)
{
    auto *connection = new ProbeConnection(m_settings, this);
    Trial trial;
    trial.targetIdleMs = targetIdleMs;
    trial.idleTimer = new QTimer(connection);
    trial.idleTimer->setSingleShot(true);
    // The idle time is what is measured: a coarse timer may fire up to 5 % early.
    trial.idleTimer->setTimerType(Qt::PreciseTimer);
    m_trials.insert(connection, trial);
    connect(trial.idleTimer, &QTimer::timeout, this,
            [this, connection] { onIdleElapsed(connection); });
    connect(connection, &ProbeConnection::stepFinished, this,
            [this, connection](const ProbeStep &step) { onStep(connection, step); });
    connect(connection, &ProbeConnection::opened, this,
            [this, connection] { connection->sendRequest(m_settings.timeoutMs); });
    connect(connection, &ProbeConnection::closedWhileIdle, this,
            [this, connection](PeerClose how, qint64 idleNs) {
                conclude(connection,
                         how == PeerClose::Reset ? IdleCutoffResult::Fate::Reset
                                                 : IdleCutoffResult::Fate::Fin,
                         idleNs, true,
                         how == PeerClose::Reset ? u"reset while idle"_s
                                                 : u"closed by the other side while idle"_s);
            });
    connection->open(m_address);
}

void IdleCutoffFinder::onStep(ProbeConnection *connection, const ProbeStep &step)
{
    const auto it = m_trials.find(connection);
    if (it == m_trials.end())
        return;
    if (!it->idle) {
        // Opening the connection and its first request: these must work, or there is
        // nothing to leave idle.
        if (!step.ok) {
            fail(ProbeVerdict::explain(step.failure, step.kind, m_settings, &step));
            return;
        }
        if (step.kind != ProbeStep::Kind::Response)
            return;
        if (connection->state() != ProbeConnection::State::Idle) {
            ProbeVerdict verdict;
            verdict.failure = ProbeFailure::Other;
            verdict.step = ProbeStep::Kind::Response;
            verdict.address = connection->address();
            verdict.sentence = u"%1 closes each connection after one response, so no connection "
                               "can be left idle; a pool gains nothing by keeping them."_s.arg(
                                   connection->address());
            verdict.next = u"Check whether the server or a proxy disables keep-alive."_s;
            fail(verdict);
            return;
        }
        m_slowestAnswerNs = std::max(m_slowestAnswerNs, step.completeNs);
        it->idle = true;
        it->idleTimer->start(MonotonicClock::timerMs(it->targetIdleMs));
        return;
    }
    const qint64 idleNs = it->checkedAfterNs;
    if (step.ok) {
        conclude(connection, IdleCutoffResult::Fate::Usable, idleNs, false, {});
        return;
    }
    switch (step.failure) {
    case ProbeFailure::TimedOut:
        conclude(connection,
                 connection->silentButOpen() ? IdleCutoffResult::Fate::Silence
                                             : IdleCutoffResult::Fate::Broken,
                 idleNs, false, step.message);
        return;
    case ProbeFailure::Reset:
        conclude(connection, IdleCutoffResult::Fate::Reset, idleNs, false, step.message);
        return;
    case ProbeFailure::Closed:
        conclude(connection, IdleCutoffResult::Fate::Fin, idleNs, false, step.message);
        return;
    default:
        conclude(connection, IdleCutoffResult::Fate::Broken, idleNs, false, step.message);
        return;
    }
}

void IdleCutoffFinder::onIdleElapsed(ProbeConnection *connection)
{
    const auto it = m_trials.find(connection);
    if (it == m_trials.end() || connection->state() != ProbeConnection::State::Idle)
        return;
    it->checkedAfterNs = MonotonicClock::nowNs() - connection->idleSinceNs();
    connection->sendRequest(silenceTimeoutMs());
}

qint64 IdleCutoffFinder::silenceTimeoutMs() const
{
    return std::min(m_settings.timeoutMs, std::max(MinSilenceMs, 10 * nsToMs(m_slowestAnswerNs)));
}

qint64 IdleCutoffFinder::resolutionMs() const
{
    return std::max(MinResolutionMs, qint64(double(nsToMs(m_upperNs)) * RelativeResolution));
}

void IdleCutoffFinder::conclude(ProbeConnection *connection, IdleCutoffResult::Fate fate,
                                qint64 idleNs, bool whileIdle, const QString &message)
{
    const auto it = m_trials.find(connection);
    if (it == m_trials.end())
        return;
    IdleCutoffResult::Trial trial;
    trial.targetIdleMs = it->targetIdleMs;
    trial.idleMs = nsToMs(idleNs);
    trial.fate = fate;
    trial.whileIdle = whileIdle;
    trial.message = message;
    m_result.trials << trial;
    drop(connection);

    if (fate == IdleCutoffResult::Fate::Usable) {
        m_lowerNs = std::max(m_lowerNs, idleNs);
    } else {
        if (!m_upperNs || idleNs < m_upperNs) {
            m_upperNs = idleNs;
            m_upperAmbiguous = !whileIdle
                && (fate == IdleCutoffResult::Fate::Fin || fate == IdleCutoffResult::Fate::Reset);
        }
        if (whileIdle) {
            m_closedWhileIdleNs
                = m_closedWhileIdleNs ? std::min(m_closedWhileIdleNs, idleNs) : idleNs;
        }
    }
    Q_EMIT trialFinished(trial);

    prune();
    if (m_trials.isEmpty())
        endRound();
}

void IdleCutoffFinder::prune()
{
    // A FIN or RST met by a check may be a drop that was on its way anyway, or the server
    // closing just as the request arrived (it then resets). Connections already idle a little
    // longer show which by themselves, so they get until then; otherwise trials whose outcome
    // is implied cannot narrow the interval.
    const bool waitForItself = m_upperAmbiguous && !m_closedWhileIdleNs;
    const qint64 graceNs
        = m_upperNs + std::max(MonotonicClock::msToNs(MinResolutionMs), m_upperNs / 4);
    const qint64 now = MonotonicClock::nowNs();
    const auto connections = m_trials.keys();
    for (ProbeConnection *connection : connections) {
        Trial &trial = m_trials[connection];
        const qint64 targetNs = MonotonicClock::msToNs(trial.targetIdleMs);
        if (targetNs <= m_lowerNs) {
            drop(connection);
            continue;
        }
        if (!m_upperNs || targetNs < m_upperNs)
            continue;
        if (!waitForItself || !trial.idle || !trial.idleTimer->isActive()) {
            drop(connection);
            continue;
        }
        if (targetNs > graceNs) {
            trial.targetIdleMs = graceNs / 1'000'000;
            const qint64 idleNs = now - connection->idleSinceNs();
            trial.idleTimer->start(
                MonotonicClock::timerMs(nsToMs(std::max<qint64>(graceNs - idleNs, 0))));
        }
    }
}

void IdleCutoffFinder::drop(ProbeConnection *connection)
{
    m_trials.remove(connection);
    connection->disconnect(this);
    connection->close();
    // It may be emitting the signal that brought us here.
    connection->deleteLater();
}

void IdleCutoffFinder::endRound()
{
    if (!m_running)
        return;
    if (m_upperNs == 0) {
        finish(IdleCutoffResult::Outcome::NotFound);
        return;
    }
    const qint64 widthMs = nsToMs(m_upperNs - std::min(m_lowerNs, m_upperNs));
    if (widthMs <= resolutionMs()) {
        finish(IdleCutoffResult::Outcome::Found);
        return;
    }
    QList<qint64> idleTimes;
    const double lowerMs = double(m_lowerNs) / 1e6;
    const double stepMs = (double(m_upperNs - m_lowerNs) / 1e6) / (SplitCount + 1);
    for (int i = 1; i <= SplitCount; ++i)
        idleTimes << qint64(lowerMs + stepMs * i);
    startRound(idleTimes);
}

void IdleCutoffFinder::fail(const ProbeVerdict &verdict)
{
    m_result.failure = verdict;
    finish(IdleCutoffResult::Outcome::Failed);
}

void IdleCutoffFinder::finish(IdleCutoffResult::Outcome outcome)
{
    if (!m_running)
        return;
    m_running = false;
    m_progressTimer.stop();
    const auto connections = m_trials.keys();
    for (ProbeConnection *connection : connections)
        drop(connection);

    m_result.outcome = outcome;
    m_result.elapsedMs = nsToMs(MonotonicClock::nowNs() - m_startNs);
    m_result.silenceTimeoutMs = silenceTimeoutMs();
    m_result.lowerMs = nsToMs(m_lowerNs);
    m_result.upperMs = nsToMs(m_upperNs);
    if (outcome == IdleCutoffResult::Outcome::Found) {
        // A FIN or RST that came by itself was timed exactly; a silence is only known to lie
        // between the longest idle seen usable and the shortest seen failing.
        m_result.cutoffMs = nsToMs(m_closedWhileIdleNs ? m_closedWhileIdleNs : m_upperNs);
        m_result.lowerMs = std::min(m_result.lowerMs, m_result.upperMs);
        // How the drop showed: by itself while idle if it ever did, otherwise what the check
        // nearest the cutoff met.
        const IdleCutoffResult::Trial *nearest = nullptr;
        for (const IdleCutoffResult::Trial &trial : std::as_const(m_result.trials)) {
            if (trial.fate == IdleCutoffResult::Fate::Usable)
                continue;
            if (!nearest || (trial.whileIdle && !nearest->whileIdle)
                || (trial.whileIdle == nearest->whileIdle && trial.idleMs < nearest->idleMs))
                nearest = &trial;
        }
        m_result.drop = nearest->fate;
    }
    Q_EMIT progressChanged(100, m_result.sentence());
    Q_EMIT finished(m_result);
}

void IdleCutoffFinder::reportProgress()
{
    if (!m_running || m_result.rounds == 0)
        return;
    const qint64 elapsedMs = nsToMs(MonotonicClock::nowNs() - m_roundStartNs);
    const qint64 roundMs = m_roundLongestMs + silenceTimeoutMs();
    const int percent
        = int(std::clamp<qint64>(100 * elapsedMs / std::max<qint64>(roundMs, 1), 0, 99));
    QString text = u"round %1: %2 connection(s) idle"_s.arg(m_result.rounds).arg(m_trials.size());
    if (m_upperNs) {
        text += u"; the cutoff lies between %1 and %2"_s.arg(
            IdleCutoffResult::secondsText(nsToMs(m_lowerNs)),
            IdleCutoffResult::secondsText(nsToMs(m_upperNs)));
    } else if (m_lowerNs) {
        text += u"; usable after %1 idle so far"_s.arg(
            IdleCutoffResult::secondsText(nsToMs(m_lowerNs)));
    }
    Q_EMIT progressChanged(percent, text);
}

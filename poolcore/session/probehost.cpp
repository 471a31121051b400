#include "probehost.h"

#include "idlecutofffinder.h"
#include "prober.h"

using namespace Qt::StringLiterals;

ProbeHost::ProbeHost(std::function<void()> wake)
    : m_wake(std::move(wake))
    , m_thread(u"probe"_s)
{
    m_thread.post([this] { create(); });
}

ProbeHost::~ProbeHost()
{
    m_thread.stop([this] {
        delete std::exchange(m_prober, nullptr);
        delete std::exchange(m_finder, nullptr);
    });
}

void ProbeHost::create()
{
    m_prober = new Prober;
    m_finder = new IdleCutoffFinder;
    QObject::connect(m_prober, &Prober::attemptFinished, m_prober,
                     [this](const ProbeAttempt &attempt) {
                         post([&](Delivery &delivery) { delivery.feed.attempts.append(attempt); });
                     });
    QObject::connect(m_prober, &Prober::finished, m_prober, [this](const ProbeResult &result) {
        post([&](Delivery &delivery) { delivery.feed.finished = result; });
    });
    QObject::connect(
        m_finder, &IdleCutoffFinder::progressChanged, m_finder,
        [this](int percent, const QString &text) {
            post([&](Delivery &delivery) {
                delivery.feed.cutoffProgress = ProbeFeed::CutoffProgress{percent, text};
            });
        });
    QObject::connect(m_finder, &IdleCutoffFinder::trialFinished, m_finder,
                     [this](const IdleCutoffResult::Trial &trial) {
                         post([&](Delivery &delivery) { delivery.feed.trials.append(trial); });
                     });
    QObject::connect(m_finder, &IdleCutoffFinder::finished, m_finder,
                     [this](const IdleCutoffResult &result) {
                         post([&](Delivery &delivery) { delivery.feed.cutoff = result; });
                     });
}

void ProbeHost::post(const std::function<void(Delivery &)> &change)
{
    if (m_mailbox.update(change))
        m_wake();
}

void ProbeHost::answer(quint64 command, const QString &action, const QStringList &errors)
{
    SessionReply reply;
    reply.command = command;
    reply.action = action;
    reply.errors = errors;
    post([&](Delivery &delivery) { delivery.replies.append(reply); });
}

void ProbeHost::probe(const ProbeSettings &settings, quint64 command)
{
    m_thread.post([this, settings, command] {
        const QStringList errors = m_prober->start(settings);
        if (errors.isEmpty())
            post([&](Delivery &delivery) { delivery.feed.started = settings; });
        answer(command, u"probe"_s, errors);
    });
}

void ProbeHost::findIdleCutoff(const ProbeSettings &settings, quint64 command)
{
    m_thread.post([this, settings, command] {
        answer(command, u"find_idle_cutoff"_s, m_finder->start(settings));
    });
}

void ProbeHost::stop(quint64 command)
{
    m_thread.post([this, command] {
        m_prober->stop();
        m_finder->stop();
        answer(command, u"stop_probe"_s, {});
    });
}

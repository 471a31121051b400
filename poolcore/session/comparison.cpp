#include "comparison.h"

#include "connectionpool.h"
#include "loaddriver.h"
#include "monotonicclock.h"
#include "poolhost.h"
#include "session.h"

Comparison::Comparison(Session *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{ }

Comparison::~Comparison()
{
    if (m_driver) {
        LoadDriver *driver = m_driver;
        m_session->poolHost()->invokeAndWait([driver](ConnectionPool &) { delete driver; });
    }
}

void Comparison::start(double phaseSeconds)
{
    if (isRunning() || m_cancelling || !m_session->isStarted())
        return;
    m_phaseSeconds = phaseSeconds;
    if (!m_driver) {
        m_driver = m_session->createDriver();
        connect(
            m_driver, &LoadDriver::progressed, this,
            [this](const LoadProgress &progress) {
                if (isRunning())
                    Q_EMIT progressed(m_phase, double(progress.timeNs - m_phaseStartNs) / 1e9,
                                      progress);
            },
            Qt::QueuedConnection);
        connect(m_driver, &LoadDriver::finished, this, &Comparison::phaseFinished,
                Qt::QueuedConnection);
    }
    // Both halves must have the backend to themselves.
    m_resumeWorkload = m_session->isWorkloadRunning();
    if (m_resumeWorkload)
        m_session->stopWorkload();
    startPhase(Phase::Pooled);
}

void Comparison::startPhase(Phase phase)
{
    LoadSettings settings = m_session->profile().load;
    settings.pooled = phase == Phase::Pooled;
    settings.durationS = m_phaseSeconds;
    settings.requests = 0;
    m_phase = phase;
    m_phaseStartNs = MonotonicClock::nowNs();
    LoadDriver *driver = m_driver;
    quint64 dials = 0;
    m_session->poolHost()->invokeAndWait([&](ConnectionPool &pool) {
        dials = pool.stats().dials;
        driver->setSettings(settings);
        driver->start();
    });
    m_dialsAtStart = dials;
    Q_EMIT phaseChanged(phase);
}

Comparison::Result Comparison::collect()
{
    Result result;
    LoadDriver *driver = m_driver;
    m_session->poolHost()->invokeAndWait([&](ConnectionPool &pool) {
        result.report = driver->report();
        result.dials = pool.stats().dials - m_dialsAtStart;
    });
    return result;
}

void Comparison::phaseFinished()
{
    if (m_cancelling) {
        m_cancelling = false;
        Q_EMIT cancelled();
        return;
    }
    switch (m_phase) {
    case Phase::Idle:
        return;
    case Phase::Pooled:
        m_pooled = collect();
        startPhase(Phase::Unpooled);
        return;
    case Phase::Unpooled: {
        const Result unpooled = collect();
        m_phase = Phase::Idle;
        restoreWorkload();
        Q_EMIT phaseChanged(Phase::Idle);
        Q_EMIT finished(m_pooled, unpooled);
        return;
    }
    }
}

void Comparison::cancel()
{
    if (!isRunning())
        return;
    m_phase = Phase::Idle;
    // cancelled() follows once the requests in flight are done, so the next run starts clean.
    m_cancelling = true;
    LoadDriver *driver = m_driver;
    m_session->poolHost()->invokeAndWait([driver](ConnectionPool &) { driver->stop(); });
    restoreWorkload();
    Q_EMIT phaseChanged(Phase::Idle);
}

void Comparison::restoreWorkload()
{
    if (m_resumeWorkload)
        m_session->startWorkload();
    m_resumeWorkload = false;
}

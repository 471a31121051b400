#include "session.h"

#include "connectionpool.h"
#include "labcertificate.h"
#include "labhost.h"
#include "loaddriver.h"
#include "monotonicclock.h"
#include "poolhost.h"

using namespace Qt::StringLiterals;

namespace {

// Often enough for the latency chart to move smoothly, rarely enough to cost nothing.
constexpr int ProgressIntervalMs = 250;

} // namespace

Session::Session(QObject *parent)
    : QObject(parent)
    , m_epochNs(MonotonicClock::nowNs())
    , m_lab(new LabHost(this))
    , m_poolHost(new PoolHost(this))
{
    qRegisterMetaType<LoadProgress>();
    connect(m_poolHost, &PoolHost::eventsDelivered, this, &Session::eventsDelivered);
    connect(m_poolHost, &PoolHost::snapshotDelivered, this, &Session::snapshotDelivered);
    connect(m_lab, &LabHost::listeningChanged, this, &Session::labListeningChanged);
    connect(m_lab, &LabHost::errorOccurred, this,
            [this](const QString &message) { Q_EMIT errorOccurred(tr("lab: %1").arg(message)); });
}

Session::~Session()
{
    // The driver holds leases: it goes before the pool, on the pool's thread.
    if (m_driver) {
        LoadDriver *driver = m_driver;
        m_poolHost->invokeAndWait([driver](ConnectionPool &) { delete driver; });
    }
    m_poolHost->blockSignals(true);
    m_poolHost->stop();
    m_lab->stop();
}

QStringList Session::start(const SessionProfile &profile, bool startWorkload)
{
    m_profile = profile;
    LabSettings lab = profile.lab;
    lab.address = QHostAddress(QHostAddress::LocalHost);
    lab.port = 0;
    if (QStringList errors = m_lab->start(lab); !errors.isEmpty())
        return errors;
    // From now on the lab keeps its port, also across restarts and knob changes.
    lab.port = m_lab->port();
    m_profile.lab = lab;

    const PoolSettings pool = effectivePoolSettings(profile.pool);
    if (QStringList errors = m_poolHost->start(pool); !errors.isEmpty())
        return errors;
    m_profile.pool = pool;
    m_poolHost->invokeAndWait([this](ConnectionPool &connectionPool) {
        m_driver = new LoadDriver(&connectionPool, &connectionPool);
        m_driver->setProgressIntervalMs(ProgressIntervalMs);
    });
    connect(m_driver, &LoadDriver::progressed, this, &Session::progressed, Qt::QueuedConnection);
    if (QStringList errors = applyLoad(profile.load); !errors.isEmpty())
        return errors;
    Q_EMIT profileChanged(m_profile);
    if (startWorkload)
        this->startWorkload();
    return {};
}

bool Session::isStarted() const
{
    return m_driver != nullptr;
}

PoolSettings Session::effectivePoolSettings(PoolSettings settings) const
{
    if (m_profile.targetsLab) {
        settings.host = m_lab->address().toString();
        settings.port = m_lab->port();
        settings.tls = m_profile.lab.tls;
        // The lab's certificate is trusted, not waved through: what a real setup would do.
        settings.caFile = settings.tls ? LabCertificate::certificatePath() : QString();
    }
    return settings;
}

LoadSettings Session::effectiveLoadSettings(LoadSettings settings) const
{
    settings.protocol.httpHost = m_profile.pool.host;
    // The window runs until told to stop.
    settings.requests = 0;
    settings.durationS = 0;
    return settings;
}

QStringList Session::applyPool(const PoolSettings &settings)
{
    if (QStringList errors = settings.validate(); !errors.isEmpty())
        return errors;
    QStringList errors;
    m_poolHost->invokeAndWait([&](ConnectionPool &pool) { errors = pool.setSettings(settings); });
    if (errors.isEmpty())
        m_profile.pool = settings;
    return errors;
}

QStringList Session::applyLoad(const LoadSettings &settings)
{
    const LoadSettings effective = effectiveLoadSettings(settings);
    QStringList errors = effective.validate();
    if (errors.isEmpty() && m_driver) {
        LoadDriver *driver = m_driver;
        m_poolHost->invokeAndWait(
            [&](ConnectionPool &) { errors = driver->setSettings(effective); });
    }
    if (errors.isEmpty())
        m_profile.load = effective;
    return errors;
}

QStringList Session::setPoolSettings(const PoolSettings &settings)
{
    QStringList errors = applyPool(effectivePoolSettings(settings));
    if (errors.isEmpty())
        Q_EMIT profileChanged(m_profile);
    return errors;
}

QStringList Session::setTarget(const QString &host, int port, bool tls)
{
    PoolSettings settings = m_profile.pool;
    settings.host = host;
    settings.port = port;
    settings.tls = tls;
    if (m_profile.targetsLab && settings.caFile == LabCertificate::certificatePath())
        settings.caFile.clear();
    if (QStringList errors = settings.validate(); !errors.isEmpty())
        return errors;
    const bool wasLab = m_profile.targetsLab;
    m_profile.targetsLab = false;
    QStringList errors = applyPool(settings);
    if (!errors.isEmpty()) {
        m_profile.targetsLab = wasLab;
        return errors;
    }
    // The Host header names the server the requests now go to.
    applyLoad(m_profile.load);
    Q_EMIT profileChanged(m_profile);
    return {};
}

QStringList Session::targetLab(bool tls)
{
    if (tls != m_profile.lab.tls) {
        LabSettings lab = m_profile.lab;
        lab.tls = tls;
        if (QStringList errors = setLabSettings(lab); !errors.isEmpty())
            return errors;
    }
    m_profile.targetsLab = true;
    QStringList errors = applyPool(effectivePoolSettings(m_profile.pool));
    if (errors.isEmpty()) {
        applyLoad(m_profile.load);
        Q_EMIT profileChanged(m_profile);
    }
    return errors;
}

void Session::flushPool()
{
    m_poolHost->invoke([](ConnectionPool &pool) { pool.clear(); });
}

QStringList Session::setLabSettings(const LabSettings &settings)
{
    LabSettings lab = settings;
    lab.address = m_profile.lab.address;
    lab.port = m_profile.lab.port;
    if (QStringList errors = m_lab->setSettings(lab); !errors.isEmpty())
        return errors;
    const bool tlsChanged = lab.tls != m_profile.lab.tls;
    m_profile.lab = lab;
    // A pool on the lab speaks what the lab speaks.
    if (m_profile.targetsLab && tlsChanged)
        applyPool(effectivePoolSettings(m_profile.pool));
    Q_EMIT profileChanged(m_profile);
    return {};
}

void Session::restartLab(qint64 downMs)
{
    m_lab->restart(downMs);
}

void Session::resetLabConnections()
{
    m_lab->resetAll();
}

QStringList Session::setLoadSettings(const LoadSettings &settings)
{
    QStringList errors = applyLoad(settings);
    if (errors.isEmpty())
        Q_EMIT profileChanged(m_profile);
    return errors;
}

QStringList Session::setProtocol(ProtocolKind kind)
{
    LoadSettings load = m_profile.load;
    load.protocol.kind = kind;
    if (m_profile.targetsLab && m_profile.lab.protocol != kind) {
        LabSettings lab = m_profile.lab;
        lab.protocol = kind;
        if (QStringList errors = m_lab->setSettings(lab); !errors.isEmpty())
            return errors;
        m_profile.lab = lab;
        // Connections accepted under the old protocol would misread the new requests.
        flushPool();
    }
    return setLoadSettings(load);
}

void Session::startWorkload()
{
    if (!m_driver)
        return;
    LoadDriver *driver = m_driver;
    m_poolHost->invoke([this, driver](ConnectionPool &) {
        QObject::disconnect(m_pendingStart);
        // Calls arrive in order, so a driver still running here is finishing the requests of a
        // stop: it starts again once they are done.
        if (!driver->isRunning()) {
            driver->start();
            return;
        }
        m_pendingStart = QObject::connect(driver, &LoadDriver::finished, driver, [this, driver] {
            QObject::disconnect(m_pendingStart);
            driver->start();
        });
    });
    setWorkloadRunning(true);
}

void Session::stopWorkload()
{
    if (!m_driver)
        return;
    LoadDriver *driver = m_driver;
    m_poolHost->invoke([this, driver](ConnectionPool &) {
        QObject::disconnect(m_pendingStart);
        driver->stop();
    });
    setWorkloadRunning(false);
}

void Session::setWorkloadRunning(bool running)
{
    if (running == m_workloadRunning)
        return;
    m_workloadRunning = running;
    Q_EMIT workloadRunningChanged(running);
}

LoadDriver *Session::createDriver()
{
    LoadDriver *driver = nullptr;
    m_poolHost->invokeAndWait([&driver](ConnectionPool &pool) {
        driver = new LoadDriver(&pool, &pool);
        driver->setProgressIntervalMs(ProgressIntervalMs);
    });
    return driver;
}

QStringList Session::applyProfile(const SessionProfile &profile)
{
    QStringList errors;
    if (const QStringList labErrors = setLabSettings(profile.lab); !labErrors.isEmpty())
        errors << labErrors;
    if (profile.targetsLab) {
        m_profile.targetsLab = true;
        errors << applyPool(effectivePoolSettings(profile.pool));
    } else {
        m_profile.targetsLab = false;
        errors << applyPool(profile.pool);
    }
    errors << applyLoad(profile.load);
    Q_EMIT profileChanged(m_profile);
    return errors;
}

#include "poolhost.h"

#include "connectionpool.h"
#include "loaddriver.h"

using namespace Qt::StringLiterals;

namespace {

// Often enough for the latency chart to move smoothly, rarely enough to cost nothing.
constexpr int ProgressIntervalMs = 250;

} // namespace

PoolHost::PoolHost(quint32 id, const PoolFeedBuffer::Intervals &intervals,
                   std::function<void()> wake)
    : m_id(id)
    , m_intervals(intervals)
    , m_wake(std::move(wake))
    , m_thread(u"pool %1"_s.arg(id))
{ }

PoolHost::~PoolHost()
{
    m_thread.stop([this] { deleteAll(); });
}

void PoolHost::answer(quint64 command, const QString &action,
                      const std::function<QStringList()> &work)
{
    SessionReply reply;
    reply.command = command;
    reply.pool = m_id;
    reply.action = action;
    reply.errors = m_pool ? work() : QStringList{u"pool %1 is not running"_s.arg(m_id)};
    if (m_buffer)
        m_buffer->addReply(reply);
    else if (m_mailbox.update([&](PoolFeedBuffer::Delivery &d) { d.replies.append(reply); }))
        m_wake();
}

void PoolHost::start(const PoolSettings &settings, const LoadSettings &load, quint64 command)
{
    m_thread.post([this, settings, load, command] {
        m_pool = new ConnectionPool(settings);
        m_pool->setId(m_id);
        m_buffer = new PoolFeedBuffer(m_pool, m_intervals, m_mailbox, m_wake);
        m_workload = new LoadDriver(m_pool);
        m_workload->setProgressIntervalMs(ProgressIntervalMs);
        QObject::connect(m_workload, &LoadDriver::progressed, m_buffer,
                         [this](const LoadProgress &p) { m_buffer->addWorkloadProgress(p); });
        answer(command, u"add_pool"_s,
               [&] { return m_pool->settingsErrors() + m_workload->setSettings(load); });
    });
}

void PoolHost::setSettings(const PoolSettings &settings, quint64 command)
{
    m_thread.post([this, settings, command] {
        answer(command, u"set_pool_settings"_s, [&] { return m_pool->setSettings(settings); });
    });
}

void PoolHost::clear(quint64 command)
{
    m_thread.post([this, command] {
        answer(command, u"flush_pool"_s, [&] {
            m_pool->clear();
            return QStringList();
        });
    });
}

void PoolHost::resetStatistics(quint64 command)
{
    m_thread.post([this, command] {
        answer(command, u"reset_statistics"_s, [&] {
            m_pool->resetStatistics();
            m_workload->resetStatistics();
            m_buffer->flush(true);
            return QStringList();
        });
    });
}

void PoolHost::setWorkload(const LoadSettings &load, quint64 command)
{
    m_thread.post([this, load, command] {
        answer(command, u"set_workload"_s, [&] { return m_workload->setSettings(load); });
    });
}

void PoolHost::startWorkload(quint64 command)
{
    m_thread.post([this, command] {
        answer(command, u"start_workload"_s, [&] {
            QObject::disconnect(m_pendingStart);
            // Calls arrive in order, so a driver still running here is finishing the requests
            // of a stop: it starts again once they are done.
            if (!m_workload->isRunning()) {
                m_workload->start();
            } else {
                m_pendingStart
                    = QObject::connect(m_workload, &LoadDriver::finished, m_workload, [this] {
                          QObject::disconnect(m_pendingStart);
                          m_workload->start();
                      });
            }
            return QStringList();
        });
    });
}

void PoolHost::stopWorkload(quint64 command)
{
    m_thread.post([this, command] {
        answer(command, u"stop_workload"_s, [&] {
            QObject::disconnect(m_pendingStart);
            m_workload->stop();
            return QStringList();
        });
    });
}

void PoolHost::run(const LoadSettings &load, quint64 command)
{
    m_thread.post([this, load, command] {
        answer(command, u"run_workload"_s, [&] {
            const QStringList errors = load.validate();
            if (errors.isEmpty())
                startRun(load, command);
            return errors;
        });
    });
}

void PoolHost::startRun(const LoadSettings &load, quint64 run)
{
    auto *driver = new LoadDriver(m_pool);
    driver->setProgressIntervalMs(ProgressIntervalMs);
    driver->setSettings(load);
    m_runs.insert(run, driver);
    const quint64 dialsAtStart = m_pool->stats().dials;
    QObject::connect(driver, &LoadDriver::progressed, m_buffer, [this, run](const LoadProgress &p) {
        RunUpdate update;
        update.run = run;
        update.progress = p;
        m_buffer->addRunUpdate(update);
    });
    QObject::connect(driver, &LoadDriver::finished, m_buffer, [this, run, driver, dialsAtStart] {
        RunUpdate update;
        update.run = run;
        update.report = driver->report();
        update.dials = m_pool->stats().dials - dialsAtStart;
        m_runs.remove(run);
        driver->deleteLater();
        m_buffer->addRunUpdate(update);
    });
    driver->start();
}

void PoolHost::stopRun(quint64 run, quint64 command)
{
    m_thread.post([this, run, command] {
        answer(command, u"stop_run"_s, [&] {
            if (LoadDriver *driver = m_runs.value(run))
                driver->stop();
            return QStringList();
        });
    });
}

void PoolHost::shutdown(quint64 command)
{
    m_thread.post([this, command] {
        answer(command, u"remove_pool"_s, [&] {
            // The drivers hold leases: they go first, then the pool says goodbye in its events.
            qDeleteAll(m_runs);
            m_runs.clear();
            delete std::exchange(m_workload, nullptr);
            m_pool->shutdown();
            return QStringList();
        });
        if (m_buffer)
            m_buffer->setRemoved();
    });
}

void PoolHost::retire(QObject *context, std::function<void()> done)
{
    m_thread.retire([this] { deleteAll(); }, context, std::move(done));
}

void PoolHost::deleteAll()
{
    qDeleteAll(m_runs);
    m_runs.clear();
    delete std::exchange(m_workload, nullptr);
    delete std::exchange(m_buffer, nullptr);
    delete std::exchange(m_pool, nullptr);
}

#include "session.h"

#include "comparison.h"
#include "labcertificate.h"
#include "labhost.h"
#include "monotonicclock.h"
#include "poolhost.h"
#include "probehost.h"

using namespace Qt::StringLiterals;

Session::Session(QObject *parent)
    : QObject(parent)
    , m_epochNs(MonotonicClock::nowNs())
{
    qRegisterMetaType<SessionFeed>();
    m_deliveryTimer.setSingleShot(true);
    connect(&m_deliveryTimer, &QTimer::timeout, this, &Session::deliver);
    m_sinceDelivery.start();
}

Session::~Session()
{
    // Pools first: their workloads may be talking to the lab.
    m_pools.clear();
    m_retiring.clear();
    m_probe.reset();
    m_lab.reset();
}

// ---------------------------------------------------------------------------------------------
// Commands answered here, and the state they work on

quint64 Session::refuse(quint32 pool, const QString &action, const QStringList &errors)
{
    const quint64 command = nextCommand();
    m_localReplies.append({command, pool, action, errors});
    wake();
    return command;
}

quint64 Session::accept(quint32 pool, const QString &action)
{
    return refuse(pool, action, {});
}

Session::PoolEntry *Session::entry(quint32 pool)
{
    const auto it = m_pools.find(pool);
    return it == m_pools.end() ? nullptr : &it->second;
}

const PoolConfig *Session::config(quint32 pool) const
{
    const auto it = m_pools.find(pool);
    return it == m_pools.end() ? nullptr : &it->second.config;
}

SessionProfile Session::profile(quint32 pool) const
{
    SessionProfile profile;
    profile.lab = m_labSettings;
    if (const PoolConfig *found = config(pool)) {
        profile.pool = found->settings;
        profile.load = found->load;
        profile.targetsLab = found->targetsLab;
    }
    return profile;
}

PoolSettings Session::effective(PoolSettings settings, bool targetsLab) const
{
    if (!targetsLab)
        return settings;
    settings.host = m_labSettings.address.toString();
    settings.port = m_labListeningPort;
    settings.tls = m_labSettings.tls;
    // The lab's certificate is trusted, not waved through: what a real setup would do.
    settings.caFile = settings.tls ? LabCertificate::certificatePath() : QString();
    return settings;
}

QStringList Session::check(const PoolSettings &settings, bool targetsLab) const
{
    if (!targetsLab || labReady())
        return effective(settings, targetsLab).validate();
    // Until the lab listens, anywhere it could listen stands in for where it will.
    PoolSettings placeholder = effective(settings, true);
    placeholder.port = 1;
    return placeholder.validate();
}

LoadSettings Session::effective(LoadSettings load, const PoolSettings &pool) const
{
    // The Host header names the server the requests go to.
    load.protocol.httpHost = pool.host;
    return load;
}

// ---------------------------------------------------------------------------------------------
// The lab

quint64 Session::startLab(const LabSettings &settings)
{
    if (const QStringList errors = settings.validate(); !errors.isEmpty())
        return refuse(0, u"start_lab"_s, errors);
    const quint64 command = nextCommand();
    m_lab = std::make_unique<LabHost>([this] { wake(); });
    m_labSettings = settings;
    m_labListeningPort = 0;
    m_lab->start(settings, command);
    return command;
}

quint64 Session::setLabSettings(const LabSettings &settings)
{
    if (!m_lab)
        return refuse(0, u"set_lab_settings"_s, {u"the lab is not running"_s});
    LabSettings lab = settings;
    // Where it listens is not a knob: it keeps its address and port.
    lab.address = m_labSettings.address;
    lab.port = m_labListeningPort ? m_labListeningPort : m_labSettings.port;
    if (const QStringList errors = lab.validate(); !errors.isEmpty())
        return refuse(0, u"set_lab_settings"_s, errors);
    const bool tlsChanged = lab.tls != m_labSettings.tls;
    m_labSettings = lab;
    const quint64 command = nextCommand();
    m_lab->setSettings(lab, command);
    // A pool on the lab speaks what the lab speaks.
    if (tlsChanged)
        applyLabToPools();
    return command;
}

quint64 Session::restartLab(qint64 downMs)
{
    if (!m_lab)
        return refuse(0, u"restart_lab"_s, {u"the lab is not running"_s});
    const quint64 command = nextCommand();
    m_lab->restart(downMs, command);
    return command;
}

quint64 Session::resetLabConnections()
{
    if (!m_lab)
        return refuse(0, u"reset_lab_connections"_s, {u"the lab is not running"_s});
    const quint64 command = nextCommand();
    m_lab->resetAll(command);
    return command;
}

quint64 Session::stopLab()
{
    if (!m_lab)
        return refuse(0, u"stop_lab"_s, {u"the lab is not running"_s});
    const quint64 command = nextCommand();
    m_lab->stop(command);
    return command;
}

void Session::applyLabToPools()
{
    for (auto &[id, entry] : m_pools) {
        if (entry.config.targetsLab && entry.host)
            applyPool(id, entry.config.settings, true, u"set_pool_settings"_s);
    }
}

// ---------------------------------------------------------------------------------------------
// Pools

quint32 Session::open(const SessionProfile &profile, bool runWorkload)
{
    LabSettings lab = profile.lab;
    lab.address = QHostAddress(QHostAddress::LocalHost);
    lab.port = 0;
    startLab(lab);
    PoolConfig config;
    config.settings = profile.pool;
    config.load = profile.load;
    config.targetsLab = profile.targetsLab;
    config.workloadRunning = runWorkload;
    return addPool(config);
}

quint32 Session::addPool(const PoolConfig &config)
{
    const quint32 id = m_nextPool++;
    PoolEntry &added = m_pools[id];
    added.config = config;
    added.config.load.requests = 0;
    added.config.load.durationS = 0;
    if (const QStringList errors
        = check(config.settings, config.targetsLab) + added.config.load.validate();
        !errors.isEmpty()) {
        refuse(id, u"add_pool"_s, errors);
        m_pools.erase(id);
        return id;
    }
    // A pool on the lab starts once the lab listens.
    if (!config.targetsLab || labReady())
        startPool(id, added);
    return id;
}

void Session::startPool(quint32 id, PoolEntry &entry)
{
    PoolConfig &config = entry.config;
    config.settings = effective(config.settings, config.targetsLab);
    config.load = effective(config.load, config.settings);
    entry.configChanged = true;
    PoolFeedBuffer::Intervals intervals{m_feedIntervalMs, m_snapshotIntervalMs,
                                        m_maxBufferedEvents};
    entry.host = std::make_unique<PoolHost>(id, intervals, [this] { wake(); });
    entry.host->start(config.settings, config.load, nextCommand());
    if (config.workloadRunning)
        entry.host->startWorkload(nextCommand());
}

quint64 Session::removePool(quint32 pool)
{
    PoolEntry *found = entry(pool);
    if (!found)
        return refuse(pool, u"remove_pool"_s, {u"there is no pool %1"_s.arg(pool)});
    if (!found->host) {
        m_pools.erase(pool);
        return accept(pool, u"remove_pool"_s);
    }
    const quint64 command = nextCommand();
    found->host->shutdown(command);
    return command;
}

quint64 Session::applyPool(quint32 pool, PoolSettings settings, bool targetsLab,
                           const QString &action)
{
    PoolEntry *found = entry(pool);
    if (!found)
        return refuse(pool, action, {u"there is no pool %1"_s.arg(pool)});
    const bool waitsForLab = targetsLab && !labReady();
    if (const QStringList errors = check(settings, targetsLab); !errors.isEmpty())
        return refuse(pool, action, errors);
    settings = effective(settings, targetsLab && !waitsForLab);
    found->config.settings = settings;
    found->config.targetsLab = targetsLab;
    found->config.load = effective(found->config.load, settings);
    found->configChanged = true;
    if (!found->host) {
        if (!waitsForLab)
            startPool(pool, *found);
        return accept(pool, action);
    }
    const quint64 command = nextCommand();
    found->host->setSettings(settings, command);
    // The Host header names the server the requests now go to.
    found->host->setWorkload(found->config.load, nextCommand());
    return command;
}

quint64 Session::setPoolSettings(quint32 pool, const PoolSettings &settings)
{
    const PoolEntry *found = entry(pool);
    return applyPool(pool, settings, found && found->config.targetsLab, u"set_pool_settings"_s);
}

quint64 Session::setTarget(quint32 pool, const QString &host, int port, bool tls)
{
    const PoolEntry *found = entry(pool);
    if (!found)
        return refuse(pool, u"set_target"_s, {u"there is no pool %1"_s.arg(pool)});
    PoolSettings settings = found->config.settings;
    settings.host = host;
    settings.port = port;
    settings.tls = tls;
    if (found->config.targetsLab && settings.caFile == LabCertificate::certificatePath())
        settings.caFile.clear();
    return applyPool(pool, settings, false, u"set_target"_s);
}

quint64 Session::targetLab(quint32 pool, bool tls)
{
    const PoolEntry *found = entry(pool);
    if (!found)
        return refuse(pool, u"target_lab"_s, {u"there is no pool %1"_s.arg(pool)});
    if (tls != m_labSettings.tls) {
        LabSettings lab = m_labSettings;
        lab.tls = tls;
        setLabSettings(lab);
    }
    return applyPool(pool, found->config.settings, true, u"target_lab"_s);
}

quint64 Session::flushPool(quint32 pool)
{
    PoolEntry *found = entry(pool);
    if (!found || !found->host)
        return refuse(pool, u"flush_pool"_s, {u"pool %1 is not running"_s.arg(pool)});
    const quint64 command = nextCommand();
    found->host->clear(command);
    return command;
}

quint64 Session::resetStatistics(quint32 pool)
{
    PoolEntry *found = entry(pool);
    if (!found || !found->host)
        return refuse(pool, u"reset_statistics"_s, {u"pool %1 is not running"_s.arg(pool)});
    const quint64 command = nextCommand();
    found->host->resetStatistics(command);
    return command;
}

quint64 Session::setWorkload(quint32 pool, const LoadSettings &settings)
{
    PoolEntry *found = entry(pool);
    if (!found)
        return refuse(pool, u"set_workload"_s, {u"there is no pool %1"_s.arg(pool)});
    LoadSettings load = effective(settings, found->config.settings);
    // The pool's own workload runs until it is stopped.
    load.requests = 0;
    load.durationS = 0;
    if (const QStringList errors = load.validate(); !errors.isEmpty())
        return refuse(pool, u"set_workload"_s, errors);
    found->config.load = load;
    found->configChanged = true;
    if (!found->host)
        return accept(pool, u"set_workload"_s);
    const quint64 command = nextCommand();
    found->host->setWorkload(load, command);
    return command;
}

quint64 Session::setProtocol(quint32 pool, ProtocolKind kind)
{
    PoolEntry *found = entry(pool);
    if (!found)
        return refuse(pool, u"set_protocol"_s, {u"there is no pool %1"_s.arg(pool)});
    if (found->config.targetsLab && m_labSettings.protocol != kind) {
        LabSettings lab = m_labSettings;
        lab.protocol = kind;
        setLabSettings(lab);
        // Connections accepted under the old protocol would misread the new requests.
        if (found->host)
            flushPool(pool);
    }
    LoadSettings load = found->config.load;
    load.protocol.kind = kind;
    return setWorkload(pool, load);
}

quint64 Session::startWorkload(quint32 pool)
{
    PoolEntry *found = entry(pool);
    if (!found)
        return refuse(pool, u"start_workload"_s, {u"there is no pool %1"_s.arg(pool)});
    found->config.workloadRunning = true;
    found->configChanged = true;
    if (!found->host)
        return accept(pool, u"start_workload"_s);
    const quint64 command = nextCommand();
    found->host->startWorkload(command);
    return command;
}

quint64 Session::stopWorkload(quint32 pool)
{
    PoolEntry *found = entry(pool);
    if (!found)
        return refuse(pool, u"stop_workload"_s, {u"there is no pool %1"_s.arg(pool)});
    found->config.workloadRunning = false;
    found->configChanged = true;
    if (!found->host)
        return accept(pool, u"stop_workload"_s);
    const quint64 command = nextCommand();
    found->host->stopWorkload(command);
    return command;
}

quint64 Session::applyProfile(quint32 pool, const SessionProfile &profile)
{
    if (!entry(pool))
        return refuse(pool, u"apply_profile"_s, {u"there is no pool %1"_s.arg(pool)});
    // Each part is applied when it is valid; this reply sums up the refusals.
    QStringList errors;
    if (m_lab) {
        LabSettings lab = profile.lab;
        lab.address = m_labSettings.address;
        lab.port = m_labListeningPort;
        if (const QStringList labErrors = lab.validate(); labErrors.isEmpty())
            setLabSettings(lab);
        else
            errors << labErrors;
    }
    if (const QStringList poolErrors = check(profile.pool, profile.targetsLab);
        poolErrors.isEmpty())
        applyPool(pool, profile.pool, profile.targetsLab, u"set_pool_settings"_s);
    else
        errors << poolErrors;
    if (const QStringList loadErrors = profile.load.validate(); loadErrors.isEmpty())
        setWorkload(pool, profile.load);
    else
        errors << loadErrors;
    return refuse(pool, u"apply_profile"_s, errors);
}

quint64 Session::runWorkload(quint32 pool, const LoadSettings &settings)
{
    PoolEntry *found = entry(pool);
    if (!found || !found->host)
        return refuse(pool, u"run_workload"_s, {u"pool %1 is not running"_s.arg(pool)});
    const LoadSettings load = effective(settings, found->config.settings);
    if (const QStringList errors = load.validate(); !errors.isEmpty())
        return refuse(pool, u"run_workload"_s, errors);
    const quint64 command = nextCommand();
    found->host->run(load, command);
    return command;
}

quint64 Session::stopRun(quint32 pool, quint64 run)
{
    PoolEntry *found = entry(pool);
    if (!found || !found->host)
        return refuse(pool, u"stop_run"_s, {u"pool %1 is not running"_s.arg(pool)});
    const quint64 command = nextCommand();
    found->host->stopRun(run, command);
    return command;
}

// ---------------------------------------------------------------------------------------------
// Comparisons and probes

quint64 Session::compare(const ComparisonPlan &plan)
{
    if (m_comparison && !m_comparison->isDone())
        return refuse(0, u"compare"_s, {u"a comparison is already running"_s});
    for (const ComparisonPlan::Half *half : {&plan.pooled, &plan.unpooled}) {
        const PoolEntry *found = entry(half->pool);
        if (!found || !found->host)
            return refuse(0, u"compare"_s, {u"pool %1 is not running"_s.arg(half->pool)});
        if (const QStringList errors = half->load.validate(); !errors.isEmpty())
            return refuse(half->pool, u"compare"_s, errors);
    }
    const quint64 command = accept(0, u"compare"_s);
    m_comparison = std::make_unique<Comparison>(*this, command, plan);
    m_comparison->start();
    return command;
}

quint64 Session::cancelComparison()
{
    if (!m_comparison || m_comparison->isDone())
        return refuse(0, u"cancel_comparison"_s, {u"no comparison is running"_s});
    m_comparison->cancel();
    return accept(0, u"cancel_comparison"_s);
}

quint64 Session::endComparisonHalf()
{
    if (!m_comparison || m_comparison->isDone())
        return refuse(0, u"end_comparison_half"_s, {u"no comparison is running"_s});
    m_comparison->endHalf();
    return accept(0, u"end_comparison_half"_s);
}

quint64 Session::probe(const ProbeSettings &settings)
{
    if (const QStringList errors = settings.validate(); !errors.isEmpty())
        return refuse(0, u"probe"_s, errors);
    if (!m_probe)
        m_probe = std::make_unique<ProbeHost>([this] { wake(); });
    const quint64 command = nextCommand();
    m_probe->probe(settings, command);
    return command;
}

quint64 Session::findIdleCutoff(const ProbeSettings &settings)
{
    if (const QStringList errors = settings.validate(); !errors.isEmpty())
        return refuse(0, u"find_idle_cutoff"_s, errors);
    if (!m_probe)
        m_probe = std::make_unique<ProbeHost>([this] { wake(); });
    const quint64 command = nextCommand();
    m_probe->findIdleCutoff(settings, command);
    return command;
}

quint64 Session::stopProbes()
{
    if (!m_probe)
        return accept(0, u"stop_probe"_s);
    const quint64 command = nextCommand();
    m_probe->stop(command);
    return command;
}

// ---------------------------------------------------------------------------------------------
// The feed

// Any thread: something waits to be taken. The feed goes out at most once an interval.
void Session::wake()
{
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (m_deliveryTimer.isActive())
                return;
            const qint64 since = m_sinceDelivery.elapsed();
            m_deliveryTimer.start(int(std::max<qint64>(0, m_feedIntervalMs - since)));
        },
        Qt::QueuedConnection);
}

PoolFeed &Session::feedFor(SessionFeed &feed, quint32 pool)
{
    for (PoolFeed &part : feed.pools) {
        if (part.pool == pool)
            return part;
    }
    PoolFeed &part = feed.pools.emplace_back();
    part.pool = pool;
    return part;
}

void Session::takeLab(SessionFeed &feed)
{
    if (!m_lab)
        return;
    LabHost::Delivery delivery = m_lab->take();
    feed.lab = delivery.feed;
    for (const SessionReply &reply : std::as_const(delivery.replies)) {
        feed.replies.append(reply);
        if (reply.action == u"start_lab"_s && reply.ok() && feed.lab.settings) {
            m_labListeningPort = quint16(feed.lab.settings->port);
            m_labSettings.port = m_labListeningPort;
            for (auto &[id, entry] : m_pools) {
                if (entry.config.targetsLab && !entry.host)
                    startPool(id, entry);
            }
        }
    }
}

void Session::takePools(SessionFeed &feed)
{
    for (auto it = m_pools.begin(); it != m_pools.end();) {
        const quint32 id = it->first;
        PoolEntry &entry = it->second;
        bool removed = false;
        if (entry.host) {
            PoolFeedBuffer::Delivery delivery = entry.host->take();
            feed.replies += delivery.replies;
            removed = delivery.feed.removed;
            if (!delivery.feed.isEmpty())
                feedFor(feed, id) = std::move(delivery.feed);
        }
        if (entry.configChanged) {
            feedFor(feed, id).config = entry.config;
            entry.configChanged = false;
        }
        if (!removed) {
            ++it;
            continue;
        }
        // Its thread ends on its own; the host goes once it has.
        PoolHost *host = entry.host.get();
        m_retiring.push_back(std::move(entry.host));
        host->retire(this, [this, host] {
            std::erase_if(m_retiring,
                          [host](const auto &retired) { return retired.get() == host; });
        });
        it = m_pools.erase(it);
    }
}

void Session::deliver()
{
    SessionFeed feed;
    feed.timeNs = MonotonicClock::nowNs();
    feed.replies = std::exchange(m_localReplies, {});
    takeLab(feed);
    if (m_probe) {
        ProbeHost::Delivery delivery = m_probe->take();
        feed.probe = delivery.feed;
        feed.replies += delivery.replies;
    }
    takePools(feed);
    if (m_comparison)
        m_comparison->observe(feed);
    m_sinceDelivery.restart();
    if (feed.isEmpty())
        return;
    feed.sequence = ++m_sequence;
    Q_EMIT feedDelivered(feed);
}

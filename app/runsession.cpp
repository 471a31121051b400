#include "runsession.h"

#include "metricscollector.h"
#include "optionparser.h"
#include "recordingwriter.h"
#include "unixsignalnotifier.h"

#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>

#include <cstdio>
#include <unistd.h>

using namespace Qt::StringLiterals;

RunSession::RunSession(QFile *events, RecordingWriter *recording, UnixSignalNotifier &signals)
    : m_events(events)
    , m_recording(recording)
{
    connect(&m_session, &Session::feedDelivered, this, &RunSession::onFeed);
    // The first signal ends the half under way early; what it did still counts.
    connect(&signals, &UnixSignalNotifier::signalReceived, this, [this] {
        if (m_comparison)
            m_session.endComparisonHalf();
        for (qsizetype i = 0; i < m_runs.size(); ++i)
            m_session.stopRun(m_pools.value(i), m_runs[i]);
    });
}

RunSession::Outcome RunSession::exec(const Plan &plan)
{
    m_plan = plan;
    if (plan.lab)
        m_session.startLab(*plan.lab);
    m_outcome.reports.resize(plan.targets.size());
    PoolConfig pooled;
    for (const Target &target : plan.targets) {
        pooled.name = target.name;
        pooled.settings = target.pool;
        pooled.load = target.load;
        pooled.targetsLab = target.targetsLab;
        m_pools << m_session.addPool(pooled);
    }
    m_pooledPool = m_pools[0];
    if (plan.unpooledPool) {
        PoolConfig unpooled = pooled;
        unpooled.settings = *plan.unpooledPool;
        m_pools << m_session.addPool(unpooled);
    }
    QEventLoop loop;
    m_loop = &loop;
    loop.exec();
    m_loop = nullptr;
    if (m_progressShown)
        std::fputs("\r\033[K", stderr);
    return m_outcome;
}

void RunSession::fail(const QString &error)
{
    if (m_outcome.error.isEmpty())
        m_outcome.error = error;
    m_loop->quit();
}

void RunSession::begin()
{
    if (!m_plan.unpooledPool) {
        for (qsizetype i = 0; i < m_plan.targets.size(); ++i)
            m_runs << m_session.runWorkload(m_pools[i], m_plan.targets[i].load);
        return;
    }
    const LoadSettings &load = m_plan.targets[0].load;
    ComparisonPlan plan;
    plan.pooled = {m_pools[0], load, true};
    plan.pooled.load.pooled = true;
    plan.unpooled = {m_pools[1], load, true};
    plan.unpooled.load.pooled = false;
    plan.pauseWorkloads = false;
    m_comparison = m_session.compare(plan);
}

void RunSession::onFeed(const SessionFeed &feed)
{
    record(feed);
    if (m_metrics)
        m_metrics->addFeed(feed);
    for (const SessionReply &reply : feed.replies) {
        if (reply.ok()) {
            if (reply.action == u"add_pool"_s && ++m_poolsAdded == m_pools.size())
                begin();
        } else if (reply.action == u"start_lab"_s) {
            fail(u"--lab: the lab backend could not start: "_s + reply.errors.join(u"; "_s));
        } else {
            fail(reply.errors.first());
        }
    }
    for (const PoolFeed &pool : feed.pools) {
        writeEvents(pool);
        if (pool.snapshot)
            m_open = pool.snapshot->stats.open;
        for (const RunUpdate &update : pool.runs) {
            const qsizetype target = m_runs.indexOf(update.run);
            if (target < 0)
                continue;
            if (update.progress)
                showProgress(*update.progress, m_plan.targets[target].name);
            if (update.report) {
                m_outcome.reports[target] = *update.report;
                ++m_reported;
                m_session.removePool(pool.pool);
            }
        }
        if (pool.removed)
            m_pools.removeOne(pool.pool);
    }
    for (const ComparisonUpdate &update : feed.comparisons) {
        if (update.comparison != m_comparison)
            continue;
        if (update.progress)
            showProgress(*update.progress,
                         update.phase == ComparisonUpdate::Phase::Pooled ? u"pooled"_s
                                                                         : u"unpooled"_s);
        if (update.isFinished()) {
            m_outcome.reports[0] = update.pooled->report;
            m_outcome.unpooled = update.unpooled->report;
            m_reported = int(m_plan.targets.size());
        }
    }
    if (m_reported == m_plan.targets.size() && m_pools.isEmpty())
        m_loop->quit();
}

QString RunSession::modeOf(quint32 pool) const
{
    if (!m_plan.unpooledPool)
        return {};
    return pool == m_pooledPool ? u"pooled"_s : u"unpooled"_s;
}

void RunSession::writeEvents(const PoolFeed &pool)
{
    if (!m_events || pool.events.isEmpty() || !m_outcome.eventsError.isEmpty())
        return;
    const QString mode = modeOf(pool.pool);
    bool written = true;
    for (const PoolEvent &event : pool.events) {
        if (mode.isEmpty()) {
            written = m_events->write(event.toJsonLine()) >= 0 && written;
        } else {
            QJsonObject line = event.toJson();
            line.insert(u"mode"_s, mode);
            written
                = m_events->write(QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n') >= 0
                && written;
        }
    }
    // Readers may follow the file while the run goes on; a full disk shows here.
    if (written && m_events->flush())
        return;
    m_outcome.eventsError
        = u"--events: cannot write \"%1\": %2"_s.arg(m_events->fileName(), m_events->errorString());
    OptionParser::printLine(
        stderr, u"poolscope run: %1; the run goes on without it"_s.arg(m_outcome.eventsError));
}

void RunSession::record(const SessionFeed &feed)
{
    if (!m_recording || !m_outcome.recordError.isEmpty() || m_recording->write(feed))
        return;
    m_outcome.recordError = u"--record: cannot write \"%1\": %2"_s.arg(m_recording->fileName(),
                                                                       m_recording->errorString());
    OptionParser::printLine(
        stderr, u"poolscope run: %1; the run goes on without it"_s.arg(m_outcome.recordError));
}

void RunSession::showProgress(const LoadProgress &progress, const QString &mode)
{
    // One line for one target; several would take turns on it.
    if (m_plan.targets.size() > 1)
        return;
    m_rate.add(progress);
    if (!isatty(STDERR_FILENO) || !progress.running)
        return;
    const LoadSettings &load = m_plan.targets[0].load;
    const QString total
        = load.requests ? u"/%1"_s.arg(load.requests) : u" in %1 s"_s.arg(load.durationS);
    const QString line = u"\r\033[K%1%2 requests%3  %4 ok/s  %5 open  %6 errors"_s
                             .arg(mode.isEmpty() ? QString() : mode + u": "_s)
                             .arg(progress.completed)
                             .arg(total)
                             .arg(m_rate.okPerSecond(), 0, 'f', 0)
                             .arg(m_open)
                             .arg(progress.failed);
    std::fputs(qPrintable(line), stderr);
    std::fflush(stderr);
    m_progressShown = true;
}

#include "loaddriver.h"

#include "connectionpool.h"
#include "loadworker.h"
#include "monotonicclock.h"

#include <cmath>

namespace {

// How late a start may be and still be on schedule: timers are late by a little, and that
// little is made up at once. More than this, and the workers were held (an outage, a slow
// server): what was not sent then is not sent later in a burst above the rate.
constexpr qint64 RateSlackNs = 20'000'000;

// The recent requests a progress report keeps (LoadProgress::recentRequests).
bool worthKeeping(const RequestRecord &record, qsizetype kept)
{
    if (kept < LoadProgress::RecentAll)
        return true;
    const bool unusual = !record.ok() || record.staleRetried || record.dial.totalNs() > 0;
    return unusual && kept < LoadProgress::RecentLimit;
}

} // namespace

LoadDriver::LoadDriver(ConnectionPool *pool, QObject *parent)
    : QObject(parent)
    , m_pool(pool)
{
    qRegisterMetaType<LoadProgress>();
    qRegisterMetaType<RequestRecord>();
    m_rateTimer.setSingleShot(true);
    m_rateTimer.setTimerType(Qt::PreciseTimer);
    m_durationTimer.setSingleShot(true);
    m_durationTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_rateTimer, &QTimer::timeout, this, &LoadDriver::fillSlots);
    connect(&m_durationTimer, &QTimer::timeout, this, &LoadDriver::stop);
    connect(&m_progressTimer, &QTimer::timeout, this, &LoadDriver::emitProgress);
    connect(&m_timeoutTimer, &QTimer::timeout, this, &LoadDriver::checkTimeouts);
    m_progressTimer.setInterval(250);
    m_timeoutTimer.setInterval(250);
    m_request = m_settings.protocol.request();
    m_purpose = m_settings.protocol.requestSummary();
}

LoadDriver::~LoadDriver() = default;

QStringList LoadDriver::setSettings(const LoadSettings &settings)
{
    const QStringList errors = settings.validate();
    if (!errors.isEmpty())
        return errors;
    const bool durationChanged = settings.durationS != m_settings.durationS;
    m_settings = settings;
    m_request = settings.protocol.request();
    m_purpose = settings.protocol.requestSummary();
    // One timer checks every request's timeout, to a tenth of the timeout.
    m_timeoutTimer.setInterval(int(std::clamp<qint64>(settings.requestTimeoutMs / 10, 10, 250)));
    if (m_running) {
        m_report.loadSettings = settings;
        // A new rate counts from now, not from the start of the run.
        m_rateOriginNs = MonotonicClock::nowNs();
        m_startedSinceRateOrigin = 0;
        if (durationChanged)
            scheduleDuration();
        fillSlots();
    }
    return {};
}

void LoadDriver::start()
{
    if (m_running)
        return;
    m_running = true;
    m_stopping = false;
    m_startNs = MonotonicClock::nowNs();
    m_countingSinceNs = m_startNs;
    m_rateOriginNs = m_startNs;
    m_startedSinceRateOrigin = 0;
    m_started = 0;
    m_gaveUp.clear();
    m_report = LoadReport();
    m_report.loadSettings = m_settings;
    m_progress = LoadProgress();
    m_lastProgressNs = m_startNs;
    scheduleDuration();
    m_progressTimer.start();
    m_timeoutTimer.start();
    fillSlots();
}

void LoadDriver::stop()
{
    if (!m_running || m_stopping)
        return;
    m_stopping = true;
    m_rateTimer.stop();
    m_durationTimer.stop();
    for (const auto &worker : m_workers)
        worker->cancelWait();
    finishIfDone();
}

int LoadDriver::inFlight() const
{
    return int(std::count_if(m_workers.begin(), m_workers.end(),
                             [](const auto &worker) { return worker->isBusy(); }));
}

void LoadDriver::setProgressIntervalMs(int ms)
{
    m_progressTimer.setInterval(ms);
}

void LoadDriver::scheduleDuration()
{
    m_durationTimer.stop();
    if (m_settings.durationS <= 0)
        return;
    const qint64 endNs = m_startNs + qint64(m_settings.durationS * 1e9);
    m_durationTimer.start(
        int(std::max<qint64>(0, (endNs - MonotonicClock::nowNs() + 999'999) / 1'000'000)));
}

bool LoadDriver::limitReached() const
{
    return m_settings.requests > 0 && m_started >= quint64(m_settings.requests);
}

void LoadDriver::fillSlots()
{
    if (!m_running || m_stopping)
        return;
    while (qsizetype(m_workers.size()) < m_settings.concurrency) {
        m_workers.push_back(std::make_unique<LoadWorker>(
            int(m_workers.size()), m_pool,
            [this](LoadWorker *worker, const RequestRecord &record, bool counted) {
                completed(worker, record, counted);
            }));
    }
    // Workers beyond a lowered concurrency finish what they do and are not started again.
    for (int i = 0; i < m_settings.concurrency; ++i) {
        LoadWorker *worker = m_workers[size_t(i)].get();
        if (worker->isBusy())
            continue;
        if (limitReached()) {
            finishIfDone();
            return;
        }
        if (m_settings.ratePerSecond > 0) {
            const qint64 dueNs = m_rateOriginNs
                + qint64(double(m_startedSinceRateOrigin) * 1e9 / m_settings.ratePerSecond);
            const qint64 now = MonotonicClock::nowNs();
            if (now < dueNs) {
                // Rounded up: a timer for the whole milliseconds below the wait fires early,
                // finds nothing due and starts again, a busy loop until the start is due.
                if (!m_rateTimer.isActive())
                    m_rateTimer.start(int((dueNs - now + 999'999) / 1'000'000));
                return;
            }
            const qint64 slotNs = qint64(1e9 / m_settings.ratePerSecond);
            if (now - dueNs > std::max(slotNs, RateSlackNs)) {
                m_rateOriginNs = now;
                m_startedSinceRateOrigin = 0;
            }
        }
        startRequest(worker);
        if (!m_running || m_stopping)
            return;
    }
}

// Requests never sent fail with the error of the dials that were tried, as if each had tried.
void LoadDriver::failWhatIsLeft()
{
    m_report.gaveUp = m_gaveUp;
    if (m_settings.requests <= 0)
        return; // a duration: it simply ends early
    const quint64 done = m_report.ok + m_report.failed;
    const quint64 left = quint64(m_settings.requests) > done ? m_settings.requests - done : 0;
    m_report.notSent = left;
    m_report.failed += left;
    m_report.errors[size_t(m_gaveUpError)] += left;
    m_progress.errors[size_t(m_gaveUpError)] += left;
    m_progress.completed += left;
    m_progress.failed += left;
    m_progress.intervalCompleted += left;
    m_progress.intervalFailed += left;
}

void LoadDriver::startRequest(LoadWorker *worker)
{
    ++m_started;
    ++m_startedSinceRateOrigin;
    worker->begin(&m_settings, &m_request, &m_purpose, m_started);
}

void LoadDriver::checkTimeouts()
{
    const qint64 now = MonotonicClock::nowNs();
    for (size_t i = 0; i < m_workers.size(); ++i)
        m_workers[i]->checkTimeout(now);
}

void LoadDriver::completed(LoadWorker *worker, const RequestRecord &record, bool counted)
{
    if (counted) {
        m_report.add(record);
        ++m_progress.completed;
        ++m_progress.intervalCompleted;
        m_progress.staleRetries += record.staleRetried;
        m_progress.intervalStaleRetries += record.staleRetried;
        if (worthKeeping(record, m_progress.recentRequests.size()))
            m_progress.recentRequests.append(record);
        if (record.ok()) {
            ++m_progress.ok;
            m_progress.intervalLatency.record(record.totalNs);
            m_progress.intervalAcquireWait.record(record.acquireWaitNs);
        } else {
            ++m_progress.failed;
            ++m_progress.intervalFailed;
            if (record.error == RequestError::AcquireTimeout
                || record.error == RequestError::PoolExhausted)
                ++m_progress.intervalAcquireTimeouts;
            else if (record.error == RequestError::RequestTimeout)
                ++m_progress.intervalRequestTimeouts;
            ++m_progress.errors[size_t(record.error)];
            m_progress.lastError = record.error;
            m_progress.lastErrorMessage = record.message;
            m_progress.lastErrorAnswer = record.answer;
        }
        Q_EMIT requestCompleted(record);
        if (!m_stopping && targetUnreachable(record))
            giveUp(record);
    }
    if (m_stopping || limitReached()) {
        finishIfDone();
    } else if (m_settings.ratePerSecond <= 0 && worker->index() < m_settings.concurrency) {
        startRequest(worker); // the common case, without looking at every slot
    } else {
        fillSlots();
    }
}

// Dials failed and none ever succeeded: a first round has gone to a backend that is not
// there. Those still dialing count as not yet failed.
bool LoadDriver::targetUnreachable(const RequestRecord &record) const
{
    if (!m_settings.giveUpUnreachable || !isDialError(record.error))
        return false;
    const PoolStats stats = m_pool->stats();
    return stats.dials > 0 && stats.dialFailures == stats.dials;
}

void LoadDriver::giveUp(const RequestRecord &record)
{
    m_gaveUp = record.message;
    m_gaveUpError = record.error;
    stop();
}

void LoadDriver::finishIfDone()
{
    if (!m_running || inFlight() > 0)
        return;
    if (!m_stopping && !limitReached())
        return;
    if (!m_gaveUp.isEmpty())
        failWhatIsLeft();
    m_running = false;
    m_stopping = false;
    m_stopNs = MonotonicClock::nowNs();
    m_rateTimer.stop();
    m_durationTimer.stop();
    m_progressTimer.stop();
    m_timeoutTimer.stop();
    emitProgress();
    Q_EMIT finished();
}

void LoadDriver::emitProgress()
{
    const qint64 now = MonotonicClock::nowNs();
    m_progress.timeNs = now;
    m_progress.intervalNs = now - m_lastProgressNs;
    m_progress.running = m_running;
    m_progress.pooled = m_settings.pooled;
    m_progress.inFlight = inFlight();
    m_progress.statisticsSinceNs = m_pool->statisticsSinceNs();
    Q_EMIT progressed(m_progress);
    startInterval(now);
}

void LoadDriver::startInterval(qint64 nowNs)
{
    m_lastProgressNs = nowNs;
    m_progress.intervalCompleted = 0;
    m_progress.intervalFailed = 0;
    m_progress.intervalAcquireTimeouts = 0;
    m_progress.intervalRequestTimeouts = 0;
    m_progress.intervalStaleRetries = 0;
    m_progress.intervalLatency.reset();
    m_progress.intervalAcquireWait.reset();
    m_progress.recentRequests.clear();
}

void LoadDriver::resetStatistics()
{
    const qint64 now = MonotonicClock::nowNs();
    m_countingSinceNs = now;
    m_report = LoadReport();
    m_report.loadSettings = m_settings;
    m_progress.completed = 0;
    m_progress.ok = 0;
    m_progress.failed = 0;
    m_progress.staleRetries = 0;
    // What the interval so far counted was before the reset: the next report begins now.
    startInterval(now);
}

LoadReport LoadDriver::report() const
{
    LoadReport report = m_report;
    const qint64 end = m_running || !m_stopNs ? MonotonicClock::nowNs() : m_stopNs;
    report.durationS = m_countingSinceNs ? double(end - m_countingSinceNs) / 1e9 : 0;
    report.pool = m_pool->stats();
    report.poolSettings = m_pool->settings();
    report.target = m_pool->settings().target();
    return report;
}

#include "timelinecharts.h"

#include "feedstate.h"
#include "legend.h"
#include "presentation.h"
#include "scrollingchart.h"

#include <QHBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 BinNs = 1'000'000'000;
// Latency points come a few times a second while requests complete; further apart than this,
// none did in between and the line breaks.
constexpr double LatencyGapSeconds = 2.0;

} // namespace

TimelineCharts::TimelineCharts(const FeedState *state, QWidget *parent)
    : QWidget(parent)
    , m_state(state)
    , m_occupancy(new ScrollingChart(tr("Connections"), {}, ScrollingChart::Values::Counts, this))
    , m_latency(new ScrollingChart(tr("Request latency"), QStringLiteral("ms"),
                                   ScrollingChart::Values::Continuous, this))
    , m_rates(new ScrollingChart(tr("Dials and evictions"), QStringLiteral("/s"),
                                 ScrollingChart::Values::Counts, this))
    , m_failures(new ScrollingChart(tr("Request failures"), QStringLiteral("/s"),
                                    ScrollingChart::Values::Counts, this))
{
    m_reasonSeries.fill(-1);
    using P = Presentation;
    m_occupancy->addBand(P::activityLabel(P::Activity::InUse),
                         P::activityColor(P::Activity::InUse));
    m_occupancy->addBand(P::activityLabel(P::Activity::Idle), P::activityColor(P::Activity::Idle));
    m_occupancy->addBand(P::activityLabel(P::Activity::Dialing),
                         P::activityColor(P::Activity::Dialing));
    m_waitersSeries = m_occupancy->addLine(tr("waiters"), P::waiterColor());
    m_maxSeries = m_occupancy->addLine(tr("max connections"), QColor(0x33, 0x33, 0x33),
                                       Qt::DashLine, ScrollingChart::Scale::WhenNear);
    // On the legend: over the plot the crosshair speaks.
    m_occupancy->legend()->setToolTip(
        tr("Connections in use, idle and dialing, stacked; the red line counts "
           "requests waiting for a connection, the dashed line is the pool's "
           "max connections."));

    m_p50Series = m_latency->addLine(tr("p50"), QColor(0x2E, 0x6F, 0xB7));
    m_p99Series = m_latency->addLine(tr("p99"), QColor(0x8E, 0x44, 0xAD), Qt::DashLine);
    m_waitSeries = m_latency->addLine(tr("acquire wait p99"), P::waiterColor(), Qt::DotLine);
    for (const int series : {m_p50Series, m_p99Series, m_waitSeries})
        m_latency->setGapSeconds(series, LatencyGapSeconds);
    m_latency->legend()->setToolTip(
        tr("What a request took, connection included (median and 99th "
           "percentile), and how long the slowest acquires waited for a "
           "connection. The lines break where no request succeeded."));

    m_dialSeries = m_rates->addLine(tr("dials"), P::activityColor(P::Activity::Dialing));
    m_dialFailureSeries = m_rates->addLine(tr("dial failures"), dialFailureColor(), Qt::DashLine);
    m_rates->legend()->setToolTip(
        tr("New connections per second, and connections closed per second "
           "by the reason they were closed (a reason shows while it occurs)."));
    createFailureSeries();

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    for (ScrollingChart *chart : charts()) {
        layout->addWidget(chart, 1); // equal shares, whatever their legends hold
        connect(chart, &ScrollingChart::hovered, this, &TimelineCharts::showCrosshair);
    }
    connect(state, &FeedState::labListeningChanged, this, &TimelineCharts::labListeningChanged);
    connect(state, &FeedState::replied, this, [this](const SessionReply &reply) {
        if (reply.action == u"restart_lab"_s && reply.ok())
            labRestarted();
    });
    connect(state, &FeedState::comparisonUpdated, this, &TimelineCharts::comparisonUpdated);
    // One chart per tick, in turn: each is refreshed RefreshesPerSecond times a second, and
    // no tick pays for the layout of all of them.
    m_refresh.setInterval(1000 / (RefreshesPerSecond * int(charts().size())));
    connect(&m_refresh, &QTimer::timeout, this, &TimelineCharts::refreshNext);
    m_refresh.start();
}

QColor TimelineCharts::dialFailureColor()
{
    return QColor(0x1A, 0x1A, 0x1A);
}

void TimelineCharts::createFailureSeries()
{
    const auto add
        = [this](Failure failure, const QString &name, const QColor &color, Qt::PenStyle style) {
              m_failureSeries[size_t(failure)] = m_failures->addLine(name, color, style);
          };
    add(Failure::Failed, tr("failed"), Presentation::closeMarkColor(), Qt::SolidLine);
    add(Failure::AcquireTimeouts, tr("acquire timeouts"), QColor(0xE6, 0x7E, 0x22), Qt::DashLine);
    add(Failure::RequestTimeouts, tr("request timeouts"), QColor(0x6C, 0x3A, 0x9C), Qt::DotLine);
    add(Failure::StaleRetries, tr("stale retries"), QColor(0x1F, 0x8A, 0x70), Qt::DashDotLine);
    m_failures->legend()->setToolTip(
        tr("Requests per second that failed (of them, acquire timeouts and "
           "request timeouts), and requests retried on a new connection "
           "because a reused one turned out closed (they may have succeeded)."));
}

void TimelineCharts::addSnapshot(const PoolSnapshot &snapshot)
{
    seen(snapshot.timeNs);
    const PoolStats &s = snapshot.stats;
    const double x = seconds(snapshot.timeNs);
    m_occupancy->appendBands(x, {double(s.inUse), double(s.idle), double(s.dialing)});
    m_occupancy->appendLine(m_waitersSeries, x, double(s.waiting));
    const int max = m_state->profile().pool.maxConnections;
    m_occupancy->appendLine(m_maxSeries, x, double(max));
    m_occupancy->setName(m_maxSeries, tr("max connections (%1)").arg(max));
    closeBinsBefore(snapshot.timeNs);
    for (ScrollingChart *chart : charts())
        chart->scrollTo(x);
}

void TimelineCharts::addProgress(const LoadProgress &progress)
{
    seen(progress.timeNs);
    if (progress.timeNs >= m_binStartNs + BinNs)
        closeBinsBefore(progress.timeNs);
    m_binFailures[size_t(Failure::Failed)] += progress.intervalFailed;
    m_binFailures[size_t(Failure::AcquireTimeouts)] += progress.intervalAcquireTimeouts;
    m_binFailures[size_t(Failure::RequestTimeouts)] += progress.intervalRequestTimeouts;
    m_binFailures[size_t(Failure::StaleRetries)] += progress.intervalStaleRetries;
    if (!progress.intervalLatency.count())
        return;
    const double x = seconds(progress.timeNs);
    m_latency->appendLine(m_p50Series, x, double(progress.intervalLatency.percentile(50)) / 1e6);
    m_latency->appendLine(m_p99Series, x, double(progress.intervalLatency.percentile(99)) / 1e6);
    m_latency->appendLine(m_waitSeries, x,
                          double(progress.intervalAcquireWait.percentile(99)) / 1e6);
}

void TimelineCharts::addEvents(const QList<PoolEvent> &events)
{
    for (const PoolEvent &event : events) {
        if (event.timeNs >= m_binStartNs + BinNs)
            closeBinsBefore(event.timeNs);
        switch (event.kind) {
        case EventKind::DialStarted:
            ++m_binDials;
            break;
        case EventKind::DialFailed:
            ++m_binDialFailures;
            break;
        case EventKind::Evicted:
            ++m_binEvictions[size_t(event.reason)];
            break;
        case EventKind::Cleared:
            addMarker({ChartMarker::Kind::Flush, seconds(event.timeNs), qQNaN(),
                       tr("generation %1").arg(event.generation)});
            break;
        case EventKind::SettingsChanged:
            addMarker({ChartMarker::Kind::Settings, seconds(event.timeNs), qQNaN(), event.message});
            break;
        default:
            break;
        }
    }
    if (!events.isEmpty())
        seen(events.last().timeNs);
}

void TimelineCharts::labListeningChanged(bool listening)
{
    // The feed says when the lab stopped and started listening, not exactly when: the time
    // of the latest snapshot or event is within a tenth of a second of it.
    const double x = seconds(m_lastNs);
    if (!listening) {
        if (m_state->targetsLab() && m_lastNs)
            addMarker({ChartMarker::Kind::LabDown, x, qQNaN(), {}});
        return;
    }
    for (auto it = m_markers.rbegin(); it != m_markers.rend(); ++it) {
        if (it->kind == ChartMarker::Kind::LabDown && std::isnan(it->endX)) {
            it->endX = std::max(it->x, x);
            showMarkers();
            return;
        }
    }
}

// A restart shorter than a feed (no down time) never shows as not listening: its reply marks it.
void TimelineCharts::labRestarted()
{
    const double x = seconds(m_lastNs);
    for (auto it = m_markers.rbegin(); it != m_markers.rend(); ++it) {
        if (it->kind == ChartMarker::Kind::LabDown && x - it->x < 1)
            return;
    }
    if (m_lastNs)
        addMarker({ChartMarker::Kind::LabDown, x, x, {}});
}

// The workload pauses while a comparison runs: a span says why its lines have a gap.
void TimelineCharts::comparisonUpdated(const ComparisonUpdate &update)
{
    const double x = seconds(m_lastNs);
    auto open = std::find_if(m_markers.rbegin(), m_markers.rend(), [](const ChartMarker &m) {
        return m.kind == ChartMarker::Kind::Comparison && std::isnan(m.endX);
    });
    const bool running = update.phase != ComparisonUpdate::Phase::Idle && !update.isFinished()
        && !update.cancelled;
    if (running && open == m_markers.rend() && m_lastNs) {
        addMarker({ChartMarker::Kind::Comparison, x, qQNaN(), {}});
    } else if (!running && open != m_markers.rend()) {
        open->endX = std::max(open->x, x);
        showMarkers();
    }
}

void TimelineCharts::addMarker(const ChartMarker &marker)
{
    m_markers.append(marker);
    const double oldest = marker.x - ScrollingChart::HistorySeconds;
    m_markers.removeIf(
        [oldest](const ChartMarker &m) { return (std::isnan(m.endX) ? m.x : m.endX) < oldest; });
    showMarkers();
}

void TimelineCharts::showMarkers()
{
    for (ScrollingChart *chart : charts())
        chart->setMarkers(m_markers);
}

qint64 TimelineCharts::binStartOf(qint64 timeNs) const
{
    const qint64 sinceEpoch = std::max<qint64>(0, timeNs - m_epochNs);
    return m_epochNs + sinceEpoch - sinceEpoch % BinNs;
}

void TimelineCharts::closeBinsBefore(qint64 timeNs)
{
    if (!m_binStartNs) {
        m_binStartNs = binStartOf(timeNs);
        return;
    }
    while (timeNs >= m_binStartNs + BinNs)
        plotBin();
}

void TimelineCharts::plotBin()
{
    // A bin is plotted at its end: the rate over the second before it.
    const double x = seconds(m_binStartNs + BinNs);
    m_rates->appendLine(m_dialSeries, x, double(m_binDials));
    m_rates->appendLine(m_dialFailureSeries, x, double(m_binDialFailures));
    for (int reason = 1; reason < ReasonCount; ++reason) {
        const quint64 count = m_binEvictions[size_t(reason)];
        int &series = m_reasonSeries[size_t(reason)];
        if (series < 0 && count) {
            // A reason gets its line the first time it happens, and shows while it has
            // happened within the window, so the legend lists what occurred.
            const auto r = EvictionReason(reason);
            series = m_rates->addLine(Presentation::reasonLabel(r), Presentation::reasonColor(r));
            m_rates->setOptional(series, true);
        }
        if (series >= 0)
            m_rates->appendLine(series, x, double(count));
    }
    for (size_t failure = 0; failure < m_binFailures.size(); ++failure)
        m_failures->appendLine(m_failureSeries[failure], x, double(m_binFailures[failure]));
    m_binDials = 0;
    m_binDialFailures = 0;
    m_binEvictions.fill(0);
    m_binFailures.fill(0);
    m_binStartNs += BinNs;
}

void TimelineCharts::refreshNext()
{
    if (m_paused || !isVisible() || window()->isMinimized())
        return;
    ScrollingChart *chart = charts()[m_nextRefresh];
    m_nextRefresh = (m_nextRefresh + 1) % charts().size();
    if (chart->isDirty())
        chart->flush();
}

void TimelineCharts::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // Nothing is drawn while hidden; what came meanwhile shows at once.
    if (m_paused)
        return;
    for (ScrollingChart *chart : charts()) {
        if (chart->isDirty())
            chart->flush();
    }
}

void TimelineCharts::showCrosshair(double x)
{
    for (ScrollingChart *chart : charts())
        chart->showCrosshair(x);
}

void TimelineCharts::clear()
{
    for (ScrollingChart *chart : charts())
        chart->clear();
    m_markers.clear();
    for (ScrollingChart *chart : charts())
        chart->setMarkers(m_markers);
    m_binDials = 0;
    m_binDialFailures = 0;
    m_binEvictions.fill(0);
    m_binFailures.fill(0);
}

void TimelineCharts::rewind()
{
    for (ScrollingChart *chart : charts())
        chart->rewind();
    clear();
    m_lastNs = 0;
    m_binStartNs = 0;
}

void TimelineCharts::setWindowSeconds(double seconds)
{
    for (ScrollingChart *chart : charts()) {
        chart->setWindowSeconds(seconds);
        if (!m_paused)
            chart->flush();
    }
}

double TimelineCharts::windowSeconds() const
{
    return m_occupancy->windowSeconds();
}

void TimelineCharts::setPaused(bool paused)
{
    if (paused == m_paused)
        return;
    m_paused = paused;
    if (paused) {
        m_refresh.stop();
        return;
    }
    for (ScrollingChart *chart : charts())
        chart->flush();
    m_refresh.start();
}

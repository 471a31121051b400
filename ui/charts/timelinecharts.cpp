#include "timelinecharts.h"

#include "presentation.h"
#include "scrollingchart.h"

#include <QHBoxLayout>

#include <algorithm>

namespace {

constexpr qint64 BinNs = 1'000'000'000;

} // namespace

TimelineCharts::TimelineCharts(QWidget *parent)
    : QWidget(parent)
    , m_occupancy(new ScrollingChart(tr("Connections"), {}, this))
    , m_latency(new ScrollingChart(tr("Request latency"), QStringLiteral("ms"), this))
    , m_rates(new ScrollingChart(tr("Dials and evictions"), QStringLiteral("/s"), this))
{
    m_reasonSeries.fill(-1);
    using P = Presentation;
    m_occupancy->addBand(P::activityLabel(P::Activity::InUse),
                         P::activityColor(P::Activity::InUse));
    m_occupancy->addBand(P::activityLabel(P::Activity::Idle), P::activityColor(P::Activity::Idle));
    m_occupancy->addBand(P::activityLabel(P::Activity::Dialing),
                         P::activityColor(P::Activity::Dialing));
    m_waitersSeries = m_occupancy->addLine(tr("waiters"), P::waiterColor());
    m_occupancy->setToolTip(tr("Connections in use, idle and dialing, stacked; the red line counts "
                               "requests waiting for a connection."));

    m_p50Series = m_latency->addLine(tr("p50"), QColor(0x2E, 0x6F, 0xB7));
    m_p99Series = m_latency->addLine(tr("p99"), QColor(0x8E, 0x44, 0xAD), Qt::DashLine);
    m_waitSeries = m_latency->addLine(tr("acquire wait p99"), P::waiterColor(), Qt::DotLine);
    m_latency->setToolTip(tr("What a request took, connection included (median and 99th "
                             "percentile), and how long the slowest acquires waited for a "
                             "connection."));

    m_dialSeries = m_rates->addLine(tr("dials"), P::activityColor(P::Activity::Dialing));
    m_dialFailureSeries = m_rates->addLine(tr("dial failures"), P::closeMarkColor(), Qt::DashLine);
    m_rates->setToolTip(tr("New connections per second, and connections closed per second "
                           "by the reason they were closed."));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_occupancy);
    layout->addWidget(m_latency);
    layout->addWidget(m_rates);
}

void TimelineCharts::addSnapshot(const PoolSnapshot &snapshot)
{
    const PoolStats &s = snapshot.stats;
    const double x = seconds(snapshot.timeNs);
    m_occupancy->appendBands(x, {double(s.inUse), double(s.idle), double(s.dialing)});
    m_occupancy->appendLine(m_waitersSeries, x, double(s.waiting));
    closeBinsBefore(snapshot.timeNs);
    // Moving an axis re-lays out its chart, a few milliseconds for the three: one chart moves
    // per snapshot, so each scrolls three times a second (a pixel or two at a time) and no
    // delivery pays for all three.
    const std::array<ScrollingChart *, 3> charts{m_occupancy, m_latency, m_rates};
    charts[m_nextScroll]->scrollTo(x);
    m_nextScroll = (m_nextScroll + 1) % charts.size();
}

void TimelineCharts::addProgress(const LoadProgress &progress)
{
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
        default:
            break;
        }
    }
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
    const qint64 lastStart = binStartOf(timeNs) - BinNs;
    while (timeNs >= m_binStartNs + BinNs) {
        const bool empty = plotBin();
        // A quiet spell: a zero at each end draws the same line as a zero every second.
        if (empty && m_binStartNs < lastStart)
            m_binStartNs = lastStart;
    }
}

bool TimelineCharts::plotBin()
{
    // A bin is plotted at its end: the rate over the second before it.
    const double x = seconds(m_binStartNs + BinNs);
    bool empty = !m_binDials && !m_binDialFailures;
    m_rates->appendLine(m_dialSeries, x, double(m_binDials));
    m_rates->appendLine(m_dialFailureSeries, x, double(m_binDialFailures));
    for (int reason = 1; reason < ReasonCount; ++reason) {
        const quint64 count = m_binEvictions[size_t(reason)];
        empty = empty && !count;
        int &series = m_reasonSeries[size_t(reason)];
        if (series < 0 && count) {
            // A reason gets its line the first time it happens, so the legend lists only what
            // occurred.
            const auto r = EvictionReason(reason);
            series = m_rates->addLine(Presentation::reasonLabel(r), Presentation::reasonColor(r));
        }
        if (series >= 0)
            m_rates->appendLine(series, x, double(count));
    }
    m_binDials = 0;
    m_binDialFailures = 0;
    m_binEvictions.fill(0);
    m_binStartNs += BinNs;
    return empty;
}

void TimelineCharts::clear()
{
    for (ScrollingChart *chart : {m_occupancy, m_latency, m_rates})
        chart->clear();
    m_binDials = 0;
    m_binDialFailures = 0;
    m_binEvictions.fill(0);
}

void TimelineCharts::setWindowSeconds(double seconds)
{
    for (ScrollingChart *chart : {m_occupancy, m_latency, m_rates})
        chart->setWindowSeconds(seconds);
}

double TimelineCharts::windowSeconds() const
{
    return m_occupancy->windowSeconds();
}

void TimelineCharts::setPaused(bool paused)
{
    for (ScrollingChart *chart : {m_occupancy, m_latency, m_rates})
        chart->setPaused(paused);
}

bool TimelineCharts::isPaused() const
{
    return m_occupancy->isPaused();
}

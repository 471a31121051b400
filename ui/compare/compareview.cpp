#include "compareview.h"

#include "axisticks.h"
#include "feedstate.h"
#include "legend.h"
#include "presentation.h"
#include "session.h"

#include <QChart>
#include <QChartView>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QPushButton>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace {

// Pixels between value ticks, so their labels never crowd or elide.
constexpr int ValueTickPixels = 24;

QLineSeries *addSeries(QChart *chart, const QString &name, const QColor &color, Qt::PenStyle style,
                       QValueAxis *x, QValueAxis *y)
{
    auto *series = new QLineSeries(chart);
    series->setName(name);
    series->setPen(QPen(color, 2, style));
    chart->addSeries(series);
    series->attachAxis(x);
    series->attachAxis(y);
    return series;
}

double ms(qint64 ns)
{
    return double(ns) / 1e6;
}

QString perRequest(const ComparisonUpdate::Half &result)
{
    const quint64 requests = result.report.ok + result.report.failed;
    return requests ? QString::number(double(result.dials) / double(requests), 'f', 2) : QString();
}

QString ratio(double a, double b)
{
    if (a <= 0 || b <= 0)
        return u"–"_s;
    return CompareView::tr("%1×").arg(a / b, 0, 'f', a / b < 10 ? 2 : 1);
}

} // namespace

CompareView::CompareView(Session *session, FeedState *state, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_state(state)
    , m_run(new QPushButton(this))
    , m_seconds(new QDoubleSpinBox(this))
    , m_status(new QLabel(this))
    , m_summary(new QLabel(this))
    , m_result(new QLabel(this))
    , m_chartView(new QChartView(this))
{
    // Three columns, so a short dock (a bottom tab at 1280x720) shows the controls and the
    // sentence, the whole table and the chart side by side; below their minimum heights the
    // dock's scroll area takes over rather than squeezing them.
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    auto *side = new QVBoxLayout;
    auto *controls = new QHBoxLayout;
    m_run->setObjectName(u"compareRun"_s);
    connect(m_run, &QPushButton::clicked, this, &CompareView::run);
    controls->addWidget(m_run);
    m_seconds->setObjectName(u"compareSeconds"_s);
    m_seconds->setRange(1, 300);
    m_seconds->setDecimals(0);
    m_seconds->setValue(5);
    m_seconds->setSuffix(tr(" s each"));
    m_seconds->setToolTip(tr("How long each half runs."));
    controls->addWidget(m_seconds);
    controls->addStretch();
    side->addLayout(controls);
    m_status->setWordWrap(true);
    m_status->setObjectName(u"compareStatus"_s);
    side->addWidget(m_status);
    m_summary->setObjectName(u"compareSummary"_s);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    side->addWidget(m_summary, 1);
    layout->addLayout(side, 2);
    m_result->setObjectName(u"compareResult"_s);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    layout->addWidget(m_result);
    layout->addWidget(createChart(), 3);

    connect(state, &FeedState::comparisonUpdated, this, &CompareView::update);
    connect(state, &FeedState::profileChanged, this, [this] {
        if (!isRunning())
            showPhase(ComparisonUpdate::Phase::Idle);
    });
    connect(state, &FeedState::replied, this, [this](const SessionReply &reply) {
        if (reply.command != m_comparison || reply.ok())
            return;
        showPhase(ComparisonUpdate::Phase::Idle);
        m_summary->setText(
            tr("The comparison did not run: %1").arg(reply.errors.join(u"; "_s).toHtmlEscaped()));
    });
    showPhase(ComparisonUpdate::Phase::Idle);
    m_summary->setText(tr("Runs the current workload twice on the same pool and backend: first "
                          "pooled, then unpooled (every request dials, uses and closes its own "
                          "connection). Watch the lanes while it runs."));
}

QWidget *CompareView::createChart()
{
    auto *chart = new QChart;
    chart->setTitle(tr("Request latency, by second of each half"));
    QFont titleFont = font();
    titleFont.setBold(true);
    chart->setTitleFont(titleFont);
    chart->setMargins(QMargins(2, 0, 4, 0));
    chart->setBackgroundRoundness(0);
    // The legend is a widget below the plot: it wraps instead of eliding names.
    chart->legend()->hide();
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    m_x = new QValueAxis(chart);
    m_x->setLabelFormat(u"%.0f s"_s);
    m_x->setLabelsFont(small);
    m_x->setTickType(QValueAxis::TicksDynamic);
    m_x->setTickAnchor(0);
    m_y = new QValueAxis(chart);
    m_y->setLabelsFont(small);
    m_y->setTickType(QValueAxis::TicksDynamic);
    m_y->setTickAnchor(0);
    chart->addAxis(m_x, Qt::AlignBottom);
    chart->addAxis(m_y, Qt::AlignLeft);
    const QColor pooled = Presentation::activityColor(Presentation::Activity::InUse);
    const QColor unpooled
        = Presentation::activityColor(Presentation::Activity::Dialing).darker(110);
    auto *legend = new Legend(this);
    legend->setFont(small);
    const auto add = [&](const QString &name, const QColor &color, Qt::PenStyle style) {
        legend->addLine(color, name, style);
        return addSeries(chart, name, color, style, m_x, m_y);
    };
    m_pooledP50 = add(tr("pooled p50"), pooled, Qt::SolidLine);
    m_pooledP99 = add(tr("pooled p99"), pooled, Qt::DashLine);
    m_unpooledP50 = add(tr("unpooled p50"), unpooled, Qt::SolidLine);
    m_unpooledP99 = add(tr("unpooled p99"), unpooled, Qt::DashLine);
    m_chartView->setChart(chart);
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumSize(320, 130);
    setTimeRange(m_seconds->value());
    setValueTop(1);
    connect(chart, &QChart::plotAreaChanged, this, [this] {
        setTimeRange(m_x->max());
        setValueTop(m_valueTop);
    });

    auto *box = new QWidget(this);
    auto *column = new QVBoxLayout(box);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(0);
    column->addWidget(m_chartView, 1);
    column->addWidget(legend);
    return box;
}

void CompareView::setTimeRange(double seconds)
{
    const double plotWidth = m_chartView->chart()->plotArea().width();
    const int maxTicks = std::clamp(int(plotWidth / 48), 2, 6);
    AxisTicks::setRange(m_x, 0, seconds, AxisTicks::upTo(seconds, maxTicks, true).step);
}

void CompareView::setValueTop(double top)
{
    m_valueTop = top;
    const double plotHeight = m_chartView->chart()->plotArea().height();
    const AxisTicks ticks
        = AxisTicks::upTo(top, std::max(2, int(plotHeight / ValueTickPixels)), false);
    AxisTicks::setRange(m_y, 0, ticks.top, ticks.step);
    m_y->setLabelFormat(ticks.labelFormat(u"ms"_s));
}

QString CompareView::resultText() const
{
    return m_summary->text() + m_result->text();
}

void CompareView::run()
{
    if (isRunning()) {
        m_cancelling = true;
        m_run->setEnabled(false);
        m_session->cancelComparison();
        return;
    }
    for (QLineSeries *series : {m_pooledP50, m_pooledP99, m_unpooledP50, m_unpooledP99})
        series->clear();
    setTimeRange(m_seconds->value());
    setValueTop(1);
    m_summary->clear();
    m_result->clear();
    ComparisonPlan plan;
    plan.pooled.pool = m_state->pool();
    plan.pooled.load = m_session->profile(m_state->pool()).load;
    plan.pooled.load.durationS = m_seconds->value();
    plan.pooled.load.requests = 0;
    plan.pooled.load.pooled = true;
    plan.unpooled = plan.pooled;
    plan.unpooled.load.pooled = false;
    m_comparison = m_session->compare(plan);
    showPhase(ComparisonUpdate::Phase::Pooled);
}

void CompareView::update(const ComparisonUpdate &update)
{
    if (update.comparison != m_comparison)
        return;
    if (update.cancelled || update.isFinished()) {
        m_cancelling = false;
        showPhase(ComparisonUpdate::Phase::Idle);
        if (update.isFinished())
            showResult(*update.pooled, *update.unpooled);
        return;
    }
    if (update.phase != m_phase)
        showPhase(update.phase);
    if (update.progress)
        addProgress(update.phase, update.seconds, *update.progress);
}

void CompareView::addProgress(ComparisonUpdate::Phase phase, double seconds,
                              const LoadProgress &progress)
{
    if (!progress.intervalLatency.count())
        return;
    const bool pooled = phase == ComparisonUpdate::Phase::Pooled;
    const double p50 = ms(progress.intervalLatency.percentile(50));
    const double p99 = ms(progress.intervalLatency.percentile(99));
    (pooled ? m_pooledP50 : m_unpooledP50)->append(seconds, p50);
    (pooled ? m_pooledP99 : m_unpooledP99)->append(seconds, p99);
    if (p99 * 1.1 > m_valueTop)
        setValueTop(p99 * 1.2);
}

void CompareView::showPhase(ComparisonUpdate::Phase phase)
{
    m_phase = phase;
    const LoadSettings &load = m_state->profile().load;
    const QString workload = load.ratePerSecond > 0
        ? tr("%1 at once, at most %2 requests/s").arg(load.concurrency).arg(load.ratePerSecond)
        : tr("%1 at once, as fast as the server answers").arg(load.concurrency);
    switch (phase) {
    case ComparisonUpdate::Phase::Idle:
        m_run->setText(tr("Run comparison"));
        m_run->setEnabled(!m_cancelling);
        m_seconds->setEnabled(true);
        m_status->setText(tr("Workload: %1.").arg(workload));
        break;
    case ComparisonUpdate::Phase::Pooled:
        m_run->setText(tr("Cancel"));
        m_seconds->setEnabled(false);
        m_status->setText(tr("1/2: pooled, %1…").arg(workload));
        break;
    case ComparisonUpdate::Phase::Unpooled:
        m_status->setText(tr("2/2: unpooled, %1…").arg(workload));
        break;
    }
}

void CompareView::showResult(const ComparisonUpdate::Half &pooled,
                             const ComparisonUpdate::Half &unpooled)
{
    const LoadReport &p = pooled.report;
    const LoadReport &u = unpooled.report;
    const auto cell = [](const QString &text) {
        return u"<td align=right style='padding-left:10px'>%1</td>"_s.arg(text);
    };
    const auto row = [&](const QString &name, const QString &a, const QString &b,
                         const QString &r) -> QString {
        return u"<tr><td>%1</td>"_s.arg(name) + cell(a) + cell(b) + cell(r) + u"</tr>"_s;
    };
    const double pooledP50 = ms(p.latency.percentile(50));
    const double unpooledP50 = ms(u.latency.percentile(50));
    const double pooledP99 = ms(p.latency.percentile(99));
    const double unpooledP99 = ms(u.latency.percentile(99));
    QString html = u"<table cellspacing=0 cellpadding=1>"_s
        + u"<tr><th></th><th align=right style='padding-left:10px'>%1</th>"
          "<th align=right style='padding-left:10px'>%2</th>"
          "<th align=right style='padding-left:10px'>%3</th></tr>"_s.arg(
              tr("pooled"), tr("unpooled"), tr("unpooled ÷ pooled"))
        + row(tr("requests/s"), QString::number(p.throughput(), 'f', 0),
              QString::number(u.throughput(), 'f', 0), ratio(u.throughput(), p.throughput()))
        + row(tr("latency p50"), Presentation::milliseconds(pooledP50),
              Presentation::milliseconds(unpooledP50), ratio(unpooledP50, pooledP50))
        + row(tr("latency p99"), Presentation::milliseconds(pooledP99),
              Presentation::milliseconds(unpooledP99), ratio(unpooledP99, pooledP99))
        + row(tr("handshakes (dials)"), QString::number(pooled.dials),
              QString::number(unpooled.dials), ratio(double(unpooled.dials), double(pooled.dials)))
        + row(tr("handshakes per request"), perRequest(pooled), perRequest(unpooled), QString())
        + row(tr("failed requests"), QString::number(p.failed), QString::number(u.failed),
              QString())
        + row(tr("stale retries"), QString::number(p.staleRetries), QString::number(u.staleRetries),
              QString())
        + u"</table>"_s;
    QString summary;
    if (pooledP50 > 0 && unpooledP50 > 0) {
        summary = tr("Without the pool, the median request took <b>%1 times</b> as long "
                     "(%2 instead of %3), and the backend saw %4 handshakes instead of %5.")
                      .arg(unpooledP50 / pooledP50, 0, 'f', 1)
                      .arg(Presentation::milliseconds(unpooledP50),
                           Presentation::milliseconds(pooledP50))
                      .arg(unpooled.dials)
                      .arg(pooled.dials);
        const LatencyHistogram &tls = m_state->stats().tlsTime;
        if (m_state->profile().pool.tls && tls.count())
            summary += u" "_s
                + tr("Each of those handshakes includes TLS: a median of %1 for the TLS "
                     "handshake alone, on top of the TCP connect.")
                      .arg(Presentation::duration(tls.percentile(50)));
        if (m_state->targetsLab() && m_state->profile().lab.setupDelayMs > 0)
            summary += u" "_s
                + tr("On the lab every new connection pays its simulated handshake of %1 ms.")
                      .arg(m_state->profile().lab.setupDelayMs);
    }
    m_summary->setText(summary);
    m_result->setText(html);
}

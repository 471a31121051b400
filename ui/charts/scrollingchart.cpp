#include "scrollingchart.h"

#include "legend.h"

#include <QAreaSeries>
#include <QLineSeries>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

namespace {

// More points than pixels cost time and show nothing more.
constexpr int MaxShownPoints = 300;
// The pieces a broken line is drawn in, at most.
constexpr size_t MaxRuns = 16;
// The value axis never shows less than this, so an idle chart keeps a sensible scale.
constexpr double MinimumTop = 1;
// A Scale::WhenNear line counts while it is within this many times the others' top.
constexpr double NearFactor = 4;
// Pixels between ticks, so labels never crowd.
constexpr int ValueTickPixels = 24;
constexpr int TimeTickPixels = 48;
// A point stands for this long either side of it, for the crosshair's readings.
constexpr double ReadingToleranceSeconds = 1.0;

QFont scaled(QFont font, double factor)
{
    font.setPointSizeF(font.pointSizeF() * factor);
    return font;
}

} // namespace

ScrollingChart::ScrollingChart(const QString &title, const QString &unit, Values values,
                               QWidget *parent)
    : QWidget(parent)
    , m_unit(unit)
    , m_values(values)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->setTitleFont(scaled(font(), 0.95));
    QFont titleFont = chart->titleFont();
    titleFont.setBold(true);
    chart->setTitleFont(titleFont);
    chart->setMargins(QMargins(2, 0, 4, 0));
    chart->setBackgroundRoundness(0);
    // The legend is a widget below, which wraps instead of cutting names off.
    chart->legend()->hide();
    const QFont small = scaled(font(), 0.85);

    m_x = new QValueAxis(chart);
    m_x->setLabelFormat(QStringLiteral("%.0f s"));
    m_x->setLabelsFont(small);
    // Ticks on round seconds that scroll with the data, rather than fixed fractions of the
    // window whose labels change every moment.
    m_x->setTickType(QValueAxis::TicksDynamic);
    m_x->setTickAnchor(0);
    m_y = new QValueAxis(chart);
    m_y->setLabelsFont(small);
    m_y->setTickType(QValueAxis::TicksDynamic);
    m_y->setTickAnchor(0);
    chart->addAxis(m_x, Qt::AlignBottom);
    chart->addAxis(m_y, Qt::AlignLeft);
    m_valueTicks = AxisTicks::upTo(MinimumTop, 4, m_values == Values::Counts);
    AxisTicks::setRange(m_y, 0, m_valueTicks.top, m_valueTicks.step);
    m_y->setLabelFormat(m_valueTicks.labelFormat(m_unit));
    setTimeTicks(0);

    m_view = new ChartView(chart, m_x, this);
    m_view->setMinimumHeight(110);
    m_legend = new Legend(this);
    m_legend->setFont(small);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 2);
    layout->setSpacing(0);
    layout->addWidget(m_view, 1);
    auto *legendRow = new QHBoxLayout;
    legendRow->setContentsMargins(6, 0, 4, 0);
    legendRow->addWidget(m_legend);
    layout->addLayout(legendRow);
    connect(m_view, &ChartView::hovered, this, &ScrollingChart::hovered);
    // A taller or narrower plot holds more or fewer ticks.
    connect(chart, &QChart::plotAreaChanged, this, [this] {
        setTimeTicks(m_x->min());
        rescale();
    });
}

QLineSeries *ScrollingChart::newLine(const Series &series)
{
    auto *line = new QLineSeries(this);
    line->setPen(QPen(series.color, 2, series.style));
    m_view->chart()->addSeries(line);
    line->attachAxis(m_x);
    line->attachAxis(m_y);
    return line;
}

int ScrollingChart::addLine(const QString &name, const QColor &color, Qt::PenStyle style,
                            Scale scale)
{
    Series series;
    series.name = name;
    series.color = color;
    series.style = style;
    series.scale = scale;
    series.runs.push_back(newLine(series));
    series.legendKey = m_legend->addLine(color, name, style);
    m_series.push_back(std::move(series));
    return int(m_series.size()) - 1;
}

int ScrollingChart::addBand(const QString &name, const QColor &color)
{
    QLineSeries *below = nullptr;
    for (auto it = m_series.rbegin(); it != m_series.rend(); ++it) {
        if (it->band) {
            below = it->runs.front();
            break;
        }
    }
    Series series;
    series.name = name;
    series.color = color;
    series.band = true;
    auto *upper = new QLineSeries(this);
    series.runs.push_back(upper);
    series.area = new QAreaSeries(upper, below);
    series.area->setParent(this);
    series.area->setColor(color);
    series.area->setBorderColor(color.darker(115));
    m_view->chart()->addSeries(series.area);
    series.area->attachAxis(m_x);
    series.area->attachAxis(m_y);
    series.legendKey = m_legend->addSwatch(color, name);
    m_series.push_back(std::move(series));
    return int(m_series.size()) - 1;
}

void ScrollingChart::setName(int series, const QString &name)
{
    Series &s = m_series[size_t(series)];
    if (s.name == name)
        return;
    s.name = name;
    m_dirty = true;
}

void ScrollingChart::setGapSeconds(int series, double seconds)
{
    m_series[size_t(series)].gapSeconds = seconds;
}

void ScrollingChart::setOptional(int series, bool optional)
{
    m_series[size_t(series)].optional = optional;
    m_dirty = true;
}

double ScrollingChart::spacing() const
{
    return m_windowSeconds / MaxShownPoints;
}

void ScrollingChart::trim(Series &series, double x)
{
    while (!series.history.empty() && series.history.front().x() < x - HistorySeconds)
        series.history.pop_front();
}

void ScrollingChart::appendLine(int series, double x, double y)
{
    Series &s = m_series[size_t(series)];
    s.history.emplace_back(x, y);
    trim(s, x);
    m_dirty = true;
}

void ScrollingChart::appendBands(double x, const QList<double> &thicknesses)
{
    qsizetype next = 0;
    for (Series &series : m_series) {
        if (!series.band || next >= thicknesses.size())
            continue;
        series.history.emplace_back(x, thicknesses[next++]);
        trim(series, x);
    }
    m_dirty = true;
}

void ScrollingChart::scrollTo(double x)
{
    if (x <= m_end)
        return;
    m_end = x;
    m_dirty = true;
}

void ScrollingChart::setMarkers(const QList<ChartMarker> &markers)
{
    m_markers = markers;
    m_dirty = true;
}

void ScrollingChart::clear()
{
    for (Series &series : m_series)
        series.history.clear();
    // At once, not at the next refresh: "Start from zero" shows empty charts when clicked.
    flush();
}

void ScrollingChart::rewind()
{
    m_end = 0;
    clear();
}

void ScrollingChart::setWindowSeconds(double seconds)
{
    if (seconds == m_windowSeconds)
        return;
    m_windowSeconds = seconds;
    m_dirty = true;
}

void ScrollingChart::flush()
{
    // Until a whole window has passed, the session's start stays at the left edge.
    const double start = std::max(0.0, m_end - m_windowSeconds);
    setTimeTicks(start);
    showBands(start);
    for (Series &series : m_series) {
        if (!series.band)
            showLine(series, start);
    }
    m_dataTop = 0;
    m_nearTop = 0;
    for (size_t i = 0; i < m_series.size(); ++i) {
        const Series &series = m_series[i];
        if (!isShown(int(i)))
            continue;
        double &top = series.scale == Scale::WhenNear ? m_nearTop : m_dataTop;
        for (const QLineSeries *run : series.runs) {
            for (const QPointF &p : run->points())
                top = std::max(top, p.y());
        }
    }
    rescale();
    for (size_t i = 0; i < m_series.size(); ++i) {
        const Series &series = m_series[i];
        m_legend->setShown(series.legendKey, isShown(int(i)));
        m_legend->setText(series.legendKey,
                          series.aboveScale ? tr("%1, above the scale").arg(series.name)
                                            : series.name);
    }
    m_view->setNowX(m_end);
    m_view->setMarkers(m_markers);
    if (!std::isnan(m_view->crosshair()))
        showCrosshair(m_view->crosshair());
    m_dirty = false;
    ++m_flushes;
}

QList<QList<QPointF>> ScrollingChart::shownRuns(const Series &series, double start) const
{
    const auto &history = series.history;
    auto from = std::lower_bound(history.begin(), history.end(), start,
                                 [](const QPointF &p, double x) { return p.x() < x; });
    // One point left of the window, so the line runs to its edge.
    if (from != history.begin())
        --from;
    const double step = spacing();
    // Each piece is a series of its own to lay out and paint: sparse data (a request every few
    // seconds) breaks only at its widest gaps, an outage among them.
    double gap = series.gapSeconds;
    if (gap > 0) {
        std::vector<double> gaps;
        for (auto it = from; it != history.end() && it + 1 != history.end(); ++it) {
            if ((it + 1)->x() - it->x() > gap)
                gaps.push_back((it + 1)->x() - it->x());
        }
        if (gaps.size() >= MaxRuns) {
            std::nth_element(gaps.begin(), gaps.begin() + (MaxRuns - 1), gaps.end(),
                             std::greater<>());
            gap = gaps[MaxRuns - 1];
        }
    }
    QList<QList<QPointF>> runs;
    QList<QPointF> run;
    double previousX = std::numeric_limits<double>::quiet_NaN();
    qint64 bucket = std::numeric_limits<qint64>::min();
    for (auto it = from; it != history.end(); ++it) {
        const QPointF &p = *it;
        if (gap > 0 && p.x() - previousX > gap && !run.isEmpty()) {
            runs.append(run);
            run.clear();
        }
        previousX = p.x();
        const auto column = qint64(std::floor(p.x() / step));
        // A pixel column keeps its highest point, so a spike is never thinned away.
        if (column == bucket && !run.isEmpty()) {
            if (p.y() > run.last().y())
                run.last() = p;
            continue;
        }
        bucket = column;
        run.append(p);
    }
    if (!run.isEmpty())
        runs.append(run);
    return runs;
}

void ScrollingChart::showLine(Series &series, double start)
{
    const QList<QList<QPointF>> runs = shownRuns(series, start);
    while (series.runs.size() < size_t(runs.size()))
        series.runs.push_back(newLine(series));
    bool aboveZero = false;
    for (size_t i = 0; i < series.runs.size(); ++i) {
        QLineSeries *line = series.runs[i];
        const QList<QPointF> points
            = i < size_t(runs.size()) ? runs[qsizetype(i)] : QList<QPointF>();
        for (const QPointF &p : points)
            aboveZero = aboveZero || p.y() > 0;
        if (!points.isEmpty() || line->count())
            line->replace(points);
        // A lone point between gaps has no line to draw: a dot shows it.
        line->setPointsVisible(points.size() == 1);
    }
    const bool shown = !series.optional || aboveZero;
    for (QLineSeries *line : series.runs)
        line->setVisible(shown);
}

void ScrollingChart::showBands(double start)
{
    std::vector<Series *> bands;
    for (Series &series : m_series) {
        if (series.band)
            bands.push_back(&series);
    }
    if (bands.empty())
        return;
    // Every band has a point at the same times; the first band's decide which are shown.
    const auto &first = bands.front()->history;
    auto from = std::lower_bound(first.begin(), first.end(), start,
                                 [](const QPointF &p, double x) { return p.x() < x; });
    if (from != first.begin())
        --from;
    const double step = spacing();
    std::vector<size_t> shown;
    qint64 bucket = std::numeric_limits<qint64>::min();
    for (auto it = from; it != first.end(); ++it) {
        const auto column = qint64(std::floor(it->x() / step));
        if (column != bucket)
            shown.push_back(size_t(it - first.begin()));
        bucket = column;
    }
    std::vector<double> tops(shown.size(), 0.0);
    for (Series *band : bands) {
        QList<QPointF> points;
        points.reserve(qsizetype(shown.size()));
        for (size_t i = 0; i < shown.size(); ++i) {
            if (shown[i] >= band->history.size())
                break;
            const QPointF &p = band->history[shown[i]];
            tops[i] += p.y();
            points.append(QPointF(p.x(), tops[i]));
        }
        band->runs.front()->replace(points);
    }
}

void ScrollingChart::rescale()
{
    const double plotHeight = m_view->chart()->plotArea().height();
    const int maxTicks = std::max(2, int(plotHeight / ValueTickPixels));
    double top = std::max(m_dataTop, MinimumTop);
    const bool nearIncluded = m_nearTop <= top * NearFactor;
    if (nearIncluded)
        top = std::max(top, m_nearTop);
    for (Series &series : m_series) {
        if (series.scale == Scale::WhenNear)
            series.aboveScale = !nearIncluded;
    }
    const AxisTicks ticks = AxisTicks::upTo(top * 1.1, maxTicks, m_values == Values::Counts);
    // Grow at once, shrink only when far too tall, so the scale does not flicker; a plot that
    // now holds more or fewer ticks gets them at once.
    const bool fits = top * 1.1 <= m_valueTicks.top;
    const bool farTooTall = ticks.top < m_valueTicks.top * 0.4;
    if (fits && !farTooTall && maxTicks == m_maxValueTicks)
        return;
    m_maxValueTicks = maxTicks;
    m_valueTicks = ticks;
    AxisTicks::setRange(m_y, 0, ticks.top, ticks.step);
    m_y->setLabelFormat(ticks.labelFormat(m_unit));
}

void ScrollingChart::setTimeTicks(double start)
{
    const double plotWidth = m_view ? m_view->chart()->plotArea().width() : 0;
    const int maxTicks = std::max(2, int(plotWidth / TimeTickPixels));
    const double step = AxisTicks::upTo(m_windowSeconds, maxTicks, true).step;
    AxisTicks::setRange(m_x, start, start + m_windowSeconds, step);
}

bool ScrollingChart::isShown(int series) const
{
    const Series &s = m_series[size_t(series)];
    return s.runs.front()->isVisible() || (s.area && s.area->isVisible());
}

int ScrollingChart::shownPointCount(int series) const
{
    int count = 0;
    for (const QLineSeries *run : m_series[size_t(series)].runs)
        count += run->count();
    return count;
}

int ScrollingChart::shownRunCount(int series) const
{
    const auto &runs = m_series[size_t(series)].runs;
    return int(std::count_if(runs.begin(), runs.end(),
                             [](const QLineSeries *run) { return run->count() > 0; }));
}

double ScrollingChart::valueAt(int series, double x) const
{
    const auto &history = m_series[size_t(series)].history;
    auto after = std::lower_bound(history.begin(), history.end(), x,
                                  [](const QPointF &p, double at) { return p.x() < at; });
    double best = std::numeric_limits<double>::quiet_NaN();
    double distance = ReadingToleranceSeconds;
    for (auto it : {after, after == history.begin() ? history.end() : after - 1}) {
        if (it != history.end() && std::abs(it->x() - x) <= distance) {
            distance = std::abs(it->x() - x);
            best = it->y();
        }
    }
    return best;
}

QString ScrollingChart::readout(double value) const
{
    if (std::isnan(value))
        return QStringLiteral("–");
    const int decimals = m_values == Values::Counts ? 0 : (value < 10 ? 2 : (value < 100 ? 1 : 0));
    const QString number = QString::number(value, 'f', decimals);
    return m_unit.isEmpty() ? number : number + QLatin1Char(' ') + m_unit;
}

void ScrollingChart::showCrosshair(double x)
{
    const bool shown = !std::isnan(x);
    for (size_t i = 0; i < m_series.size(); ++i)
        m_legend->setValue(m_series[i].legendKey, shown ? readout(valueAt(int(i), x)) : QString());
    if (!shown) {
        m_view->setCrosshair(x, {});
        return;
    }
    QStringList label{tr("at %1 s").arg(x, 0, 'f', 1)};
    // Markers within a few pixels of the line, or a span it is in, say what they were.
    const double plotWidth = m_view->chart()->plotArea().width();
    const double near = plotWidth > 0 ? 4 * m_windowSeconds / plotWidth : 0;
    for (const ChartMarker &marker : std::as_const(m_markers)) {
        const double end = std::isnan(marker.endX) ? m_end : marker.endX;
        const bool inside = marker.isSpan() && x >= marker.x && x <= end;
        if (inside || std::abs(marker.x - x) <= near)
            label << marker.description();
    }
    m_view->setCrosshair(x, label.join(u'\n'));
}

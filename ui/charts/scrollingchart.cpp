#include "scrollingchart.h"

#include <QAreaSeries>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace {

// More points than pixels cost time and show nothing more.
constexpr int MaxShownPoints = 300;
// The value axis never shows less than this, so an idle chart keeps a sensible scale.
constexpr double MinimumTop = 1;

// 1, 2 or 5 times a power of ten, at or above value.
double niceCeiling(double value)
{
    if (value <= 0)
        return 1;
    const double power = std::pow(10.0, std::floor(std::log10(value)));
    for (const double step : {1.0, 2.0, 5.0, 10.0}) {
        if (step * power >= value)
            return step * power;
    }
    return 10 * power;
}

} // namespace

ScrollingChart::ScrollingChart(const QString &title, const QString &unit, QWidget *parent)
    : QChartView(parent)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    QFont titleFont = font();
    titleFont.setBold(true);
    chart->setTitleFont(titleFont);
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->setBackgroundRoundness(0);
    chart->legend()->setAlignment(Qt::AlignBottom);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    chart->legend()->setFont(small);
    chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);

    m_x = new QValueAxis(chart);
    m_x->setLabelFormat(QStringLiteral("%.0f s"));
    m_x->setLabelsFont(small);
    // Ticks on round seconds that scroll with the data, rather than fixed fractions of the
    // window whose labels change every moment.
    m_x->setTickType(QValueAxis::TicksDynamic);
    m_x->setTickAnchor(0);
    m_x->setTickInterval(m_windowSeconds / 4);
    m_x->setRange(0, m_windowSeconds);
    m_y = new QValueAxis(chart);
    m_y->setLabelsFont(small);
    m_y->setLabelFormat(unit.isEmpty() ? QStringLiteral("%.0f") : QStringLiteral("%g ") + unit);
    m_y->setTickCount(5);
    m_y->setRange(0, MinimumTop);
    chart->addAxis(m_x, Qt::AlignBottom);
    chart->addAxis(m_y, Qt::AlignLeft);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(185);
}

int ScrollingChart::addLine(const QString &name, const QColor &color, Qt::PenStyle style)
{
    auto *line = new QLineSeries(this);
    line->setName(name);
    line->setPen(QPen(color, 2, style));
    chart()->addSeries(line);
    line->attachAxis(m_x);
    line->attachAxis(m_y);
    Series series;
    series.line = line;
    m_series.push_back(std::move(series));
    return int(m_series.size()) - 1;
}

int ScrollingChart::addBand(const QString &name, const QColor &color)
{
    QLineSeries *below = nullptr;
    for (auto it = m_series.rbegin(); it != m_series.rend(); ++it) {
        if (it->band) {
            below = it->line;
            break;
        }
    }
    auto *upper = new QLineSeries(this);
    auto *area = new QAreaSeries(upper, below);
    area->setParent(this);
    area->setName(name);
    area->setColor(color);
    area->setBorderColor(color.darker(115));
    chart()->addSeries(area);
    area->attachAxis(m_x);
    area->attachAxis(m_y);
    // A band reads as a filled square; lines show their stroke.
    for (QLegendMarker *marker : chart()->legend()->markers(area))
        marker->setShape(QLegend::MarkerShapeRectangle);
    Series series;
    series.line = upper;
    series.band = true;
    m_series.push_back(std::move(series));
    return int(m_series.size()) - 1;
}

double ScrollingChart::spacing() const
{
    return m_windowSeconds / MaxShownPoints;
}

void ScrollingChart::append(Series &series, const QPointF &point)
{
    series.history.push_back(point);
    while (!series.history.empty() && series.history.front().x() < point.x() - HistorySeconds)
        series.history.pop_front();
    if (m_paused || point.x() - series.lastShownX < spacing())
        return;
    series.lastShownX = point.x();
    // Keep one point left of the window, so the line runs to its edge.
    const double start = point.x() - m_windowSeconds;
    int leaving = 0;
    const int count = series.line->count();
    while (leaving + 1 < count && series.line->at(leaving + 1).x() < start)
        ++leaving;
    if (!leaving) {
        series.line->append(point);
        return;
    }
    // One replace is one geometry update; a remove and an append would be two.
    QList<QPointF> points = series.line->points().mid(leaving);
    points.append(point);
    series.line->replace(points);
}

void ScrollingChart::appendLine(int series, double x, double y)
{
    append(m_series[size_t(series)], QPointF(x, y));
}

void ScrollingChart::appendBands(double x, const QList<double> &thicknesses)
{
    double top = 0;
    qsizetype next = 0;
    for (Series &series : m_series) {
        if (!series.band || next >= thicknesses.size())
            continue;
        top += thicknesses[next++];
        append(series, QPointF(x, top));
    }
}

void ScrollingChart::scrollTo(double x)
{
    m_end = std::max(m_end, x);
    if (m_paused)
        return;
    setAxisRange();
    rescale();
}

int ScrollingChart::shownPointCount(int series) const
{
    return m_series[size_t(series)].line->count();
}

void ScrollingChart::rescale()
{
    double top = 0;
    for (const Series &series : m_series) {
        const QList<QPointF> points = series.line->points();
        for (const QPointF &p : points)
            top = std::max(top, p.y());
    }
    top = niceCeiling(std::max(top * 1.1, MinimumTop));
    // Grow at once, shrink only when far too tall, so the scale does not flicker.
    const double current = m_y->max();
    if (top > current || top < current * 0.4)
        m_y->setRange(0, top);
}

void ScrollingChart::clear()
{
    for (Series &series : m_series) {
        series.history.clear();
        series.lastShownX = -1e300;
        series.line->clear();
    }
    rescale();
}

void ScrollingChart::setWindowSeconds(double seconds)
{
    if (seconds == m_windowSeconds)
        return;
    m_windowSeconds = seconds;
    m_x->setTickInterval(seconds / 4);
    if (!m_paused)
        rebuild();
}

void ScrollingChart::setPaused(bool paused)
{
    if (paused == m_paused)
        return;
    m_paused = paused;
    if (!paused)
        rebuild();
}

void ScrollingChart::rebuild()
{
    const double start = m_end - m_windowSeconds;
    for (Series &series : m_series) {
        QList<QPointF> points;
        series.lastShownX = -1e300;
        for (auto it = series.history.begin(); it != series.history.end(); ++it) {
            const auto next = it + 1;
            if (next != series.history.end() && next->x() < start)
                continue;
            if (it->x() - series.lastShownX < spacing())
                continue;
            points.append(*it);
            series.lastShownX = it->x();
        }
        series.line->replace(points);
    }
    setAxisRange();
    rescale();
}

void ScrollingChart::setAxisRange()
{
    // Until a whole window has passed, the session's start stays at the left edge.
    const double start = std::max(0.0, m_end - m_windowSeconds);
    m_x->setRange(start, start + m_windowSeconds);
}

#include "chartview.h"

#include <QMouseEvent>
#include <QValueAxis>

#include <cmath>

namespace {

constexpr int LabelPadding = 3;

QFont smaller(QFont font)
{
    font.setPointSizeF(font.pointSizeF() * 0.8);
    return font;
}

} // namespace

ChartView::ChartView(QChart *chart, QValueAxis *x, QWidget *parent)
    : QChartView(chart, parent)
    , m_x(x)
{
    setRenderHint(QPainter::Antialiasing);
    setMouseTracking(true);
    // The chart is redrawn as a whole when it changes; Qt need not track what moved.
    setViewportUpdateMode(QGraphicsView::FullViewportUpdate);
}

void ChartView::setMarkers(const QList<ChartMarker> &markers)
{
    m_markers = markers;
    viewport()->update();
}

void ChartView::setCrosshair(double x, const QString &label)
{
    if (std::isnan(x) && std::isnan(m_crosshair))
        return;
    m_crosshair = x;
    m_label = label;
    viewport()->update();
}

double ChartView::positionOf(double x) const
{
    const QRectF plot = chart()->plotArea();
    const double span = m_x->max() - m_x->min();
    return span > 0 ? plot.left() + (x - m_x->min()) / span * plot.width() : plot.left();
}

void ChartView::mouseMoveEvent(QMouseEvent *event)
{
    QChartView::mouseMoveEvent(event);
    const QRectF plot = chart()->plotArea();
    const QPointF at = mapToScene(event->position().toPoint());
    if (!plot.contains(at) || plot.width() <= 0) {
        Q_EMIT hovered(qQNaN());
        return;
    }
    Q_EMIT hovered(m_x->min() + (at.x() - plot.left()) / plot.width() * (m_x->max() - m_x->min()));
}

void ChartView::leaveEvent(QEvent *event)
{
    QChartView::leaveEvent(event);
    Q_EMIT hovered(qQNaN());
}

void ChartView::drawForeground(QPainter *painter, const QRectF &)
{
    const QRectF plot = chart()->plotArea();
    if (plot.isEmpty())
        return;
    painter->save();
    painter->setClipRect(plot);
    drawMarkers(painter, plot);
    if (!std::isnan(m_crosshair))
        drawCrosshair(painter, plot);
    painter->restore();
}

void ChartView::drawMarkers(QPainter *painter, const QRectF &plot) const
{
    const QFont small = smaller(font());
    painter->setFont(small);
    const QFontMetrics metrics(small);
    // Labels that would overlap go one row lower, and past two rows are left to the crosshair.
    std::array<double, 2> rowEnds{-1e9, -1e9};
    for (const ChartMarker &marker : m_markers) {
        const double left = positionOf(marker.x);
        const double right = !marker.isSpan() ? left
            : std::isnan(marker.endX)         ? std::min(plot.right(), positionOf(m_nowX))
                                              : positionOf(marker.endX);
        if (right < plot.left() || left > plot.right())
            continue;
        const QColor color = marker.color();
        if (marker.isSpan()) {
            QColor shade = color;
            shade.setAlpha(36);
            painter->fillRect(QRectF(left, plot.top(), std::max(1.0, right - left), plot.height()),
                              shade);
        }
        painter->setPen(QPen(color, 1, Qt::DashLine));
        painter->drawLine(QPointF(left, plot.top()), QPointF(left, plot.bottom()));
        const QString label = marker.label();
        const double width = metrics.horizontalAdvance(label);
        // Right of its line, or left of it where the plot ends: never cut off at the edge.
        const double textLeft
            = left + 3 + width <= plot.right() ? left + 3 : std::max(plot.left(), left - 3 - width);
        for (size_t row = 0; row < rowEnds.size(); ++row) {
            if (textLeft <= rowEnds[row])
                continue;
            const double top = plot.top() + 1 + double(row) * metrics.height();
            // On the plot's background, so a series under it does not strike it through.
            QColor under = palette().base().color();
            under.setAlpha(200);
            painter->fillRect(QRectF(textLeft - 1, top, width + 2, metrics.height()), under);
            painter->setPen(color);
            painter->drawText(QPointF(textLeft, top + metrics.ascent()), label);
            rowEnds[row] = textLeft + width + 4;
            break;
        }
    }
}

void ChartView::drawCrosshair(QPainter *painter, const QRectF &plot) const
{
    const double x = positionOf(m_crosshair);
    if (x < plot.left() || x > plot.right())
        return;
    painter->setPen(QPen(QColor(0x33, 0x33, 0x33), 1));
    painter->drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
    const QFont small = smaller(font());
    painter->setFont(small);
    const QFontMetrics metrics(small);
    const QStringList lines = m_label.split(u'\n');
    int width = 0;
    for (const QString &line : lines)
        width = std::max(width, metrics.horizontalAdvance(line));
    const QSizeF size(width + 2 * LabelPadding, metrics.height() * lines.size());
    // At the foot of the line, on the side with room, over the plot's bottom edge.
    double left = x + 4;
    if (left + size.width() > plot.right())
        left = std::max(plot.left(), x - 4 - size.width());
    const QRectF box(QPointF(left, plot.bottom() - size.height() - 1), size);
    painter->setClipping(false);
    painter->fillRect(box, QColor(255, 255, 255, 220));
    painter->setPen(QColor(0x22, 0x22, 0x22));
    painter->drawText(box.adjusted(LabelPadding, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter,
                      m_label);
}

#pragma once

#include "chartmarker.h"

#include <QChartView>
#include <QColor>
#include <QList>

class QValueAxis;

// A chart's view that draws, over the plot, the markers of the whole timeline and the shared
// crosshair with its time (the values at that time are in the chart's legend). Hovering the
// plot says which time the mouse is at.
class ChartView : public QChartView
{
    Q_OBJECT
public:
    ChartView(QChart *chart, QValueAxis *x, QWidget *parent = nullptr);

    void setMarkers(const QList<ChartMarker> &markers);
    // Where time x is drawn in the plot, in scene coordinates.
    double positionOf(double x) const;
    // The latest time the chart has data for: a span still open (the lab still down) is
    // shaded up to here, not into the time that has not come yet.
    void setNowX(double x) { m_nowX = x; }
    const QList<ChartMarker> &markers() const { return m_markers; }
    // NaN: none. The label ("at 25.3 s", and a line for each marker there) is written beside
    // its foot.
    void setCrosshair(double x, const QString &label);
    double crosshair() const { return m_crosshair; }

Q_SIGNALS:
    // The time under the mouse, in the x axis's seconds; NaN once it left the plot.
    void hovered(double x);

protected:
    void drawForeground(QPainter *painter, const QRectF &rect) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    void drawMarkers(QPainter *painter, const QRectF &plot) const;
    void drawCrosshair(QPainter *painter, const QRectF &plot) const;

    QValueAxis *m_x;
    QList<ChartMarker> m_markers;
    double m_nowX = 0;
    double m_crosshair = qQNaN();
    QString m_label;
};

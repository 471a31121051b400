#pragma once

#include <QChartView>
#include <QList>
#include <QPointF>

#include <deque>
#include <vector>

class QLineSeries;
class QValueAxis;

// A Qt Charts view of the last few seconds that scrolls as points arrive: lines, and bands
// stacked on each other (occupancy). Points are appended and the ones that left the window
// trimmed, never the whole series rebuilt, except when the window changes or a pause ends. A
// bounded history (the last HistorySeconds) lets a paused or widened window show what it
// missed.
class ScrollingChart : public QChartView
{
    Q_OBJECT
public:
    static constexpr double HistorySeconds = 600;

    ScrollingChart(const QString &title, const QString &unit, QWidget *parent = nullptr);

    // Both return the series number for appendLine() and seriesCount().
    int addLine(const QString &name, const QColor &color, Qt::PenStyle style = Qt::SolidLine);
    // A band stacked on the bands added before it; appendBands() gives their thicknesses.
    int addBand(const QString &name, const QColor &color);
    int seriesCount() const { return int(m_series.size()); }

    // x is in seconds since the session began, and never goes back.
    void appendLine(int series, double x, double y);
    void appendBands(double x, const QList<double> &thicknesses);
    // Moves the right edge to x (points or not), and rescales the value axis.
    void scrollTo(double x);

    // Forgets every point, shown and kept; the time axis stays where it is.
    void clear();
    void setWindowSeconds(double seconds);
    double windowSeconds() const { return m_windowSeconds; }
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }
    int shownPointCount(int series) const;

private:
    struct Series
    {
        QLineSeries *line = nullptr; // what is shown; for a band, its upper edge
        std::deque<QPointF> history;
        double lastShownX = -1e300;
        bool band = false;
    };

    void append(Series &series, const QPointF &point);
    void rebuild();
    void rescale();
    void setAxisRange();
    double spacing() const;

    std::vector<Series> m_series;
    QValueAxis *m_x = nullptr;
    QValueAxis *m_y = nullptr;
    double m_windowSeconds = 60;
    double m_end = 0;
    bool m_paused = false;
};

#pragma once

#include "axisticks.h"
#include "chartview.h"

#include <QList>
#include <QPointF>
#include <QWidget>

#include <deque>
#include <vector>

class Legend;
class QAreaSeries;
class QLineSeries;
class QValueAxis;

// A timeline of the last few seconds, with its legend below it: lines, and bands stacked on
// each other (occupancy). Points go into a bounded history (the last HistorySeconds) and reach
// the screen only when flush() is called, all of them at once, so the chart is laid out and
// painted once per flush however many points came; a pause or a wider window shows what the
// history holds. A line breaks where its points are further apart than its gap.
class ScrollingChart : public QWidget
{
    Q_OBJECT
public:
    static constexpr double HistorySeconds = 600;

    enum class Values : quint8 { Counts, Continuous };
    // How a line counts towards the value axis: always, or only while it is within a few times
    // the other lines' top (a limit far above what is used would flatten them).
    enum class Scale : quint8 { Always, WhenNear };

    ScrollingChart(const QString &title, const QString &unit, Values values,
                   QWidget *parent = nullptr);

    // Both return the series number for the calls below.
    int addLine(const QString &name, const QColor &color, Qt::PenStyle style = Qt::SolidLine,
                Scale scale = Scale::Always);
    // A band stacked on the bands added before it; appendBands() gives their thicknesses.
    int addBand(const QString &name, const QColor &color);
    int seriesCount() const { return int(m_series.size()); }
    void setName(int series, const QString &name);
    // Points further apart than this break the line (for data that can stop, like latency).
    void setGapSeconds(int series, double seconds);
    // An optional line appears, in the chart and the legend, only while it has a point above
    // zero in the window.
    void setOptional(int series, bool optional);

    // x is in seconds since the session began, and never goes back.
    void appendLine(int series, double x, double y);
    void appendBands(double x, const QList<double> &thicknesses);
    // Moves the right edge to x (points or not) at the next flush.
    void scrollTo(double x);
    void setMarkers(const QList<ChartMarker> &markers);

    // Puts what came since the last flush on the screen: points, axis range and scale, legend.
    void flush();
    bool isDirty() const { return m_dirty; }
    int flushCount() const { return m_flushes; }

    // Forgets every point, shown and kept; the time axis stays where it is.
    void clear();
    // Forgets every point and moves the time axis back to the start (a replay jumping back).
    void rewind();
    void setWindowSeconds(double seconds);
    double windowSeconds() const { return m_windowSeconds; }

    // The value a series had at time x (for a band, its own thickness), NaN when it had none.
    double valueAt(int series, double x) const;
    void showCrosshair(double x);

    ChartView *view() const { return m_view; }
    Legend *legend() const { return m_legend; }
    const AxisTicks &valueTicks() const { return m_valueTicks; }
    QValueAxis *valueAxis() const { return m_y; }
    QValueAxis *timeAxis() const { return m_x; }
    int shownPointCount(int series) const;
    // How many unbroken pieces the series is drawn in.
    int shownRunCount(int series) const;
    bool isShown(int series) const;
    bool isAboveScale(int series) const { return m_series[size_t(series)].aboveScale; }

Q_SIGNALS:
    void hovered(double x);

private:
    struct Series
    {
        QString name;
        QColor color;
        Qt::PenStyle style = Qt::SolidLine;
        bool band = false;
        bool optional = false;
        bool aboveScale = false;
        Scale scale = Scale::Always;
        double gapSeconds = 0; // 0: never breaks
        std::deque<QPointF> history; // raw values; for a band, its thickness
        std::vector<QLineSeries *> runs; // a line: one per unbroken piece; a band: its top edge
        QAreaSeries *area = nullptr;
        int legendKey = -1;
    };

    QLineSeries *newLine(const Series &series);
    void trim(Series &series, double x);
    // What is shown of a line, a point per pixel column at most, split where it breaks.
    QList<QList<QPointF>> shownRuns(const Series &series, double start) const;
    void showLine(Series &series, double start);
    void showBands(double start);
    // Sets the value axis for the top of what is shown, and says which lines are above it.
    void rescale();
    // The time axis from start, a window wide, with round steps as many as fit.
    void setTimeTicks(double start);
    double spacing() const;
    QString readout(double value) const;

    ChartView *m_view = nullptr;
    Legend *m_legend = nullptr;
    std::vector<Series> m_series;
    QValueAxis *m_x = nullptr;
    QValueAxis *m_y = nullptr;
    QString m_unit;
    Values m_values;
    AxisTicks m_valueTicks;
    int m_maxValueTicks = 0;
    double m_dataTop = 0; // of what is shown, Scale::Always lines and bands
    double m_nearTop = 0; // of what is shown, Scale::WhenNear lines
    QList<ChartMarker> m_markers;
    double m_windowSeconds = 60;
    double m_end = 0;
    bool m_dirty = false;
    int m_flushes = 0;
};

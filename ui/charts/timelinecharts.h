#pragma once

#include "chartmarker.h"
#include "comparisonupdate.h"
#include "loadprogress.h"
#include "poolevent.h"
#include "poolsnapshot.h"

#include <QList>
#include <QTimer>
#include <QWidget>

#include <array>

class FeedState;
class ScrollingChart;

// The timelines, side by side: occupancy (in use, idle and dialing stacked, waiters and max
// connections as lines), request latency (p50, p99, acquire wait p99; broken where no request
// completed), dials and evictions per second by reason, and request failures per second. Fed by
// snapshots, load progress and event batches; they scroll, pause and show markers (lab
// restarts, flushes, settings changes) and the crosshair together. What comes in reaches the
// screen on a timer: each chart is laid out and painted once a second while live (a chart
// repaints whole, axis labels included, which made it the window's dearest part), and not at
// all while paused or hidden.
class TimelineCharts : public QWidget
{
    Q_OBJECT
public:
    static constexpr int RefreshesPerSecond = 1;
    enum class Failure : quint8 { Failed, AcquireTimeouts, RequestTimeouts, StaleRetries };

    explicit TimelineCharts(const FeedState *state, QWidget *parent = nullptr);

    void setEpochNs(qint64 epochNs) { m_epochNs = epochNs; }
    void addSnapshot(const PoolSnapshot &snapshot);
    void addProgress(const LoadProgress &progress);
    void addEvents(const QList<PoolEvent> &events);

    // Forgets what was plotted (a lesson starting from zero); what comes next is drawn as usual.
    void clear();
    // Clears them and starts time again from the session's start: a replay jumping back.
    void rewind();
    void setWindowSeconds(double seconds);
    double windowSeconds() const;
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }
    // Every chart shows a vertical line at time x (seconds since the session began) with its
    // values; NaN takes it away.
    void showCrosshair(double x);

    ScrollingChart *occupancyChart() const { return m_occupancy; }
    ScrollingChart *latencyChart() const { return m_latency; }
    ScrollingChart *ratesChart() const { return m_rates; }
    ScrollingChart *failuresChart() const { return m_failures; }
    int maxConnectionsSeries() const { return m_maxSeries; }
    int latencySeries() const { return m_p50Series; }
    int failureSeries(Failure failure) const { return m_failureSeries[size_t(failure)]; }
    const QList<ChartMarker> &markers() const { return m_markers; }
    static QColor dialFailureColor();

protected:
    void showEvent(QShowEvent *event) override;

private:
    static constexpr int ReasonCount = int(EvictionReason::Shutdown) + 1;
    double seconds(qint64 timeNs) const { return double(timeNs - m_epochNs) / 1e9; }
    std::array<ScrollingChart *, 4> charts() const
    {
        return {m_occupancy, m_latency, m_rates, m_failures};
    }
    void createFailureSeries();
    void refreshNext();
    void addMarker(const ChartMarker &marker);
    void showMarkers();
    void labListeningChanged(bool listening);
    void labRestarted();
    void comparisonUpdated(const ComparisonUpdate &update);
    void seen(qint64 timeNs) { m_lastNs = std::max(m_lastNs, timeNs); }
    qint64 binStartOf(qint64 timeNs) const;
    // Closes the one-second bins that ended before timeNs and plots them.
    void closeBinsBefore(qint64 timeNs);
    void plotBin();

    const FeedState *m_state;
    ScrollingChart *m_occupancy;
    ScrollingChart *m_latency;
    ScrollingChart *m_rates;
    ScrollingChart *m_failures;
    QTimer m_refresh;
    size_t m_nextRefresh = 0;
    bool m_paused = false;
    qint64 m_epochNs = 0;
    qint64 m_lastNs = 0; // the latest time the feed spoke of
    int m_waitersSeries = -1;
    int m_maxSeries = -1;
    int m_p50Series = -1;
    int m_p99Series = -1;
    int m_waitSeries = -1;
    int m_dialSeries = -1;
    int m_dialFailureSeries = -1;
    std::array<int, ReasonCount> m_reasonSeries{};
    std::array<int, 4> m_failureSeries{};
    QList<ChartMarker> m_markers;

    // The one-second bin being counted.
    qint64 m_binStartNs = 0;
    quint64 m_binDials = 0;
    quint64 m_binDialFailures = 0;
    std::array<quint64, ReasonCount> m_binEvictions{};
    std::array<quint64, 4> m_binFailures{};
};

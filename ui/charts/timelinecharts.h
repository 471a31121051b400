#pragma once

#include "loadprogress.h"
#include "poolevent.h"
#include "poolsnapshot.h"

#include <QWidget>

#include <array>

class ScrollingChart;

// The timelines: occupancy (in use, idle and dialing stacked, waiters on top), request latency
// (p50, p99) with the acquire wait, and dials and evictions per second by reason. Fed by
// snapshots, load progress and event batches; they scroll together and pause together.
class TimelineCharts : public QWidget
{
    Q_OBJECT
public:
    explicit TimelineCharts(QWidget *parent = nullptr);

    void setEpochNs(qint64 epochNs) { m_epochNs = epochNs; }
    void addSnapshot(const PoolSnapshot &snapshot);
    void addProgress(const LoadProgress &progress);
    void addEvents(const QList<PoolEvent> &events);

    // Forgets what was plotted (a lesson starting from zero); what comes next is drawn as usual.
    void clear();
    void setWindowSeconds(double seconds);
    double windowSeconds() const;
    void setPaused(bool paused);
    bool isPaused() const;

    ScrollingChart *occupancyChart() const { return m_occupancy; }

private:
    static constexpr int ReasonCount = int(EvictionReason::Shutdown) + 1;
    double seconds(qint64 timeNs) const { return double(timeNs - m_epochNs) / 1e9; }
    qint64 binStartOf(qint64 timeNs) const;
    // Closes the one-second bins that ended before timeNs and plots them.
    void closeBinsBefore(qint64 timeNs);
    // Plots the current bin and starts the next; true when nothing happened in it.
    bool plotBin();

    ScrollingChart *m_occupancy;
    ScrollingChart *m_latency;
    ScrollingChart *m_rates;
    qint64 m_epochNs = 0;
    size_t m_nextScroll = 0;
    int m_waitersSeries = -1;
    int m_p50Series = -1;
    int m_p99Series = -1;
    int m_waitSeries = -1;
    int m_dialSeries = -1;
    int m_dialFailureSeries = -1;
    std::array<int, ReasonCount> m_reasonSeries{};

    // The one-second bin being counted.
    qint64 m_binStartNs = 0;
    quint64 m_binDials = 0;
    quint64 m_binDialFailures = 0;
    std::array<quint64, ReasonCount> m_binEvictions{};
};

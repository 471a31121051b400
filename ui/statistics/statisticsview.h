#pragma once

#include "latencyhistogram.h"
#include "loadprogress.h"
#include "poolstats.h"

#include <QTimer>
#include <QWidget>

class QLabel;
class QTableWidget;

// Whether pooling pays off, in numbers: handshakes saved, the reuse ratio, the time that saved,
// percentiles of every duration the pool measures, closes by reason, and what failed.
class StatisticsView : public QWidget
{
    Q_OBJECT
public:
    explicit StatisticsView(QWidget *parent = nullptr);

    void setStats(const PoolStats &stats);
    void addProgress(const LoadProgress &progress);
    // The lab's simulated handshake per new connection (0 when the target is not the lab).
    void setSimulatedHandshakeMs(qint64 ms);

    QString summaryText() const;

private:
    void refresh();

    PoolStats m_stats;
    LatencyHistogram m_requestLatency; // the workload's, since the window opened
    qint64 m_simulatedHandshakeMs = 0;
    bool m_dirty = false;
    QLabel *m_summary;
    QLabel *m_evictions;
    QTableWidget *m_percentiles;
    QTimer m_refresh;
};

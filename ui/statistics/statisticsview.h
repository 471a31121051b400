#pragma once

#include "latencyhistogram.h"
#include "loadprogress.h"
#include "poolstats.h"

#include <QTimer>
#include <QWidget>

class QLabel;
class QPushButton;
class QTableWidget;

// Whether pooling pays off, in numbers: handshakes saved, the reuse ratio, the time that saved,
// the workload's requests, what waited and why, percentiles of every duration the pool
// measures, closes by reason, and what failed. Everything counts from the same moment: the
// pool's start or the last statistics reset (PoolStats::sinceNs), which the view follows from
// the feed alone. Laid out wide and low, so that a 1280x720 screen shows every row.
class StatisticsView : public QWidget
{
    Q_OBJECT
public:
    explicit StatisticsView(QWidget *parent = nullptr);

    // nowNs: when the statistics were taken (the snapshot's time).
    void setStats(const PoolStats &stats, qint64 nowNs);
    void addProgress(const LoadProgress &progress);
    // The lab's simulated handshake per new connection (0 when the target is not the lab).
    void setSimulatedHandshakeMs(qint64 ms);
    // Forgets what it was shown (a replay jumping to another moment).
    void clear();

    QString summaryText() const;
    QString requestsText() const;
    const QLabel *closesLabel() const { return m_evictions; }
    QTableWidget *percentiles() const { return m_percentiles; }
    QPushButton *resetButton() const { return m_reset; }
    QPushButton *startFromZeroButton() const { return m_startFromZero; }
    // Every count since the pool's start or the last reset (0: no snapshot yet).
    qint64 sinceNs() const { return m_sinceNs; }

Q_SIGNALS:
    void resetRequested();
    void startFromZeroRequested();

private:
    // A reset (or a first report) moves the start of what is counted; what the view gathered
    // itself from before it goes. False: the report is from before the start shown.
    bool follow(qint64 sinceNs);
    void refresh();
    QString summaryHtml() const;
    QString requestsHtml() const;
    QString closesHtml() const;

    PoolStats m_stats;
    qint64 m_nowNs = 0;
    qint64 m_sinceNs = 0;
    bool m_wasReset = false; // m_sinceNs moved while the view ran: a reset, not the pool's start
    // The workload's, gathered from its reports since m_sinceNs.
    LatencyHistogram m_requestLatency;
    quint64 m_ok = 0;
    quint64 m_failed = 0;
    quint64 m_staleRetries = 0;
    quint64 m_lastStaleTotal = 0; // the report before's total, to count what each report adds
    qint64 m_lastProgressEndNs = 0;
    qint64 m_simulatedHandshakeMs = 0;
    bool m_dirty = false;
    QLabel *m_since;
    QPushButton *m_reset;
    QPushButton *m_startFromZero;
    QLabel *m_summary;
    QLabel *m_requests;
    QTableWidget *m_percentiles;
    QLabel *m_evictions;
    QTimer m_refresh;
};

#pragma once

#include "comparisonupdate.h"

#include <QWidget>

class QChartView;
class QDoubleSpinBox;
class QLabel;
class QLineSeries;
class QPushButton;
class QValueAxis;
class FeedState;
class Session;

// Pooled and unpooled, side by side: runs a comparison on the session's pool, draws both
// latency series over the seconds of their phase on one chart, and says the ratios in plain
// numbers.
class CompareView : public QWidget
{
    Q_OBJECT
public:
    CompareView(Session *session, FeedState *state, QWidget *parent = nullptr);

    bool isRunning() const { return m_phase != ComparisonUpdate::Phase::Idle; }
    QPushButton *runButton() const { return m_run; }
    QString resultText() const;

private:
    QWidget *createChart();
    // Round ticks for the run's seconds and for latencies up to top.
    void setTimeRange(double seconds);
    void setValueTop(double top);
    void run();
    void update(const ComparisonUpdate &update);
    void addProgress(ComparisonUpdate::Phase phase, double seconds, const LoadProgress &progress);
    void showPhase(ComparisonUpdate::Phase phase);
    void showResult(const ComparisonUpdate::Half &pooled, const ComparisonUpdate::Half &unpooled);

    Session *m_session;
    FeedState *m_state;
    quint64 m_comparison = 0; // the one under way
    ComparisonUpdate::Phase m_phase = ComparisonUpdate::Phase::Idle;
    bool m_cancelling = false;
    QPushButton *m_run;
    QDoubleSpinBox *m_seconds;
    QLabel *m_status;
    QLabel *m_summary; // what the run showed, in a sentence
    QLabel *m_result; // the table
    QChartView *m_chartView;
    QValueAxis *m_x;
    QValueAxis *m_y;
    double m_valueTop = 1; // the highest latency the axis must show, in ms
    QLineSeries *m_pooledP50;
    QLineSeries *m_pooledP99;
    QLineSeries *m_unpooledP50;
    QLineSeries *m_unpooledP99;
};

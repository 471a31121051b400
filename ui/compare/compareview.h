#pragma once

#include "comparison.h"

#include <QWidget>

class QChartView;
class QDoubleSpinBox;
class QLabel;
class QLineSeries;
class QPushButton;
class QValueAxis;
class Session;

// Pooled and unpooled, side by side: runs a Comparison, draws both latency series over the
// seconds of their phase on one chart, and says the ratios in plain numbers.
class CompareView : public QWidget
{
    Q_OBJECT
public:
    explicit CompareView(Session *session, QWidget *parent = nullptr);

    Comparison *comparison() const { return m_comparison; }
    QPushButton *runButton() const { return m_run; }
    QString resultText() const;

private:
    void run();
    void addProgress(Comparison::Phase phase, double seconds, const LoadProgress &progress);
    void showPhase(Comparison::Phase phase);
    void showResult(const Comparison::Result &pooled, const Comparison::Result &unpooled);

    Session *m_session;
    Comparison *m_comparison;
    QPushButton *m_run;
    QDoubleSpinBox *m_seconds;
    QLabel *m_status;
    QLabel *m_result;
    QChartView *m_chartView;
    QValueAxis *m_x;
    QValueAxis *m_y;
    QLineSeries *m_pooledP50;
    QLineSeries *m_pooledP99;
    QLineSeries *m_unpooledP50;
    QLineSeries *m_unpooledP99;
};

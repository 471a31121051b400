#pragma once

#include "loadprogress.h"

#include <QWidget>

class QLabel;
class QTableView;
class RequestListModel;

// Recent requests, one row each, with their timing as browser developer tools show it: the
// queue, DNS, TCP connect, TLS, the lab's setup (inferred, hatched), the wait for the first
// byte and the transfer, and the connection each used, so that reuse and the cost of a new
// connection show at a glance. A panel beside shows the parts of the selected request (the
// newest when none is selected).
class RequestsView : public QWidget
{
    Q_OBJECT
public:
    explicit RequestsView(QWidget *parent = nullptr);

    void setEpochNs(qint64 epochNs);
    // The lab's configured setup delay per new connection; 0 when the target is not the lab.
    void setLabSetupMs(qint64 ms);
    void addProgress(const LoadProgress &progress);
    void setPaused(bool paused);
    void clear();

    RequestListModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QString detailText() const;

protected:
    void showEvent(QShowEvent *event) override;

private:
    void fitColumns();
    // Only while shown: a hidden tab costs nothing but the model's rows.
    void showDetail();

    RequestListModel *m_model;
    QTableView *m_table;
    QLabel *m_detail;
    QLabel *m_note;
    qint64 m_epochNs = 0;
};

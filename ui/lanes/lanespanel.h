#pragma once

#include <QWidget>

class ConnectionLedger;
class LaneView;
class QCheckBox;
class QLabel;
class QToolButton;

// The lanes view with what it needs around it: a legend, zoom, live/scrolled back, and
// whether closed connections keep their lanes.
class LanesPanel : public QWidget
{
    Q_OBJECT
public:
    explicit LanesPanel(const ConnectionLedger *ledger, QWidget *parent = nullptr);

    void setEpochNs(qint64 epochNs);
    // The ledger changed.
    void refresh();
    LaneView *view() const { return m_view; }

private:
    void showSpan(qint64 spanNs);

    LaneView *m_view;
    QLabel *m_span;
    QToolButton *m_live;
    QCheckBox *m_hideClosed;
};

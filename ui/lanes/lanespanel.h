#pragma once

#include "lanestore.h"

#include <QWidget>

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
    explicit LanesPanel(QWidget *parent = nullptr);

    void setEpochNs(qint64 epochNs);
    void addEvents(const QList<PoolEvent> &events);
    LaneView *view() const { return m_view; }
    const LaneStore &store() const { return m_store; }

private:
    void showSpan(qint64 spanNs);

    LaneStore m_store;
    LaneView *m_view;
    QLabel *m_span;
    QToolButton *m_live;
    QCheckBox *m_hideClosed;
};

#pragma once

#include "poolevent.h"

#include <QWidget>

class EventLogModel;
class EventPresentationModel;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

// The event log: every pool event, newest first, bounded; filter by kind and connection,
// pause to read, export as JSON lines or CSV.
class EventLogPanel : public QWidget
{
    Q_OBJECT
public:
    explicit EventLogPanel(QWidget *parent = nullptr);

    void setEpochNs(qint64 epochNs);
    void addEvents(const QList<PoolEvent> &events);
    void clear();
    void setPaused(bool paused);
    bool isPaused() const;
    void setConnectionFilter(quint64 connectionId);

    EventLogModel *model() const { return m_model; }
    EventPresentationModel *presentationModel() const { return m_presentation; }
    QTableView *view() const { return m_view; }

    // Writes what the filter shows; on failure, returns why.
    QString exportTo(const QString &path, bool csv) const;
    void exportInteractively(bool csv);

Q_SIGNALS:
    void pausedChanged(bool paused);

private:
    void applyKindFilter(int index);
    void applyConnectionFilter();
    void showCount();

    EventLogModel *m_model;
    EventPresentationModel *m_presentation;
    QComboBox *m_kinds;
    QLineEdit *m_connection;
    QPushButton *m_pause;
    QLabel *m_count;
    QTableView *m_view;
};

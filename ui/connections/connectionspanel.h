#pragma once

#include <QWidget>

class ConnectionFilterModel;
class ConnectionLedger;
class ConnectionModel;
class ConnectionPresentationModel;
class QComboBox;
class QLabel;
class QTableView;

// The connection table: one row per connection with its state in colour, sortable by any
// column, filterable by state. Closed connections stay a while, greyed, then leave.
class ConnectionsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ConnectionsPanel(const ConnectionLedger *ledger, QWidget *parent = nullptr);

    // The ledger changed.
    void refresh();
    // Selects the connection's row (when the filter shows it).
    void selectConnection(quint64 connectionId);

    ConnectionModel *model() const { return m_model; }
    ConnectionFilterModel *filterModel() const { return m_filter; }
    ConnectionPresentationModel *presentationModel() const { return m_presentation; }
    QTableView *view() const { return m_view; }

Q_SIGNALS:
    void connectionSelected(quint64 connectionId);

private:
    void applyFilter(int index);
    void showCount();

    ConnectionModel *m_model;
    ConnectionFilterModel *m_filter;
    ConnectionPresentationModel *m_presentation;
    QComboBox *m_stateFilter;
    QLabel *m_count;
    QTableView *m_view;
    bool m_selecting = false;
};

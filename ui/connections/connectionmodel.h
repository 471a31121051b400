#pragma once

#include "connectionledger.h"
#include "throttle.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

#include <vector>

// Every connection of the pool, one row each, as raw values: ids, enum values as ints,
// nanoseconds, byte counts (-1: unknown). ConnectionPresentationModel turns them into text and
// colours. The rows are the ConnectionLedger's connections, the record the lanes read too: open
// ones, and closed ones for the closed retention (ten seconds) after they closed (at most
// MaxClosedRows of them).
//
// Everything happens on the thread the model lives on; refresh() follows the ledger in bulk:
// one insert per run of new rows and one remove per run of departed rows, at once, and one
// dataChanged for the rows' values at most every changeIntervalMs() (once a second, so the
// ages tick like a clock): their ages and states change with every snapshot, faster than
// anyone reads a table, and each announcement repaints it.
class ConnectionModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        IdColumn,
        StateColumn,
        PeerColumn,
        LocalPortColumn,
        AgeColumn,
        StateTimeColumn, // how long idle, in use or dialing; since closing for closed rows
        UsesColumn,
        BytesInColumn,
        BytesOutColumn,
        LastRequestColumn, // how long the last lease was held: the last request's latency
        RttColumn,
        GenerationColumn,
        CloseReasonColumn,
        ColumnCount
    };
    enum Role {
        ConnectionIdRole = Qt::UserRole + 1, // quint64
        StateRole, // int(ConnectionState)
        InfoRole, // ConnectionInfo
    };
    static constexpr int MaxClosedRows = 512;
    static constexpr int DefaultChangeIntervalMs = 1000;

    explicit ConnectionModel(const ConnectionLedger *ledger, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // The ledger changed: rows come, go and change to match it.
    void refresh();

    void setClosedRetentionNs(qint64 ns) { m_closedRetentionNs = ns; }
    // The longest the rows' values wait to be announced after a refresh; 0: at once.
    void setChangeIntervalMs(int ms) { m_changes.setIntervalMs(ms); }
    int changeIntervalMs() const { return m_changes.intervalMs(); }
    int rowOf(quint64 connectionId) const { return m_rowById.value(connectionId, -1); }
    const ConnectionInfo &info(int row) const { return entry(row).info; }
    // Of the rows, how many are closed connections kept for a while.
    int closedRowCount() const { return m_closedRows; }

private:
    const ConnectionLedger::Entry &entry(int row) const;
    QVariant rawValue(const ConnectionLedger::Entry &entry, int column) const;
    std::vector<quint64> shownIds(int *closedCount) const;
    void removeRowRuns(const std::vector<int> &rows);
    void insertRowRuns(const std::vector<quint64> &ids);
    void reindex();
    void announceChanges();

    const ConnectionLedger *m_ledger;
    std::vector<quint64> m_ids; // the rows, in id order
    QHash<quint64, int> m_rowById;
    qint64 m_closedRetentionNs = 10'000'000'000;
    int m_closedRows = 0;
    Throttle m_changes;
};

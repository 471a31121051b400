#pragma once

#include "connectioninfo.h"
#include "poolevent.h"
#include "poolsnapshot.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

#include <vector>

// Every connection of the pool, one row each, as raw values: ids, enum values as ints,
// nanoseconds, byte counts (-1: unknown). ConnectionPresentationModel turns them into text and
// colours. Rows follow the pool's snapshots; closed connections stay for the closed retention (ten
// seconds) after they closed (at most MaxClosedRows of them), then leave.
//
// Everything happens on the thread the model lives on; a snapshot is applied in bulk: one
// insert for the new rows, one dataChanged for the rest, one remove per run of departed rows.
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

    explicit ConnectionModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void applySnapshot(const PoolSnapshot &snapshot);
    // Events carry what snapshots do not: the latency of the last request on each connection.
    void addEvents(const QList<PoolEvent> &events);

    void setClosedRetentionNs(qint64 ns) { m_closedRetentionNs = ns; }
    int rowOf(quint64 connectionId) const { return m_rowById.value(connectionId, -1); }
    const ConnectionInfo &info(int row) const { return m_rows[size_t(row)].info; }

private:
    struct Row
    {
        ConnectionInfo info;
        qint64 lastHoldNs = -1;
    };

    QVariant rawValue(const Row &row, int column) const;
    bool isExpired(const ConnectionInfo &info) const;
    void removeRowRuns(const std::vector<int> &rows);
    void reindex();

    std::vector<Row> m_rows;
    QHash<quint64, int> m_rowById;
    QHash<quint64, qint64> m_pendingHold; // released before the snapshot showed the row
    qint64 m_nowNs = 0;
    qint64 m_closedRetentionNs = 10'000'000'000;
};

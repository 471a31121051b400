#pragma once

#include "requestphases.h"

#include <QAbstractTableModel>

#include <deque>

// The workload's recent requests, newest first, at most Capacity: a sample of each progress
// report's (LoadProgress::recentRequests), with their timing split into phases. A batch is
// applied in bulk, one insert and one remove. While paused the rows stay as they are and what
// arrives is kept for later, up to Capacity.
class RequestListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        EndedColumn,
        ConnectionColumn,
        ResultColumn,
        TotalColumn,
        TimingColumn,
        ColumnCount
    };
    enum Role {
        PhasesRole = Qt::UserRole + 1, // RequestPhases
        ScaleRole, // qint64: the longest total among the rows, what a timing bar is drawn against
        ReusedRole, // bool
    };
    static constexpr int Capacity = 200;

    explicit RequestListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void setEpochNs(qint64 epochNs) { m_epochNs = epochNs; }
    // The lab's configured setup delay, for requests that arrive from now on; 0: not the lab.
    void setLabSetupNs(qint64 ns) { m_labSetupNs = ns; }
    qint64 labSetupNs() const { return m_labSetupNs; }
    // In the order they completed.
    void addRequests(const QList<RequestRecord> &records);
    void clear();
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }

    const RequestRecord &record(int row) const { return m_rows[size_t(row)].record; }
    const RequestPhases &phases(int row) const { return m_rows[size_t(row)].phases; }
    qint64 longestNs() const { return m_longestNs; }

private:
    struct Row
    {
        RequestRecord record;
        RequestPhases phases;
    };
    QString connectionText(const RequestRecord &record) const;
    QString toolTip(const Row &row) const;
    void insert(std::deque<Row> rows);
    void updateScale();

    std::deque<Row> m_rows; // newest first
    std::deque<Row> m_held; // arrived while paused, newest first
    qint64 m_epochNs = 0;
    qint64 m_labSetupNs = 0;
    qint64 m_longestNs = 0;
    bool m_paused = false;
};

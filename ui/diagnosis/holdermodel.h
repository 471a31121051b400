#pragma once

#include "feedhistory.h"

#include <QAbstractTableModel>

// Who holds the pool's connections: one row per lease out, the longest held first, with its
// connection, how long and since when it is held, and for which request. At most MaxRows.
class HolderModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { ConnectionColumn, HeldColumn, SinceColumn, RequestColumn, ColumnCount };
    static constexpr int MaxRows = 50;

    explicit HolderModel(QObject *parent = nullptr);

    void setEpochNs(qint64 epochNs) { m_epochNs = epochNs; }
    void setHolders(const QList<FeedHistory::Holder> &holders);
    const FeedHistory::Holder &holder(int row) const { return m_holders[row]; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // "GET / #1234"; "(not labelled)" for a holder that did not say.
    static QString requestText(const FeedHistory::Holder &holder);

private:
    QList<FeedHistory::Holder> m_holders;
    qint64 m_epochNs = 0;
};

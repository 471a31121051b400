#pragma once

#include "proberesult.h"

#include <QAbstractTableModel>
#include <QList>

// The steps of a probe as a table: a row per step and address (resolve, then each address's
// connect, TLS and response), with ping's numbers over every attempt and the last message.
class ProbeTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        AddressColumn,
        StepColumn,
        ResultColumn,
        SentColumn,
        LossColumn,
        MinColumn,
        MeanColumn,
        MaxColumn,
        DetailColumn,
        ColumnCount
    };

    explicit ProbeTableModel(QObject *parent = nullptr);

    // Shows result; called again as attempts come in.
    void setResult(const ProbeResult &result);
    void clear();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        ProbeStepSummary summary;
        ProbeStep last; // the latest attempt's step, for its result and message
    };

    QList<Row> m_rows;
};

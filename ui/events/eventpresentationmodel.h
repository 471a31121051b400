#pragma once

#include <QIdentityProxyModel>

// What the event log shows: EventLogModel's raw values as text (times in seconds since the
// session began, a sentence of detail per kind), problems in red, translated headers.
class EventPresentationModel : public QIdentityProxyModel
{
    Q_OBJECT
public:
    explicit EventPresentationModel(QObject *parent = nullptr);

    void setEpochNs(qint64 epochNs) { m_epochNs = epochNs; }

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    qint64 m_epochNs = 0;
};

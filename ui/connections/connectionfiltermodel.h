#pragma once

#include "presentation.h"

#include <QSortFilterProxyModel>

// Sorts ConnectionModel's raw values (so numbers sort as numbers) and keeps the rows whose
// state is among the activities asked for.
class ConnectionFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit ConnectionFilterModel(QObject *parent = nullptr);

    // An empty list shows every row.
    void setActivities(const QList<Presentation::Activity> &activities);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QList<Presentation::Activity> m_activities;
};

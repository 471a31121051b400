#include "connectionfiltermodel.h"

#include "connectionmodel.h"

ConnectionFilterModel::ConnectionFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
}

void ConnectionFilterModel::setActivities(const QList<Presentation::Activity> &activities)
{
    if (activities == m_activities)
        return;
    m_activities = activities;
    invalidateRowsFilter();
}

bool ConnectionFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_activities.isEmpty())
        return true;
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    const auto state = ConnectionState(index.data(ConnectionModel::StateRole).toInt());
    return m_activities.contains(Presentation::activityOf(state));
}

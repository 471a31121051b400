#include "holdermodel.h"

#include "presentation.h"

using namespace Qt::StringLiterals;

HolderModel::HolderModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void HolderModel::setHolders(const QList<FeedHistory::Holder> &holders)
{
    const QList<FeedHistory::Holder> shown = holders.mid(0, MaxRows);
    if (shown.size() == m_holders.size()) {
        m_holders = shown;
        if (!m_holders.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_holders = shown;
    endResetModel();
}

int HolderModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_holders.size());
}

int HolderModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString HolderModel::requestText(const FeedHistory::Holder &holder)
{
    if (holder.purpose.isEmpty() && !holder.requestId)
        return tr("(not labelled)");
    if (!holder.requestId)
        return holder.purpose;
    return tr("%1 #%2").arg(holder.purpose).arg(holder.requestId);
}

QVariant HolderModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_holders.size())
        return {};
    const FeedHistory::Holder &h = m_holders[index.row()];
    if (role == Qt::TextAlignmentRole && index.column() != RequestColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case ConnectionColumn:
        return u"#%1"_s.arg(h.connectionId);
    case HeldColumn:
        return Presentation::duration(h.heldNs);
    case SinceColumn:
        return Presentation::sessionTime(h.sinceNs, m_epochNs);
    case RequestColumn:
        return requestText(h);
    default:
        return {};
    }
}

QVariant HolderModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ConnectionColumn:
        return tr("Connection");
    case HeldColumn:
        return tr("Held for");
    case SinceColumn:
        return tr("Since");
    case RequestColumn:
        return tr("Request");
    default:
        return {};
    }
}

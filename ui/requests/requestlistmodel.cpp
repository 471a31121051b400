#include "requestlistmodel.h"

#include "presentation.h"

#include <QBrush>
#include <QFont>

using namespace Qt::StringLiterals;

namespace {

QColor newConnectionColor()
{
    return RequestPhases::color(RequestPhases::Connect).darker(115);
}

} // namespace

RequestListModel::RequestListModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

int RequestListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RequestListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RequestListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case EndedColumn:
            return tr("Ended");
        case ConnectionColumn:
            return tr("Connection");
        case ResultColumn:
            return tr("Result");
        case TotalColumn:
            return tr("Total");
        case TimingColumn:
            return tr("Timing (one scale for all rows)");
        }
    }
    if (role == Qt::ToolTipRole && section == TimingColumn)
        return tr("Each request's time in its parts, left to right; every bar on the scale of "
                  "the longest request listed. A new connection's dial makes its bar longer.");
    return {};
}

QString RequestListModel::connectionText(const RequestRecord &record) const
{
    if (!record.connectionId)
        return tr("none");
    if (!record.reused)
        return tr("#%1 new").arg(record.connectionId);
    return tr("#%1 reused").arg(record.connectionId);
}

QString RequestListModel::toolTip(const Row &row) const
{
    const RequestRecord &r = row.record;
    QString text = u"<table cellspacing=0 cellpadding=1>"_s;
    for (int p = 0; p < RequestPhases::Count; ++p) {
        const auto phase = RequestPhases::Phase(p);
        if (!row.phases.ns(phase))
            continue;
        text
            += u"<tr><td><span style='color:%1'>■</span> %2</td><td align=right>%3</td></tr>"_s.arg(
                RequestPhases::color(phase).name(), RequestPhases::name(phase),
                Presentation::duration(row.phases.ns(phase)));
    }
    text += u"<tr><td><b>%1</b></td><td align=right><b>%2</b></td></tr></table>"_s.arg(
        tr("Total"), Presentation::duration(r.totalNs));
    if (r.connectionId)
        text += tr("Connection #%1, its lease number %2.").arg(r.connectionId).arg(r.connectionUse);
    if (row.phases.ns(RequestPhases::LabSetup))
        text += u"<br>"_s + tr("* Lab setup: the lab's configured delay, inferred, not measured.");
    if (!r.ok())
        text += u"<br>"_s + r.message.toHtmlEscaped();
    return text;
}

QVariant RequestListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const Row &row = m_rows[size_t(index.row())];
    const RequestRecord &r = row.record;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case EndedColumn:
            return Presentation::sessionTime(r.startNs + r.totalNs, m_epochNs);
        case ConnectionColumn:
            return connectionText(r);
        case ResultColumn:
            return r.staleRetried && r.ok() ? tr("ok, retried") : RequestPhases::errorText(r.error);
        case TotalColumn:
            return Presentation::duration(r.totalNs);
        }
        return {};
    case Qt::ForegroundRole:
        if (index.column() == ConnectionColumn && !r.reused && r.connectionId)
            return QBrush(newConnectionColor());
        if (index.column() == ResultColumn && !r.ok())
            return QBrush(Presentation::closeMarkColor());
        return {};
    case Qt::FontRole:
        if (index.column() == ConnectionColumn && !r.reused && r.connectionId) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::TextAlignmentRole:
        return index.column() == TotalColumn || index.column() == EndedColumn
            ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
            : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        return toolTip(row);
    case PhasesRole:
        return QVariant::fromValue(row.phases);
    case ScaleRole:
        return m_longestNs;
    case ReusedRole:
        return r.reused;
    }
    return {};
}

void RequestListModel::addRequests(const QList<RequestRecord> &records)
{
    if (records.isEmpty())
        return;
    std::deque<Row> rows;
    for (const RequestRecord &record : records)
        rows.push_front({record, RequestPhases::of(record, m_labSetupNs)});
    if (m_paused) {
        m_held.insert(m_held.begin(), rows.begin(), rows.end());
        if (m_held.size() > size_t(Capacity))
            m_held.resize(size_t(Capacity));
        return;
    }
    insert(std::move(rows));
}

void RequestListModel::insert(std::deque<Row> rows)
{
    if (rows.size() > size_t(Capacity))
        rows.resize(size_t(Capacity));
    const size_t keep = std::min(m_rows.size(), size_t(Capacity) - rows.size());
    if (keep < m_rows.size()) {
        beginRemoveRows({}, int(keep), int(m_rows.size()) - 1);
        m_rows.resize(keep);
        endRemoveRows();
    }
    beginInsertRows({}, 0, int(rows.size()) - 1);
    m_rows.insert(m_rows.begin(), std::make_move_iterator(rows.begin()),
                  std::make_move_iterator(rows.end()));
    endInsertRows();
    updateScale();
}

void RequestListModel::updateScale()
{
    qint64 longest = 0;
    for (const Row &row : m_rows)
        longest = std::max(longest, row.record.totalNs);
    if (longest == m_longestNs)
        return;
    m_longestNs = longest;
    // Every bar is drawn against the scale.
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, TimingColumn), index(int(m_rows.size()) - 1, TimingColumn),
                           {ScaleRole});
}

void RequestListModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_held.clear();
    m_longestNs = 0;
    endResetModel();
}

void RequestListModel::setPaused(bool paused)
{
    if (paused == m_paused)
        return;
    m_paused = paused;
    if (!paused && !m_held.empty())
        insert(std::exchange(m_held, {}));
}

#include "connectionmodel.h"

#include <algorithm>

using namespace Qt::StringLiterals;

ConnectionModel::ConnectionModel(const ConnectionLedger *ledger, QObject *parent)
    : QAbstractTableModel(parent)
    , m_ledger(ledger)
    , m_changes(DefaultChangeIntervalMs, [this] { announceChanges(); })
{ }

const ConnectionLedger::Entry &ConnectionModel::entry(int row) const
{
    return m_ledger->at(m_ledger->indexOf(m_ids[size_t(row)]));
}

int ConnectionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_ids.size());
}

int ConnectionModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ConnectionModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ConnectionLedger::Entry &row = entry(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return rawValue(row, index.column());
    case ConnectionIdRole:
        return QVariant::fromValue(row.info.id);
    case StateRole:
        return int(row.info.state);
    case InfoRole:
        return QVariant::fromValue(row.info);
    default:
        return {};
    }
}

QVariant ConnectionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    // Raw column keys; the presentation model shows translated headers.
    static const char *const keys[ColumnCount] = {
        "id",       "state",      "peer",         "local_port", "age_ns",
        "state_ns", "uses",       "bytes_in",     "bytes_out",  "last_request_ns",
        "rtt_us",   "generation", "close_reason",
    };
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0
        || section >= ColumnCount)
        return {};
    return QString::fromLatin1(keys[section]);
}

QVariant ConnectionModel::rawValue(const ConnectionLedger::Entry &row, int column) const
{
    const ConnectionInfo &info = row.info;
    const qint64 now = m_ledger->snapshotNs();
    const bool closed = info.state == ConnectionState::Closed;
    switch (column) {
    case IdColumn:
        return QVariant::fromValue(info.id);
    case StateColumn:
        return int(info.state);
    case PeerColumn:
        if (info.peerAddress.isNull())
            return QString();
        return info.peerAddress.protocol() == QAbstractSocket::IPv6Protocol
            ? u"[%1]:%2"_s.arg(info.peerAddress.toString()).arg(info.peerPort)
            : u"%1:%2"_s.arg(info.peerAddress.toString()).arg(info.peerPort);
    case LocalPortColumn:
        return int(info.localPort);
    case AgeColumn:
        return (closed && info.closedNs ? info.closedNs : now) - info.createdNs;
    case StateTimeColumn: {
        qint64 since = info.createdNs;
        switch (info.state) {
        case ConnectionState::Idle:
            since = info.lastReleasedNs ? info.lastReleasedNs : info.connectedNs;
            break;
        case ConnectionState::InUse:
            since = info.lastAcquiredNs;
            break;
        case ConnectionState::Closing:
        case ConnectionState::Closed:
            since = info.closedNs ? info.closedNs : now;
            break;
        case ConnectionState::Resolving:
        case ConnectionState::Connecting:
        case ConnectionState::TlsHandshake:
            break;
        }
        return std::max<qint64>(0, now - since);
    }
    case UsesColumn:
        return QVariant::fromValue(info.useCount);
    case BytesInColumn:
        return info.bytesIn;
    case BytesOutColumn:
        return info.bytesOut;
    case LastRequestColumn:
        return row.lastHoldNs;
    case RttColumn:
        return info.rttUs;
    case GenerationColumn:
        return info.generation;
    case CloseReasonColumn:
        return int(info.closeReason);
    default:
        return {};
    }
}

// Open connections, and the latest closed ones for the closed retention, in id order.
std::vector<quint64> ConnectionModel::shownIds(int *closedCount) const
{
    const qint64 now = m_ledger->snapshotNs();
    std::vector<quint64> ids;
    std::vector<std::pair<qint64, quint64>> closed;
    for (int i = 0; i < m_ledger->count(); ++i) {
        const ConnectionLedger::Entry &e = m_ledger->at(i);
        if (!e.closed)
            ids.push_back(e.id);
        else if (now - e.closedNs <= m_closedRetentionNs)
            closed.emplace_back(e.closedNs, e.id);
    }
    if (closed.size() > size_t(MaxClosedRows)) {
        const auto excess = closed.size() - size_t(MaxClosedRows);
        std::nth_element(closed.begin(), closed.begin() + qsizetype(excess), closed.end());
        closed.erase(closed.begin(), closed.begin() + qsizetype(excess));
    }
    for (const auto &[closedNs, id] : closed)
        ids.push_back(id);
    std::sort(ids.begin(), ids.end());
    *closedCount = int(closed.size());
    return ids;
}

void ConnectionModel::refresh()
{
    const std::vector<quint64> shown = shownIds(&m_closedRows);
    std::vector<int> leaving;
    for (size_t row = 0; row < m_ids.size(); ++row) {
        if (!std::binary_search(shown.begin(), shown.end(), m_ids[row]))
            leaving.push_back(int(row));
    }
    removeRowRuns(leaving);
    insertRowRuns(shown);
    if (!m_ids.empty())
        m_changes.request();
}

void ConnectionModel::announceChanges()
{
    // Every row's age moves with every snapshot, so every row changed. Ids never change:
    // leaving that column out spares a proxy sorted by id (the usual order) a re-sort of every
    // row.
    if (!m_ids.empty())
        Q_EMIT dataChanged(index(0, StateColumn), index(int(m_ids.size()) - 1, ColumnCount - 1));
}

void ConnectionModel::removeRowRuns(const std::vector<int> &rows)
{
    if (rows.empty())
        return;
    // From the end, one remove per run of adjacent rows, so earlier row numbers stay valid.
    auto end = rows.size();
    while (end > 0) {
        auto begin = end - 1;
        while (begin > 0 && rows[begin - 1] == rows[begin] - 1)
            --begin;
        const int first = rows[begin];
        const int last = rows[end - 1];
        beginRemoveRows({}, first, last);
        m_ids.erase(m_ids.begin() + first, m_ids.begin() + last + 1);
        endRemoveRows();
        end = begin;
    }
    reindex();
}

// ids: every row to show, in order; those not shown yet go in where they belong, one insert
// per run (new connections come last, as their ids are the highest).
void ConnectionModel::insertRowRuns(const std::vector<quint64> &ids)
{
    size_t row = 0;
    for (size_t i = 0; i < ids.size();) {
        if (row < m_ids.size() && m_ids[row] == ids[i]) {
            ++row;
            ++i;
            continue;
        }
        size_t runEnd = i;
        while (runEnd < ids.size() && (row >= m_ids.size() || ids[runEnd] < m_ids[row]))
            ++runEnd;
        beginInsertRows({}, int(row), int(row + (runEnd - i)) - 1);
        m_ids.insert(m_ids.begin() + qsizetype(row), ids.begin() + qsizetype(i),
                     ids.begin() + qsizetype(runEnd));
        endInsertRows();
        row += runEnd - i;
        i = runEnd;
    }
    reindex();
}

void ConnectionModel::reindex()
{
    m_rowById.clear();
    m_rowById.reserve(qsizetype(m_ids.size()));
    for (size_t i = 0; i < m_ids.size(); ++i)
        m_rowById.insert(m_ids[i], int(i));
}

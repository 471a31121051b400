#include "connectionmodel.h"

#include <algorithm>

using namespace Qt::StringLiterals;

ConnectionModel::ConnectionModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

int ConnectionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ConnectionModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ConnectionModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[size_t(index.row())];
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

QVariant ConnectionModel::rawValue(const Row &row, int column) const
{
    const ConnectionInfo &info = row.info;
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
        return (closed && info.closedNs ? info.closedNs : m_nowNs) - info.createdNs;
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
            since = info.closedNs ? info.closedNs : m_nowNs;
            break;
        case ConnectionState::Resolving:
        case ConnectionState::Connecting:
        case ConnectionState::TlsHandshake:
            break;
        }
        return std::max<qint64>(0, m_nowNs - since);
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

bool ConnectionModel::isExpired(const ConnectionInfo &info) const
{
    return info.state == ConnectionState::Closed && info.closedNs
        && m_nowNs - info.closedNs > m_closedRetentionNs;
}

void ConnectionModel::addEvents(const QList<PoolEvent> &events)
{
    for (const PoolEvent &event : events) {
        if (!event.connectionId)
            continue;
        const int row = rowOf(event.connectionId);
        switch (event.kind) {
        case EventKind::Released:
            if (row >= 0)
                m_rows[size_t(row)].lastHoldNs = event.holdNs;
            else
                m_pendingHold.insert(event.connectionId, event.holdNs);
            break;
        case EventKind::Evicted:
        case EventKind::DialFailed:
            // A snapshot may never show this connection closed if many close at once (the pool
            // remembers only the latest closings), so the event closes the row itself.
            if (row >= 0) {
                ConnectionInfo &info = m_rows[size_t(row)].info;
                info.state = ConnectionState::Closed;
                info.closedNs = event.timeNs;
                info.closeReason = event.reason;
                info.dialError = event.dialError;
                if (!event.message.isEmpty())
                    info.closeMessage = event.message;
            }
            break;
        default:
            break;
        }
    }
}

void ConnectionModel::applySnapshot(const PoolSnapshot &snapshot)
{
    m_nowNs = snapshot.timeNs;
    std::vector<bool> seen(m_rows.size(), false);
    std::vector<Row> added;
    for (const ConnectionInfo &info : snapshot.connections) {
        const int row = rowOf(info.id);
        if (row >= 0) {
            Row &existing = m_rows[size_t(row)];
            // A row the events already closed keeps that close even if this snapshot was
            // taken a moment before it.
            if (existing.info.state != ConnectionState::Closed
                || info.state == ConnectionState::Closed)
                existing.info = info;
            seen[size_t(row)] = true;
        } else if (!isExpired(info)) {
            added.push_back({info, m_pendingHold.value(info.id, -1)});
        }
    }
    m_pendingHold.clear();
    for (size_t i = 0; i < m_rows.size(); ++i) {
        ConnectionInfo &info = m_rows[i].info;
        if (!seen[i] && info.state != ConnectionState::Closed) {
            info.state = ConnectionState::Closed;
            info.closedNs = m_nowNs;
        }
    }

    if (!added.empty()) {
        std::sort(added.begin(), added.end(),
                  [](const Row &a, const Row &b) { return a.info.id < b.info.id; });
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(added.size()) - 1);
        for (Row &row : added) {
            m_rowById.insert(row.info.id, int(m_rows.size()));
            m_rows.push_back(std::move(row));
        }
        endInsertRows();
    }

    std::vector<int> leaving;
    std::vector<std::pair<qint64, int>> closed;
    for (size_t i = 0; i < m_rows.size(); ++i) {
        const ConnectionInfo &info = m_rows[i].info;
        if (isExpired(info))
            leaving.push_back(int(i));
        else if (info.state == ConnectionState::Closed)
            closed.emplace_back(info.closedNs, int(i));
    }
    if (closed.size() > size_t(MaxClosedRows)) {
        const auto excess = closed.size() - size_t(MaxClosedRows);
        std::nth_element(closed.begin(), closed.begin() + qsizetype(excess), closed.end());
        for (size_t i = 0; i < excess; ++i)
            leaving.push_back(closed[i].second);
        std::sort(leaving.begin(), leaving.end());
    }
    removeRowRuns(leaving);

    // Ids never change: leaving that column out spares a proxy sorted by id (the usual order)
    // a re-sort of every row ten times a second.
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, StateColumn), index(int(m_rows.size()) - 1, ColumnCount - 1));
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
        m_rows.erase(m_rows.begin() + first, m_rows.begin() + last + 1);
        endRemoveRows();
        end = begin;
    }
    reindex();
}

void ConnectionModel::reindex()
{
    m_rowById.clear();
    m_rowById.reserve(qsizetype(m_rows.size()));
    for (size_t i = 0; i < m_rows.size(); ++i)
        m_rowById.insert(m_rows[i].info.id, int(i));
}

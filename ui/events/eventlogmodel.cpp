#include "eventlogmodel.h"

#include <QIODevice>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

QByteArray csvText(const QString &text)
{
    if (text.isEmpty())
        return {};
    QByteArray quoted = text.toUtf8();
    quoted.replace('"', "\"\"");
    return '"' + quoted + '"';
}

QByteArray csvMs(qint64 ns)
{
    return ns ? QByteArray::number(double(ns) / 1e6, 'f', 6) : QByteArray();
}

} // namespace

EventLogModel::EventLogModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

int EventLogModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    return m_paused ? int(m_frozen.size()) : int(m_rows.size());
}

int EventLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const PoolEvent &EventLogModel::event(int row) const
{
    return m_paused ? m_frozen[size_t(row)] : stored(m_rows[size_t(row)]);
}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PoolEvent &e = event(index.row());
    if (role == EventRole)
        return QVariant::fromValue(e);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case TimeColumn:
        return e.timeNs;
    case KindColumn:
        return int(e.kind);
    case ConnectionColumn:
        return QVariant::fromValue(e.connectionId);
    case GenerationColumn:
        return e.generation;
    case DetailColumn:
        return e.message;
    }
    return {};
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    static const char *const keys[ColumnCount] = {"t_ns", "kind", "conn", "gen", "message"};
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0
        || section >= ColumnCount)
        return {};
    return QString::fromLatin1(keys[section]);
}

int EventLogModel::storedCount() const
{
    return int(std::min<quint64>(m_nextSeq, quint64(m_capacity)));
}

quint64 EventLogModel::firstSeq() const
{
    return m_nextSeq > quint64(m_capacity) ? m_nextSeq - quint64(m_capacity) : 0;
}

bool EventLogModel::isProblem(const PoolEvent &event)
{
    switch (event.kind) {
    case EventKind::DialFailed:
    case EventKind::WaiterTimedOut:
    case EventKind::WaiterFailed:
    case EventKind::Misuse:
        return true;
    case EventKind::Evicted:
        switch (event.reason) {
        case EvictionReason::PeerClosed:
        case EvictionReason::SocketError:
        case EvictionReason::KeepAliveTimeout:
        case EvictionReason::StaleCheckFailed:
        case EvictionReason::UnexpectedData:
        case EvictionReason::Broken:
        case EvictionReason::RequestTimeout:
            return true;
        default:
            return false;
        }
    default:
        return false;
    }
}

bool EventLogModel::accepts(const PoolEvent &event) const
{
    if (m_connectionId && event.connectionId != m_connectionId)
        return false;
    if (m_problemsOnly && !isProblem(event))
        return false;
    return m_kinds.isEmpty() || m_kinds.contains(event.kind);
}

void EventLogModel::addEvents(const QList<PoolEvent> &events)
{
    if (events.isEmpty())
        return;
    if (m_ring.size() != size_t(m_capacity))
        m_ring.resize(size_t(m_capacity));
    // Only the newest capacity events of a huge batch can be kept.
    const qsizetype skip = std::max<qsizetype>(0, events.size() - m_capacity);
    const quint64 end = m_nextSeq + quint64(events.size() - skip);
    const quint64 newFirst = end > quint64(m_capacity) ? end - quint64(m_capacity) : 0;

    // Rows whose events are about to be overwritten leave first, from the bottom.
    if (!m_paused) {
        qsizetype leaving = 0;
        for (auto it = m_rows.rbegin(); it != m_rows.rend() && *it < newFirst; ++it)
            ++leaving;
        if (leaving) {
            const int count = int(m_rows.size());
            beginRemoveRows({}, count - int(leaving), count - 1);
            m_rows.erase(m_rows.end() - leaving, m_rows.end());
            endRemoveRows();
        }
    }

    std::vector<quint64> accepted;
    for (qsizetype i = skip; i < events.size(); ++i) {
        const quint64 seq = m_nextSeq++;
        m_ring[size_t(seq % quint64(m_capacity))] = events[i];
        if (!m_paused && accepts(events[i]))
            accepted.push_back(seq);
    }
    if (accepted.empty())
        return;
    beginInsertRows({}, 0, int(accepted.size()) - 1);
    for (const quint64 seq : accepted)
        m_rows.push_front(seq);
    endInsertRows();
}

void EventLogModel::clear()
{
    beginResetModel();
    m_ring.assign(m_ring.size(), PoolEvent());
    m_nextSeq = 0;
    m_rows.clear();
    m_frozen.clear();
    endResetModel();
}

void EventLogModel::setCapacity(int capacity)
{
    capacity = std::max(1, capacity);
    if (capacity == m_capacity)
        return;
    // Re-seat the newest events in a ring of the new size.
    std::vector<PoolEvent> kept;
    const quint64 first = std::max(
        firstSeq(), m_nextSeq > quint64(capacity) ? m_nextSeq - quint64(capacity) : quint64(0));
    for (quint64 seq = first; seq < m_nextSeq; ++seq)
        kept.push_back(stored(seq));
    beginResetModel();
    m_capacity = capacity;
    m_ring.assign(size_t(capacity), PoolEvent());
    m_nextSeq = 0;
    for (PoolEvent &event : kept)
        m_ring[size_t(m_nextSeq++)] = std::move(event);
    endResetModel();
    rebuild();
}

void EventLogModel::setKindFilter(const QList<EventKind> &kinds, bool problemsOnly)
{
    if (kinds == m_kinds && problemsOnly == m_problemsOnly)
        return;
    m_kinds = kinds;
    m_problemsOnly = problemsOnly;
    rebuild();
}

void EventLogModel::setConnectionFilter(quint64 connectionId)
{
    if (connectionId == m_connectionId)
        return;
    m_connectionId = connectionId;
    rebuild();
}

void EventLogModel::setPaused(bool paused)
{
    if (paused == m_paused)
        return;
    if (paused) {
        // Rows must not change while paused, but the ring keeps moving: keep copies.
        m_frozen.clear();
        m_frozen.reserve(m_rows.size());
        for (const quint64 seq : m_rows)
            m_frozen.push_back(stored(seq));
        m_paused = true;
        return;
    }
    m_paused = false;
    m_frozen.clear();
    m_frozen.shrink_to_fit();
    rebuild();
}

void EventLogModel::rebuild()
{
    if (m_paused) {
        // Filters apply to the frozen rows too, so a paused log can still be searched.
        beginResetModel();
        std::vector<PoolEvent> all = std::move(m_frozen);
        m_frozen.clear();
        for (PoolEvent &event : all) {
            if (accepts(event))
                m_frozen.push_back(std::move(event));
        }
        endResetModel();
        return;
    }
    beginResetModel();
    m_rows.clear();
    for (quint64 seq = m_nextSeq; seq > firstSeq(); --seq) {
        if (accepts(stored(seq - 1)))
            m_rows.push_back(seq - 1);
    }
    endResetModel();
}

void EventLogModel::writeJsonLines(QIODevice *device) const
{
    for (quint64 seq = firstSeq(); seq < m_nextSeq; ++seq) {
        if (accepts(stored(seq)))
            device->write(stored(seq).toJsonLine());
    }
}

void EventLogModel::writeCsv(QIODevice *device) const
{
    device->write("t_ns,kind,conn,waiter,gen,reason,error,reused,wait_ms,idle_ms,hold_ms,"
                  "dial_ms,tls_ms,age_ms,address,message\n");
    for (quint64 seq = firstSeq(); seq < m_nextSeq; ++seq) {
        const PoolEvent &e = stored(seq);
        if (!accepts(e))
            continue;
        QByteArray line;
        line += QByteArray::number(e.timeNs) + ',' + enumName(e.kind).toLatin1() + ','
            + (e.connectionId ? QByteArray::number(e.connectionId) : QByteArray()) + ','
            + (e.waiterId ? QByteArray::number(e.waiterId) : QByteArray()) + ','
            + QByteArray::number(e.generation) + ','
            + (e.reason != EvictionReason::None ? enumName(e.reason).toLatin1() : QByteArray())
            + ','
            + (e.dialError != DialError::None ? enumName(e.dialError).toLatin1() : QByteArray())
            + ',' + (e.kind == EventKind::Acquired ? (e.reused ? "true" : "false") : "") + ','
            + csvMs(e.waitNs) + ',' + csvMs(e.idleNs) + ',' + csvMs(e.holdNs) + ','
            + csvMs(e.dialNs) + ',' + csvMs(e.tlsNs) + ',' + csvMs(e.ageNs) + ','
            + csvText(e.address) + ',' + csvText(e.message) + '\n';
        device->write(line);
    }
}

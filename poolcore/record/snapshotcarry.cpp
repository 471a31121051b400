#include "snapshotcarry.h"

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

bool isClosed(const QJsonValue &row)
{
    return row[u"state"_s].toString() == u"closed";
}

bool isHistogram(const QJsonValue &value)
{
    return value.isObject() && value.toObject().contains(u"buckets"_s);
}

// [[index, count], ...] by index, from a histogram's JSON.
std::map<qint64, qint64> bucketsOf(const QJsonObject &histogram)
{
    std::map<qint64, qint64> buckets;
    for (const QJsonValue &bucket : histogram.value(u"buckets"_s).toArray())
        buckets[bucket[0].toInteger()] += bucket[1].toInteger();
    return buckets;
}

QJsonArray bucketList(const std::map<qint64, qint64> &buckets)
{
    QJsonArray list;
    for (const auto &[index, count] : buckets) {
        if (count)
            list.append(QJsonArray{index, count});
    }
    return list;
}

// The counts current gained over previous, or nullopt when it lost any (a statistics reset).
std::optional<std::map<qint64, qint64>> gained(const QJsonObject &previous,
                                               const QJsonObject &current)
{
    std::map<qint64, qint64> difference = bucketsOf(current);
    for (const auto &[index, count] : bucketsOf(previous)) {
        const auto at = difference.find(index);
        if (at == difference.end() || at->second < count)
            return std::nullopt;
        at->second -= count;
    }
    return difference;
}

} // namespace

void SnapshotCarry::thin(QJsonObject *feed)
{
    QJsonArray pools = feed->value(u"pools"_s).toArray();
    for (qsizetype i = 0; i < pools.size(); ++i) {
        QJsonObject pool = pools[i].toObject();
        if (!pool.contains(u"snapshot"_s))
            continue;
        QJsonObject snapshot = pool.value(u"snapshot"_s).toObject();
        thinSnapshot(m_previous[pool.value(u"pool"_s).toInteger()], &snapshot);
        pool[u"snapshot"_s] = snapshot;
        pools[i] = pool;
    }
    if (!pools.isEmpty())
        (*feed)[u"pools"_s] = pools;
}

void SnapshotCarry::remember(Previous &previous, const QJsonObject &snapshot)
{
    // The closed connections the pool lists first: what the next snapshot may carry.
    previous.closed = {};
    for (const QJsonValue &row : snapshot.value(u"connections"_s).toArray()) {
        if (!isClosed(row))
            break;
        previous.closed.append(row);
    }
    previous.histograms = {};
    const QJsonObject stats = snapshot.value(u"stats"_s).toObject();
    for (auto it = stats.begin(); it != stats.end(); ++it) {
        if (isHistogram(it.value()))
            previous.histograms.insert(it.key(), it.value());
    }
}

void SnapshotCarry::thinSnapshot(Previous &previous, QJsonObject *snapshot) const
{
    const QJsonObject whole = *snapshot;
    QJsonArray rows = whole.value(u"connections"_s).toArray();
    // The pool lists its closed connections first, oldest first, and forgets the oldest: what
    // the previous snapshot listed last is what this one lists first.
    qsizetype carried = 0;
    if (!rows.isEmpty() && isClosed(rows.first())) {
        qsizetype from = 0;
        while (from < previous.closed.size() && previous.closed[from] != rows.first())
            ++from;
        const qsizetype n = previous.closed.size() - from;
        bool same = n > 0 && n <= rows.size();
        for (qsizetype j = 1; same && j < n; ++j)
            same = rows[j] == previous.closed[from + j];
        carried = same ? n : 0;
    }
    QJsonObject carry;
    if (carried) {
        carry.insert(u"closed"_s, carried);
        QJsonArray rest;
        for (qsizetype j = carried; j < rows.size(); ++j)
            rest.append(rows[j]);
        snapshot->insert(u"connections"_s, rest);
    }
    QJsonObject stats = whole.value(u"stats"_s).toObject();
    QJsonObject histograms;
    for (auto it = previous.histograms.begin(); it != previous.histograms.end(); ++it) {
        const QJsonObject current = stats.value(it.key()).toObject();
        const auto difference
            = isHistogram(current) ? gained(it.value().toObject(), current) : std::nullopt;
        if (!difference)
            continue;
        QJsonObject delta = current;
        delta[u"buckets"_s] = bucketList(*difference);
        histograms.insert(it.key(), delta);
        stats.remove(it.key());
    }
    if (!histograms.isEmpty()) {
        carry.insert(u"histograms"_s, histograms);
        snapshot->insert(u"stats"_s, stats);
    }
    if (!carry.isEmpty())
        snapshot->insert(u"carried"_s, carry);
    remember(previous, whole);
}

bool SnapshotCarry::restore(QJsonObject *feed, QString *error)
{
    QJsonArray pools = feed->value(u"pools"_s).toArray();
    for (qsizetype i = 0; i < pools.size(); ++i) {
        QJsonObject pool = pools[i].toObject();
        if (!pool.contains(u"snapshot"_s))
            continue;
        QJsonObject snapshot = pool.value(u"snapshot"_s).toObject();
        const qint64 id = pool.value(u"pool"_s).toInteger();
        const auto previous = m_previous.find(id);
        if (!snapshot.contains(u"carried"_s)) {
            Previous &whole = m_previous[id];
            whole.carried = -1;
            rememberBuckets(whole, snapshot.value(u"stats"_s).toObject());
            continue;
        }
        if (!restoreSnapshot(previous == m_previous.end() ? nullptr : &previous->second, &snapshot,
                             u"pools[%1].snapshot.carried"_s.arg(i), error))
            return false;
        pool[u"snapshot"_s] = snapshot;
        pools[i] = pool;
    }
    if (!pools.isEmpty())
        (*feed)[u"pools"_s] = pools;
    return true;
}

void SnapshotCarry::rememberBuckets(Previous &previous, const QJsonObject &stats)
{
    previous.buckets.clear();
    for (auto it = stats.begin(); it != stats.end(); ++it) {
        if (!isHistogram(it.value()))
            continue;
        Buckets &b = previous.buckets[it.key()];
        b.json = it.value().toObject().value(u"buckets"_s).toArray();
        for (const QJsonValue &bucket : b.json) {
            b.indexes.push_back(bucket[0].toInteger());
            b.counts.push_back(bucket[1].toInteger());
        }
    }
}

void SnapshotCarry::add(Buckets &buckets, const QJsonArray &gained)
{
    // A few buckets gain between two snapshots, out of hundreds: changed in place.
    for (const QJsonValue &bucket : gained) {
        const qint64 index = bucket[0].toInteger();
        const qint64 count = bucket[1].toInteger();
        const auto at = std::lower_bound(buckets.indexes.begin(), buckets.indexes.end(), index);
        const auto position = at - buckets.indexes.begin();
        if (at != buckets.indexes.end() && *at == index) {
            buckets.counts[position] += count;
            buckets.json.replace(position, QJsonArray{index, buckets.counts[position]});
        } else {
            buckets.indexes.insert(at, index);
            buckets.counts.insert(buckets.counts.begin() + position, count);
            buckets.json.insert(position, QJsonArray{index, count});
        }
    }
}

void SnapshotCarry::finish(SessionFeed *feed)
{
    for (PoolFeed &pool : feed->pools) {
        if (!pool.snapshot)
            continue;
        Previous &previous = m_previous[pool.pool];
        QList<ConnectionInfo> &rows = pool.snapshot->connections;
        if (previous.carried > 0)
            rows = previous.closedRows.mid(previous.closedRows.size() - previous.carried) + rows;
        previous.carried = -1;
        qsizetype closed = 0;
        while (closed < rows.size() && rows[closed].state == ConnectionState::Closed)
            ++closed;
        previous.closedRows = rows.mid(0, closed);
    }
}

bool SnapshotCarry::restoreSnapshot(Previous *previous, QJsonObject *snapshot, const QString &path,
                                    QString *error) const
{
    const QJsonObject carry = snapshot->take(u"carried"_s).toObject();
    const auto refuse = [&](const QString &what) {
        *error = path + what;
        return false;
    };
    if (!previous)
        return refuse(u": carries from an earlier snapshot of the pool, and none came before"_s);
    const qint64 carried = carry.value(u"closed"_s).toInteger();
    if (carried < 0 || carried > previous->closedRows.size())
        return refuse(u".closed: %1 is not accepted; accepted: 0 to %2, the closed connections "
                      "of the pool's previous snapshot"_s.arg(carried)
                          .arg(previous->closedRows.size()));
    previous->carried = carried;

    QJsonObject stats = snapshot->value(u"stats"_s).toObject();
    const QJsonObject histograms = carry.value(u"histograms"_s).toObject();
    std::map<QString, Buckets> buckets;
    for (auto it = histograms.begin(); it != histograms.end(); ++it) {
        const auto before = previous->buckets.find(it.key());
        if (before == previous->buckets.end())
            return refuse(
                u".histograms.%1: the pool's previous snapshot has no such histogram"_s.arg(
                    it.key()));
        Buckets &b = buckets[it.key()] = std::move(before->second);
        add(b, it.value().toObject().value(u"buckets"_s).toArray());
        QJsonObject whole = it.value().toObject();
        whole[u"buckets"_s] = b.json;
        stats.insert(it.key(), whole);
    }
    // Those written whole (after a statistics reset) start afresh.
    for (auto it = stats.begin(); it != stats.end(); ++it) {
        if (!histograms.contains(it.key()) && isHistogram(it.value())) {
            Previous whole;
            rememberBuckets(whole, QJsonObject{{it.key(), it.value()}});
            buckets[it.key()] = std::move(whole.buckets[it.key()]);
        }
    }
    previous->buckets = std::move(buckets);
    snapshot->insert(u"stats"_s, stats);
    return true;
}

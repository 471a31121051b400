#include "snapshotcarry.h"

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
    previous.closed = {};
    for (const QJsonValue &row : snapshot.value(u"connections"_s).toArray()) {
        if (isClosed(row))
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
        if (!restoreSnapshot(previous == m_previous.end() ? nullptr : &previous->second, &snapshot,
                             u"pools[%1].snapshot.carried"_s.arg(i), error))
            return false;
        remember(m_previous[id], snapshot);
        pool[u"snapshot"_s] = snapshot;
        pools[i] = pool;
    }
    if (!pools.isEmpty())
        (*feed)[u"pools"_s] = pools;
    return true;
}

bool SnapshotCarry::restoreSnapshot(const Previous *previous, QJsonObject *snapshot,
                                    const QString &path, QString *error) const
{
    if (!snapshot->contains(u"carried"_s))
        return true;
    const QJsonObject carry = snapshot->take(u"carried"_s).toObject();
    const auto refuse = [&](const QString &what) {
        *error = path + what;
        return false;
    };
    if (!previous)
        return refuse(u": carries from an earlier snapshot of the pool, and none came before"_s);
    const qint64 closed = carry.value(u"closed"_s).toInteger();
    if (closed < 0 || closed > previous->closed.size())
        return refuse(u".closed: %1 is not accepted; accepted: 0 to %2, the closed connections "
                      "of the pool's previous snapshot"_s.arg(closed)
                          .arg(previous->closed.size()));
    QJsonArray rows;
    for (qsizetype j = previous->closed.size() - closed; j < previous->closed.size(); ++j)
        rows.append(previous->closed[j]);
    for (const QJsonValue &row : snapshot->value(u"connections"_s).toArray())
        rows.append(row);
    if (!rows.isEmpty())
        snapshot->insert(u"connections"_s, rows);
    QJsonObject stats = snapshot->value(u"stats"_s).toObject();
    const QJsonObject histograms = carry.value(u"histograms"_s).toObject();
    for (auto it = histograms.begin(); it != histograms.end(); ++it) {
        if (!previous->histograms.contains(it.key()))
            return refuse(
                u".histograms.%1: the pool's previous snapshot has no such histogram"_s.arg(
                    it.key()));
        std::map<qint64, qint64> buckets = bucketsOf(previous->histograms.value(it.key()).toObject());
        for (const auto &[index, count] : bucketsOf(it.value().toObject()))
            buckets[index] += count;
        QJsonObject whole = it.value().toObject();
        whole[u"buckets"_s] = bucketList(buckets);
        stats.insert(it.key(), whole);
    }
    snapshot->insert(u"stats"_s, stats);
    return true;
}

#include "latencyhistogram.h"

#include "jsonvalue.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace {

// A whole number from 0 to maximum (0 when absent); otherwise nullopt and *error names key.
std::optional<qint64> wholeNumber(const QJsonValue &value, const QString &key, qint64 maximum,
                                  QString *error)
{
    if (value.isUndefined())
        return 0;
    if (const auto whole = jsonWholeNumber(value); whole && *whole >= 0 && *whole <= maximum)
        return whole;
    *error = u"%1: %2 is not accepted; accepted: a whole number from 0 to %3"_s.arg(
        key, jsonValueText(value), QString::number(maximum));
    return std::nullopt;
}

} // namespace

int LatencyHistogram::bucketOf(qint64 ns)
{
    const quint64 v = quint64(std::max<qint64>(ns, 0));
    if (v < 2 * SubBuckets)
        return int(v);
    const int exponent = std::min(int(std::bit_width(v)) - 1, MaxExponent);
    const int shift = exponent - SubBucketBits;
    const quint64 sub = std::min<quint64>((v >> shift) - SubBuckets, SubBuckets - 1);
    return (exponent - SubBucketBits + 1) * SubBuckets + int(sub);
}

qint64 LatencyHistogram::bucketMidpoint(int bucket)
{
    if (bucket < 2 * SubBuckets)
        return bucket;
    const int exponent = bucket / SubBuckets + SubBucketBits - 1;
    const int shift = exponent - SubBucketBits;
    const qint64 lower = qint64(SubBuckets + bucket % SubBuckets) << shift;
    return lower + ((qint64(1) << shift) >> 1);
}

void LatencyHistogram::record(qint64 ns)
{
    ns = std::clamp<qint64>(ns, 0, Ceiling);
    ++m_buckets[bucketOf(ns)];
    m_min = m_count ? std::min(m_min, ns) : ns;
    m_max = std::max(m_max, ns);
    m_sum += double(ns);
    ++m_count;
}

void LatencyHistogram::merge(const LatencyHistogram &other)
{
    if (!other.m_count)
        return;
    for (int i = 0; i < BucketCount; ++i)
        m_buckets[i] += other.m_buckets[i];
    m_min = m_count ? std::min(m_min, other.m_min) : other.m_min;
    m_max = std::max(m_max, other.m_max);
    m_sum += other.m_sum;
    m_count += other.m_count;
}

void LatencyHistogram::reset()
{
    *this = LatencyHistogram();
}

quint64 LatencyHistogram::countAtMost(qint64 ns) const
{
    if (!m_count || ns < 0)
        return 0;
    if (ns >= m_max)
        return m_count;
    const int last = bucketOf(ns);
    quint64 seen = 0;
    for (int i = 0; i <= last; ++i)
        seen += m_buckets[size_t(i)];
    return seen;
}

qint64 LatencyHistogram::percentile(double q) const
{
    if (!m_count)
        return 0;
    q = std::clamp(q, 0.0, 100.0);
    const auto rank = std::max<quint64>(1, quint64(std::ceil(q / 100.0 * double(m_count))));
    quint64 seen = 0;
    for (int i = 0; i < BucketCount; ++i) {
        seen += m_buckets[i];
        if (seen >= rank)
            return i == BucketCount - 1 ? m_max : std::clamp(bucketMidpoint(i), m_min, m_max);
    }
    return m_max;
}

QJsonObject LatencyHistogram::toJsonMs() const
{
    const auto ms = [](double ns) { return std::round(ns / 1e3) / 1e3; };
    return {{QStringLiteral("count"), qint64(m_count)},
            {QStringLiteral("mean"), ms(mean())},
            {QStringLiteral("p50"), ms(double(percentile(50)))},
            {QStringLiteral("p90"), ms(double(percentile(90)))},
            {QStringLiteral("p99"), ms(double(percentile(99)))},
            {QStringLiteral("max"), ms(double(max()))}};
}

QJsonObject LatencyHistogram::toJson() const
{
    if (!m_count)
        return {};
    QJsonArray buckets;
    for (int i = 0; i < BucketCount; ++i) {
        if (m_buckets[size_t(i)])
            buckets.append(QJsonArray{i, qint64(m_buckets[size_t(i)])});
    }
    return {{u"count"_s, qint64(m_count)},
            {u"min"_s, m_min},
            {u"max"_s, m_max},
            {u"sum"_s, m_sum},
            {u"buckets"_s, buckets}};
}

std::optional<LatencyHistogram> LatencyHistogram::fromJson(const QJsonObject &object,
                                                           QString *error)
{
    QString ignored;
    QString &why = error ? *error : ignored;
    constexpr qint64 MaxCount = std::numeric_limits<qint64>::max();
    const auto count = wholeNumber(object.value(u"count"_s), u"count"_s, MaxCount, &why);
    if (!count)
        return std::nullopt;
    const auto min = wholeNumber(object.value(u"min"_s), u"min"_s, Ceiling, &why);
    if (!min)
        return std::nullopt;
    const auto max = wholeNumber(object.value(u"max"_s), u"max"_s, Ceiling, &why);
    if (!max)
        return std::nullopt;
    const QJsonValue sum = object.value(u"sum"_s);
    if (!sum.isUndefined() && !(sum.toDouble(-1) >= 0)) {
        why = u"sum: %1 is not accepted; accepted: a number of nanoseconds, 0 or more"_s.arg(
            jsonValueText(sum));
        return std::nullopt;
    }
    const QJsonValue buckets = object.value(u"buckets"_s);
    if (!buckets.isUndefined() && !buckets.isArray()) {
        why = u"buckets: %1 is not accepted; accepted: a list of [index, count]"_s.arg(
            jsonValueText(buckets));
        return std::nullopt;
    }
    LatencyHistogram h;
    h.m_count = quint64(*count);
    h.m_min = *min;
    h.m_max = *max;
    h.m_sum = sum.toDouble();
    if (!h.readBuckets(buckets.toArray(), &why))
        return std::nullopt;
    return h;
}

bool LatencyHistogram::readBuckets(const QJsonArray &buckets, QString *error)
{
    const QString accepted = u"accepted: [index, count] with indexes from 0 to %1 in increasing "
                             "order and counts of 1 or more"_s.arg(BucketCount - 1);
    int first = -1;
    int last = -1;
    quint64 total = 0;
    for (qsizetype i = 0; i < buckets.size(); ++i) {
        const QJsonArray pair = buckets.at(i).toArray();
        const qint64 index = pair.size() == 2 ? pair.at(0).toInteger(-1) : -1;
        const qint64 n = pair.size() == 2 ? pair.at(1).toInteger(-1) : -1;
        if (index <= last || index >= BucketCount || n < 1) {
            const QByteArray shown = QJsonDocument(pair).toJson(QJsonDocument::Compact);
            *error = u"buckets[%1]: %2 is not accepted; %3"_s.arg(
                QString::number(i),
                pair.isEmpty() ? jsonValueText(buckets.at(i)) : QString::fromUtf8(shown.left(60)),
                accepted);
            return false;
        }
        if (total > std::numeric_limits<quint64>::max() - quint64(n)) {
            *error = u"buckets: the counts add up to more than 2^64"_s;
            return false;
        }
        total += quint64(n);
        m_buckets[size_t(index)] = quint64(n);
        first = first < 0 ? int(index) : first;
        last = int(index);
    }
    // What record() and merge() keep true, so percentile() reads it as they left it.
    if (total != m_count) {
        *error = u"count: %1 is not the sum of the bucket counts (%2)"_s.arg(m_count).arg(total);
        return false;
    }
    if (m_count && (m_min > m_max || bucketOf(m_min) != first || bucketOf(m_max) != last)) {
        *error = u"min, max: %1 and %2 do not fit the buckets (the first is %3, the last %4)"_s
                     .arg(m_min)
                     .arg(m_max)
                     .arg(first)
                     .arg(last);
        return false;
    }
    if (!m_count && (m_min || m_max || m_sum != 0)) {
        *error = u"count: 0, but min, max or sum is not 0"_s;
        return false;
    }
    return true;
}

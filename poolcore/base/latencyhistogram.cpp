#include "latencyhistogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

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

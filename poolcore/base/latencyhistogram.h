#pragma once

#include <QJsonObject>
#include <QString>

#include <array>
#include <optional>

class QJsonArray;

// A fixed-size log-linear histogram of durations in nanoseconds: exact below 64 ns, then 32
// sub-buckets per power of two (under 1.6 % error), up to about 19 hours. Recording is a few
// instructions and never allocates, so the pool can keep one per measured quantity.
class LatencyHistogram
{
public:
    void record(qint64 ns);
    void merge(const LatencyHistogram &other);
    void reset();

    quint64 count() const { return m_count; }
    qint64 min() const { return m_count ? m_min : 0; }
    qint64 max() const { return m_max; }
    double mean() const { return m_count ? m_sum / double(m_count) : 0.0; }
    // q in [0, 100]; 0 when empty. The value returned never exceeds max().
    qint64 percentile(double q) const;
    // How many durations were at most ns, to the bucket (a Prometheus bucket's "le"): those in
    // ns's bucket count, so it may include some up to 1.6 % above ns.
    quint64 countAtMost(qint64 ns) const;
    double sum() const { return m_sum; }

    // {"count", "mean", "p50", "p90", "p99", "max"}, durations in milliseconds.
    QJsonObject toJsonMs() const;
    // Everything, so a recording replays the same percentiles: {"count", "min", "max", "sum",
    // "buckets": [[index, count], ...]}, nanoseconds, only the buckets that are not empty, in
    // index order. Empty when nothing was recorded.
    QJsonObject toJson() const;
    // What toJson() writes; unknown keys are ignored. Nullopt and *error (naming the key and
    // what is accepted) for anything this layout could not have recorded.
    static std::optional<LatencyHistogram> fromJson(const QJsonObject &object, QString *error);

    friend bool operator==(const LatencyHistogram &, const LatencyHistogram &) = default;

private:
    static constexpr int SubBucketBits = 5;
    static constexpr int SubBuckets = 1 << SubBucketBits;
    static constexpr int MaxExponent = 45;
    static constexpr int BucketCount = (MaxExponent - SubBucketBits + 2) * SubBuckets;
    // Longer durations (over 19 hours) are recorded as this.
    static constexpr qint64 Ceiling = (qint64(1) << (MaxExponent + 1)) - 1;
    static int bucketOf(qint64 ns);
    static qint64 bucketMidpoint(int bucket);
    bool readBuckets(const QJsonArray &buckets, QString *error);

    std::array<quint64, BucketCount> m_buckets{};
    quint64 m_count = 0;
    qint64 m_min = 0;
    qint64 m_max = 0;
    double m_sum = 0;
};

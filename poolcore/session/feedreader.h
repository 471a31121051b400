#pragma once

#include "enumnames.h"
#include "latencyhistogram.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <array>
#include <limits>

// The ranges the codecs accept for whole numbers (FeedReader::integer).
namespace FeedLimits {
inline constexpr qint64 Min64 = std::numeric_limits<qint64>::min();
inline constexpr qint64 Max64 = std::numeric_limits<qint64>::max();
inline constexpr qint64 MinInt = std::numeric_limits<int>::min();
inline constexpr qint64 MaxInt = std::numeric_limits<int>::max();
inline constexpr qint64 MaxU32 = std::numeric_limits<quint32>::max();
inline constexpr qint64 MaxU16 = std::numeric_limits<quint16>::max();
} // namespace FeedLimits

// Reads one object of a feed line (FeedCodec). Every key is optional and an absent one reads
// as its default, as FeedWriter left it out; unknown keys are never looked at. A value of the
// wrong type or out of range records the first error, naming the key's whole path
// ("pools[1].snapshot.connections[0].peer_port"), the value and what is accepted. After an
// error every read returns its default, so a decoder reads on and asks failed() once.
class FeedReader
{
public:
    FeedReader(const QJsonObject &object, const QString &path, QString *error);

    bool failed() const { return !m_error->isEmpty(); }
    bool has(QStringView key) const { return m_object.contains(key); }
    const QJsonObject &json() const { return m_object; }
    // "pools[1].pool" for "pool".
    QString path(QStringView key) const;
    // "<path>: <problem>", unless an error came first.
    void fail(QStringView key, const QString &problem) const;
    // "<path>: <value> is not accepted; accepted: <accepted>".
    void reject(QStringView key, const QString &accepted) const;
    // "<path>.<problem>", for what a value's own reader said, which starts with its key.
    void failWithin(const QString &problem) const;

    qint64 integer(QStringView key, qint64 minimum, qint64 maximum, qint64 fallback = 0) const;
    // 0 to 2^63 - 1, what FeedWriter::count() writes.
    quint64 count(QStringView key) const;
    double number(QStringView key, double fallback = 0) const;
    bool flag(QStringView key, bool fallback = false) const;
    QString text(QStringView key, const QString &fallback = {}) const;
    QStringList texts(QStringView key) const;
    // An enum by one of its names (EnumNames).
    template<typename Enum> Enum choice(QStringView key, Enum fallback) const;
    // What FeedWriter::counts() writes; names this version does not know are ignored.
    template<typename Enum, size_t N>
    void counts(QStringView key, std::array<quint64, N> *values) const;
    // LatencyHistogram::toJson(); absent, an empty one.
    LatencyHistogram histogram(QStringView key) const;
    // An absent object reads as an empty one.
    FeedReader object(QStringView key) const;
    QList<FeedReader> objects(QStringView key) const;
    // Each object of a list as decode reads it.
    template<typename Decode> auto list(QStringView key, Decode decode) const;

private:
    QJsonObject m_object;
    QString m_path;
    QString *m_error;
};

template<typename Enum> Enum FeedReader::choice(QStringView key, Enum fallback) const
{
    if (failed() || !has(key))
        return fallback;
    const QJsonValue value = m_object.value(key);
    if (const auto named = value.isString() ? enumFromName<Enum>(value.toString()) : std::nullopt)
        return *named;
    reject(key, enumNameList<Enum>().join(QStringLiteral(", ")));
    return fallback;
}

template<typename Enum, size_t N>
void FeedReader::counts(QStringView key, std::array<quint64, N> *values) const
{
    const FeedReader named = object(key);
    for (size_t i = 0; i < N; ++i)
        (*values)[i] = named.count(enumName(Enum(i)));
}

template<typename Decode> auto FeedReader::list(QStringView key, Decode decode) const
{
    QList<decltype(decode(*this))> values;
    for (const FeedReader &entry : objects(key))
        values.append(decode(entry));
    return values;
}

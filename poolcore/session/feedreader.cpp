#include "feedreader.h"

#include "jsonvalue.h"

#include <QJsonArray>

#include <limits>

using namespace Qt::StringLiterals;

FeedReader::FeedReader(const QJsonObject &object, const QString &path, QString *error)
    : m_object(object)
    , m_path(path)
    , m_error(error)
{ }

QString FeedReader::path(QStringView key) const
{
    return m_path.isEmpty() ? key.toString() : m_path + u'.' + key;
}

void FeedReader::fail(QStringView key, const QString &problem) const
{
    if (!failed())
        *m_error = path(key) + u": "_s + problem;
}

void FeedReader::failWithin(const QString &problem) const
{
    if (!failed())
        *m_error = m_path.isEmpty() ? problem : m_path + u'.' + problem;
}

void FeedReader::reject(QStringView key, const QString &accepted) const
{
    fail(key,
         u"%1 is not accepted; accepted: %2"_s.arg(jsonValueText(m_object.value(key)), accepted));
}

qint64 FeedReader::integer(QStringView key, qint64 minimum, qint64 maximum, qint64 fallback) const
{
    if (failed() || !has(key))
        return fallback;
    const auto whole = jsonWholeNumber(m_object.value(key));
    if (whole && *whole >= minimum && *whole <= maximum)
        return *whole;
    if (minimum == std::numeric_limits<qint64>::min()
        && maximum == std::numeric_limits<qint64>::max())
        reject(key, u"a whole number"_s);
    else
        reject(key, u"a whole number from %1 to %2"_s.arg(minimum).arg(maximum));
    return fallback;
}

quint64 FeedReader::count(QStringView key) const
{
    return quint64(integer(key, 0, std::numeric_limits<qint64>::max()));
}

double FeedReader::number(QStringView key, double fallback) const
{
    if (failed() || !has(key))
        return fallback;
    if (const QJsonValue value = m_object.value(key); value.isDouble())
        return value.toDouble();
    reject(key, u"a number"_s);
    return fallback;
}

bool FeedReader::flag(QStringView key, bool fallback) const
{
    if (failed() || !has(key))
        return fallback;
    if (const QJsonValue value = m_object.value(key); value.isBool())
        return value.toBool();
    reject(key, u"true or false"_s);
    return fallback;
}

QString FeedReader::text(QStringView key, const QString &fallback) const
{
    if (failed() || !has(key))
        return fallback;
    if (const QJsonValue value = m_object.value(key); value.isString())
        return value.toString();
    reject(key, u"a string"_s);
    return fallback;
}

QStringList FeedReader::texts(QStringView key) const
{
    if (failed() || !has(key))
        return {};
    const QJsonValue value = m_object.value(key);
    QStringList list;
    for (const QJsonValue &entry : value.toArray()) {
        if (!entry.isString())
            break;
        list << entry.toString();
    }
    if (value.isArray() && list.size() == value.toArray().size())
        return list;
    reject(key, u"a list of strings"_s);
    return {};
}

FeedReader FeedReader::object(QStringView key) const
{
    const QJsonValue value = m_object.value(key);
    if (!failed() && has(key) && !value.isObject())
        reject(key, u"an object"_s);
    return FeedReader(value.toObject(), path(key), m_error);
}

QList<FeedReader> FeedReader::objects(QStringView key) const
{
    if (failed() || !has(key))
        return {};
    const QJsonValue value = m_object.value(key);
    if (!value.isArray()) {
        reject(key, u"a list of objects"_s);
        return {};
    }
    const QJsonArray array = value.toArray();
    QList<FeedReader> readers;
    readers.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString at = u"%1[%2]"_s.arg(key).arg(i);
        if (!array.at(i).isObject()) {
            fail(at, u"%1 is not accepted; accepted: an object"_s.arg(jsonValueText(array.at(i))));
            return {};
        }
        readers.append(FeedReader(array.at(i).toObject(), path(at), m_error));
    }
    return readers;
}

LatencyHistogram FeedReader::histogram(QStringView key) const
{
    const FeedReader part = object(key);
    if (failed() || !has(key))
        return {};
    QString error;
    const auto histogram = LatencyHistogram::fromJson(part.json(), &error);
    if (!histogram)
        part.failWithin(error);
    return histogram.value_or(LatencyHistogram());
}

#include "feedwriter.h"

#include <algorithm>
#include <limits>

void FeedWriter::integer(QStringView key, qint64 value, qint64 fallback)
{
    if (value != fallback)
        m_object.insert(key, value);
}

void FeedWriter::count(QStringView key, quint64 value)
{
    constexpr auto Most = quint64(std::numeric_limits<qint64>::max());
    if (value)
        m_object.insert(key, qint64(std::min(value, Most)));
}

void FeedWriter::number(QStringView key, double value, double fallback)
{
    if (value != fallback)
        m_object.insert(key, value);
}

void FeedWriter::flag(QStringView key, bool value, bool fallback)
{
    if (value != fallback)
        m_object.insert(key, value);
}

void FeedWriter::text(QStringView key, const QString &value, const QString &fallback)
{
    if (value != fallback)
        m_object.insert(key, value);
}

void FeedWriter::texts(QStringView key, const QStringList &values)
{
    if (!values.isEmpty())
        m_object.insert(key, QJsonArray::fromStringList(values));
}

void FeedWriter::object(QStringView key, const QJsonObject &value)
{
    if (!value.isEmpty())
        m_object.insert(key, value);
}

void FeedWriter::array(QStringView key, const QJsonArray &values)
{
    if (!values.isEmpty())
        m_object.insert(key, values);
}

void FeedWriter::part(QStringView key, const QJsonObject &value)
{
    m_object.insert(key, value);
}

void FeedWriter::value(QStringView key, const QJsonValue &value)
{
    m_object.insert(key, value);
}

#pragma once

#include "enumnames.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <array>

// Builds one object of a feed line (FeedCodec). A value that holds its default is left out,
// so a quiet feed is a short line; FeedReader reads an absent key back as that default.
class FeedWriter
{
public:
    void integer(QStringView key, qint64 value, qint64 fallback = 0);
    // A counter or an id. JSON integers here carry up to 2^63 - 1; a counter never gets there,
    // and one that did would be written as that, not wrapped to a negative number.
    void count(QStringView key, quint64 value);
    void number(QStringView key, double value, double fallback = 0);
    void flag(QStringView key, bool value, bool fallback = false);
    void text(QStringView key, const QString &value, const QString &fallback = {});
    void texts(QStringView key, const QStringList &values);
    // An enum by its name (EnumNames); left out when it is fallback.
    template<typename Enum> void choice(QStringView key, Enum value, Enum fallback)
    {
        text(key, enumName(value), enumName(fallback));
    }
    // Left out when empty: a value part whose default is all there is to say.
    void object(QStringView key, const QJsonObject &value);
    void array(QStringView key, const QJsonArray &values);
    // Always written: an optional part that is there, even with nothing but defaults in it.
    void part(QStringView key, const QJsonObject &value);
    void value(QStringView key, const QJsonValue &value);
    // Each value as encode writes it; left out when there are none.
    template<typename T, typename Encode>
    void list(QStringView key, const QList<T> &values, Encode encode);

    // Counters indexed by an enum, by its names (EnumNames): only those that are not 0.
    template<typename Enum, size_t N>
    void counts(QStringView key, const std::array<quint64, N> &values);

    QJsonObject result() const { return m_object; }

private:
    QJsonObject m_object;
};

template<typename Enum, size_t N>
void FeedWriter::counts(QStringView key, const std::array<quint64, N> &values)
{
    FeedWriter named;
    for (size_t i = 0; i < N; ++i)
        named.count(enumName(Enum(i)), values[i]);
    object(key, named.result());
}

template<typename T, typename Encode>
void FeedWriter::list(QStringView key, const QList<T> &values, Encode encode)
{
    QJsonArray array;
    for (const T &value : values)
        array.append(encode(value));
    this->array(key, array);
}

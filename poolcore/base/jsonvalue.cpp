#include "jsonvalue.h"

#include <QLocale>

using namespace Qt::StringLiterals;

QString jsonValueText(const QJsonValue &value)
{
    constexpr qsizetype MaxShown = 60;
    switch (value.type()) {
    case QJsonValue::String: {
        const QString text = value.toString();
        return u'"' + text.left(MaxShown) + (text.size() > MaxShown ? u"…\""_s : u"\""_s);
    }
    case QJsonValue::Double:
        // A whole number in full, even past 2^53; anything else as short as reads back the same.
        if (const qint64 whole = value.toInteger(); double(whole) == value.toDouble())
            return QString::number(whole);
        return QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    case QJsonValue::Bool:
        return value.toBool() ? u"true"_s : u"false"_s;
    case QJsonValue::Array:
        return u"a list"_s;
    case QJsonValue::Object:
        return u"an object"_s;
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return u"null"_s;
}

std::optional<qint64> jsonWholeNumber(const QJsonValue &value)
{
    // toInteger() gives 0 for what is not a whole qint64, so the comparison tells them apart.
    const qint64 whole = value.toInteger();
    if (!value.isDouble() || double(whole) != value.toDouble())
        return std::nullopt;
    return whole;
}

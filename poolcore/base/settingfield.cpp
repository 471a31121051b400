#include "settingfield.h"

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

QString number(double value)
{
    return QString::number(value, 'g', 15);
}

} // namespace

QString SettingFieldBase::acceptedText() const
{
    switch (kind) {
    case Kind::Switch:
        return wording == Wording::AsTyped ? u"on or off"_s : u"true or false"_s;
    case Kind::Choice: {
        QStringList others = choices;
        const QString last = others.takeLast();
        return others.join(u", "_s) + u" or "_s + last;
    }
    case Kind::Text:
    case Kind::List:
        return accepted;
    case Kind::Integer:
    case Kind::Fraction:
        break;
    }
    const QString range = u"%1 to %2"_s.arg(number(minimum), number(maximum));
    QString suffix;
    if (!unit.isEmpty())
        suffix = wording == Wording::AsTyped ? u" (%1)"_s.arg(unit) : u' ' + unit;
    if (zeroMeans.isEmpty())
        return range + suffix;
    if (minimum <= 0)
        return u"%1%2 (0: %3)"_s.arg(range, suffix, zeroMeans);
    return u"0 (%1) or %2%3"_s.arg(zeroMeans, range, suffix);
}

QString SettingFieldBase::notAChoice() const
{
    return wording == Wording::AsTyped ? u"is not accepted"_s : u"is not a choice"_s;
}

QString SettingFieldBase::problem(const QVariant &value) const
{
    switch (kind) {
    case Kind::Integer:
    case Kind::Fraction: {
        // As read, a whole number is the number it reads as.
        const bool whole = kind == Kind::Integer && wording == Wording::AsRead;
        const double v = whole ? double(value.toLongLong()) : value.toDouble();
        if ((v == 0 && !zeroMeans.isEmpty()) || (v >= minimum && v <= maximum))
            return {};
        return u"%1 is out of range; accepted: %2"_s.arg(
            whole ? QString::number(value.toLongLong()) : value.toString(), acceptedText());
    }
    case Kind::Choice:
        if (choices.contains(value.toString()))
            return {};
        return u"\"%1\" %2; accepted: %3"_s.arg(value.toString(), notAChoice(), acceptedText());
    case Kind::Text:
    case Kind::List:
        return validate ? validate(value) : QString();
    case Kind::Switch:
        break;
    }
    return {};
}

QString SettingFieldBase::check(const QVariant &value) const
{
    const QString why = problem(value);
    return why.isEmpty() ? why : key + u": "_s + why;
}

std::optional<QVariant> SettingFieldBase::parse(QStringView text, QString *error) const
{
    const bool typed = wording == Wording::AsTyped;
    const QString trimmed = text.trimmed().toString();
    const auto fail = [error](const QString &message) -> std::optional<QVariant> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    // Text that does not read as the kind is quoted: as typed, or as read.
    const auto unreadable = [&](const QString &why, const QString &what) {
        return fail(u"\"%1\" %2; accepted: %3"_s.arg(typed ? text.left(40) : trimmed, why, what));
    };
    QVariant value;
    switch (kind) {
    case Kind::Switch: {
        const QString word = trimmed.toLower();
        if (word == u"on" || word == u"true" || word == u"yes" || word == u"1")
            return QVariant(true);
        if (word == u"off" || word == u"false" || word == u"no" || word == u"0")
            return QVariant(false);
        return unreadable(u"is not a switch"_s,
                          typed ? acceptedText() : acceptedText() + u" (on/off, 1/0)"_s);
    }
    case Kind::Choice:
        for (const QString &choice : choices) {
            if (choice.compare(trimmed, Qt::CaseInsensitive) == 0)
                return QVariant(choice);
        }
        if (typed)
            return unreadable(notAChoice(), acceptedText());
        value = trimmed.toLower();
        break;
    case Kind::Integer: {
        bool ok = false;
        value = trimmed.toLongLong(&ok);
        if (ok)
            break;
        if (!typed)
            return unreadable(u"is not a whole number"_s, acceptedText());
        // What was typed may still be a number, one too large for a whole one or a fraction.
        const double asDouble = trimmed.toDouble(&ok);
        if (!ok || !std::isfinite(asDouble))
            return unreadable(u"is not a number"_s, acceptedText());
        return unreadable(asDouble == std::floor(asDouble) ? u"is out of range"_s
                                                           : u"is not a whole number"_s,
                          acceptedText());
    }
    case Kind::Fraction: {
        bool ok = false;
        value = trimmed.toDouble(&ok);
        if (!ok || !std::isfinite(value.toDouble()))
            return unreadable(u"is not a number"_s, acceptedText());
        break;
    }
    case Kind::Text:
        value = trimmed;
        break;
    case Kind::List: {
        QStringList entries;
        for (const QString &part : trimmed.split(u',', Qt::SkipEmptyParts))
            entries << part.trimmed();
        value = entries;
        break;
    }
    }
    const QString why = problem(value);
    if (why.isEmpty())
        return value;
    if (typed && (kind == Kind::Integer || kind == Kind::Fraction))
        return unreadable(u"is out of range"_s, acceptedText());
    return fail(why);
}

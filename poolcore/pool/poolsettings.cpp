#include "poolsettings.h"

#include "jsonvalue.h"
#include "poolsettingfield.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace {

// A list setting's entries, each a string. A lone string is refused, not taken as a list of
// one: a setting has one shape in JSON, the list toJson() writes.
std::optional<QStringList> stringList(const PoolSettingField &field, const QJsonValue &value,
                                      QString *error)
{
    const QString accepted = field.acceptedText();
    if (!value.isArray()) {
        *error = value.isString()
            ? u"%1: %2 is a string, not a list; accepted: %3 (a JSON list of strings, e.g. [%2])"_s
                  .arg(field.key, jsonValueText(value), accepted)
            : u"%1: %2 is not a list; accepted: %3 (a JSON list of strings)"_s.arg(
                field.key, jsonValueText(value), accepted);
        return std::nullopt;
    }
    const QJsonArray array = value.toArray();
    QStringList entries;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonValue entry = array.at(i);
        if (!entry.isString()) {
            const QString what
                = entry.isDouble() ? u"the number "_s + jsonValueText(entry) : jsonValueText(entry);
            *error = u"%1: entry %2 of %3 is %4, not a string; accepted: %5 (a JSON list of "
                     "strings)"_s.arg(field.key)
                         .arg(i + 1)
                         .arg(array.size())
                         .arg(what, accepted);
            return std::nullopt;
        }
        entries << entry.toString();
    }
    return entries;
}

} // namespace

QStringList PoolSettings::validate() const
{
    QStringList errors;
    for (const PoolSettingField &field : PoolSettingField::all()) {
        if (field.key == u"ca_file"_s && !tls)
            continue;
        const QString error = field.check(field.get(*this));
        if (!error.isEmpty())
            errors << error;
    }
    if (minIdle > maxConnections) {
        errors << u"min_idle: %1 is above max_connections (%2); accepted: 0 to max_connections"_s
                      .arg(minIdle)
                      .arg(maxConnections);
    }
    if (minConnections > maxConnections) {
        errors << u"min_connections: %1 is above max_connections (%2); accepted: 0 to "
                  "max_connections"_s.arg(minConnections)
                      .arg(maxConnections);
    }
    if (backoffMaxMs < backoffInitialMs) {
        errors << u"backoff_max_ms: %1 is below backoff_initial_ms (%2); accepted: "
                  "backoff_initial_ms to 3600000 ms"_s.arg(backoffMaxMs)
                      .arg(backoffInitialMs);
    }
    return errors;
}

QJsonObject PoolSettings::toJson() const
{
    QJsonObject object;
    for (const PoolSettingField &field : PoolSettingField::all()) {
        const QVariant value = field.get(*this);
        if (field.kind == PoolSettingField::Kind::List)
            object.insert(field.key, QJsonArray::fromStringList(value.toStringList()));
        else
            object.insert(field.key, QJsonValue::fromVariant(value));
    }
    return object;
}

PoolSettings PoolSettings::fromJson(const QJsonObject &object, QStringList *errors,
                                    const PoolSettings &base)
{
    PoolSettings settings = base;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const PoolSettingField *field = PoolSettingField::find(it.key());
        if (!field || field->key != it.key()) {
            if (errors)
                *errors << u"%1: not a pool setting; accepted keys: %2"_s.arg(it.key(), [] {
                    QStringList keys;
                    for (const PoolSettingField &f : PoolSettingField::all())
                        keys << f.key;
                    return keys.join(u", "_s);
                }());
            continue;
        }
        const QJsonValue value = it.value();
        QString error;
        QVariant converted;
        switch (field->kind) {
        case PoolSettingField::Kind::Integer:
        case PoolSettingField::Kind::Fraction: // no pool setting is a fraction
            if (!value.isDouble() || value.toDouble() != double(value.toInteger()))
                error = u"%1: %2 is not a whole number; accepted: %3"_s.arg(
                    field->key, jsonValueText(value), field->acceptedText());
            else
                converted = value.toInteger();
            break;
        case PoolSettingField::Kind::Switch:
            if (!value.isBool())
                error = u"%1: %2 is not true or false; accepted: true or false"_s.arg(
                    field->key, jsonValueText(value));
            else
                converted = value.toBool();
            break;
        case PoolSettingField::Kind::Text:
        case PoolSettingField::Kind::Choice:
            if (!value.isString())
                error = u"%1: %2 is not a string; accepted: %3"_s.arg(
                    field->key, jsonValueText(value), field->acceptedText());
            else
                converted = value.toString();
            break;
        case PoolSettingField::Kind::List:
            if (const auto entries = stringList(*field, value, &error))
                converted = *entries;
            break;
        }
        if (error.isEmpty())
            error = field->check(converted);
        PoolSettings changed = settings;
        if (error.isEmpty()) {
            field->set(changed, converted);
            // What is kept can differ from what was given (text is trimmed: "\t" is no host).
            error = field->check(field->get(changed));
        }
        if (!error.isEmpty()) {
            if (errors)
                *errors << error;
            continue;
        }
        settings = changed;
    }
    return settings;
}

PoolSettings PoolSettings::fromJson(const QJsonObject &object, QStringList *errors)
{
    return fromJson(object, errors, PoolSettings());
}

QString PoolSettings::target() const
{
    const QString shownHost = host.contains(u':') ? u'[' + host + u']' : host;
    return u"%1:%2"_s.arg(shownHost).arg(port);
}

bool PoolSettings::targetDiffers(const PoolSettings &other) const
{
    // Without TLS, tls_insecure and ca_file change nothing about a connection.
    return host != other.host || port != other.port || tls != other.tls
        || (tls && (tlsInsecure != other.tlsInsecure || caFile != other.caFile));
}

QStringList PoolSettings::keysDiffering(const PoolSettings &other) const
{
    QStringList keys;
    const QJsonObject mine = toJson();
    const QJsonObject theirs = other.toJson();
    for (auto it = mine.begin(); it != mine.end(); ++it) {
        if (theirs.value(it.key()) != it.value())
            keys << it.key();
    }
    return keys;
}

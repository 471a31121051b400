#include "targetsfile.h"

#include "jsonvalue.h"
#include "poolsettingfield.h"
#include "smallfile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 MaxBytes = 4 << 20;
const QString Accepted = u"accepted: a JSON array of objects, each with a \"name\", \"lab\": true "
                         "or \"host\" and \"port\", and any pool setting or workload key"_s;

QStringList poolKeys()
{
    QStringList keys;
    for (const PoolSettingField &field : PoolSettingField::all())
        keys << field.key;
    return keys;
}

// One target from its object, or *error without the file's name.
std::optional<TargetsFile::Target> targetOf(const QJsonObject &object,
                                            const TargetsFile::Base &base, QString *error)
{
    TargetsFile::Target target;
    target.name = object.value(u"name"_s).toString();
    if (target.name.trimmed().isEmpty()) {
        *error = u"name: missing or empty; accepted: a name such as \"database\""_s;
        return std::nullopt;
    }
    const QStringList pool = poolKeys();
    const QStringList load = LoadSettings().toFullJson().keys();
    QJsonObject poolPart, loadPart;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key() == u"name"_s)
            continue;
        if (it.key() == u"lab"_s) {
            if (!it.value().isBool()) {
                *error = u"lab: %1 is not accepted; accepted: true or false"_s.arg(
                    jsonValueText(it.value()));
                return std::nullopt;
            }
            target.lab = it.value().toBool();
        } else if (pool.contains(it.key())) {
            poolPart.insert(it.key(), it.value());
        } else if (load.contains(it.key())) {
            loadPart.insert(it.key(), it.value());
        } else {
            *error = u"%1: unknown key; accepted: name, lab, %2, %3"_s.arg(
                it.key(), pool.join(u", "_s), load.join(u", "_s));
            return std::nullopt;
        }
    }
    QStringList errors;
    target.load = LoadSettings::fromJson(loadPart, &errors, base.load);
    target.pool = PoolSettings::fromJson(poolPart, &errors, base.pool);
    if (!target.lab && !base.protocolGiven && !loadPart.contains(u"protocol"_s))
        errors << u"protocol: missing; accepted: %1 (here or as --protocol)"_s.arg(
            enumNameList<ProtocolKind>().join(u", "_s));
    if (!poolPart.contains(u"max_connections"_s))
        target.pool.maxConnections = target.load.concurrency;
    PoolSettings checked = target.pool;
    if (target.lab) {
        checked.host = u"127.0.0.1"_s;
        checked.port = 1;
    } else if (checked.host.isEmpty() || checked.port == 0) {
        errors << u"host and port: missing; accepted: \"host\": \"127.0.0.1\", \"port\": 6379, "
                  "or \"lab\": true"_s;
    }
    if (errors.isEmpty())
        errors << checked.validate();
    if (!errors.isEmpty()) {
        *error = errors.first();
        return std::nullopt;
    }
    return target;
}

} // namespace

std::optional<QList<TargetsFile::Target>> TargetsFile::read(const QString &path, const Base &base,
                                                            QString *error)
{
    const SmallFile file = SmallFile::read(path, MaxBytes);
    if (!file.error.isEmpty()) {
        *error = u"cannot read \"%1\": %2"_s.arg(path, file.error);
        return std::nullopt;
    }
    return parse(file.data, path, base, error);
}

std::optional<QList<TargetsFile::Target>>
TargetsFile::parse(const QByteArray &data, const QString &name, const Base &base, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(data, &parseError);
    if (!document.isArray() || document.array().isEmpty()) {
        const QString what = parseError.error != QJsonParseError::NoError
            ? u"not JSON (%1 at byte %2)"_s.arg(parseError.errorString()).arg(parseError.offset)
            : document.isArray() ? u"an empty array"_s
                                 : u"not an array"_s;
        *error = u"%1: %2; "_s.arg(name, what) + Accepted;
        return std::nullopt;
    }
    QList<Target> targets;
    QSet<QString> names;
    const QJsonArray array = document.array();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString where = u"%1: target %2"_s.arg(name).arg(i + 1);
        if (!array[i].isObject()) {
            *error = u"%1: %2 is not an object; "_s.arg(where, jsonValueText(array[i])) + Accepted;
            return std::nullopt;
        }
        QString why;
        const std::optional<Target> target = targetOf(array[i].toObject(), base, &why);
        if (!target) {
            const QString named = array[i].toObject().value(u"name"_s).toString();
            *error = (named.isEmpty() ? where : u"%1 (\"%2\")"_s.arg(where, named)) + u": "_s + why;
            return std::nullopt;
        }
        if (names.contains(target->name)) {
            *error = u"%1: name \"%2\" is taken by an earlier target; accepted: a name of its "
                     "own"_s.arg(where, target->name);
            return std::nullopt;
        }
        names.insert(target->name);
        targets << *target;
    }
    return targets;
}

#include "sessionprofile.h"

#include "poolsettingfield.h"
#include "smallfile.h"

#include <QFile>
#include <QHostAddress>
#include <QJsonDocument>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace {

constexpr int FormatVersion = 1;
const QString SettingsKey = u"session/profile"_s;

QString lineAndColumn(const QByteArray &data, int offset)
{
    const QByteArray before = data.left(offset);
    const auto line = before.count('\n') + 1;
    const auto column = offset - (before.lastIndexOf('\n') + 1) + 1;
    return u"line %1, column %2"_s.arg(line).arg(column);
}

// The pool's settings as a session checks them: on the lab, its address stands in for the
// target, whatever the profile says there.
PoolSettings poolToCheck(const SessionProfile &profile)
{
    PoolSettings settings = profile.pool;
    if (profile.targetsLab) {
        settings.host = u"127.0.0.1"_s;
        settings.port = 1;
        settings.caFile.clear();
    }
    return settings;
}

} // namespace

SessionProfile SessionProfile::embeddedDefault()
{
    SessionProfile profile;
    profile.lab = LabSettings::embeddedDefault();
    PoolSettings &pool = profile.pool;
    pool.host = u"127.0.0.1"_s;
    pool.port = 1; // replaced by the lab's port
    pool.maxConnections = 8;
    pool.minIdle = 2; // rows and lanes from the first second, before any request
    pool.acquireTimeoutMs = 5'000;
    pool.connectTimeoutMs = 3'000;
    pool.idleTimeoutMs = 30'000; // idle extras leave within a demo
    pool.maxLifetimeMs = 120'000; // and connections are recycled by age within a few minutes
    pool.backoffMaxMs = 5'000;
    LoadSettings &load = profile.load;
    load.protocol.kind = profile.lab.protocol;
    load.concurrency = 4;
    load.ratePerSecond = 100;
    load.pooled = true;
    return profile;
}

QStringList SessionProfile::validate() const
{
    LabSettings listening = lab;
    listening.port = 0;
    return poolToCheck(*this).validate() + load.validate() + listening.validate();
}

QJsonObject SessionProfile::toJson() const
{
    QJsonObject pool = this->pool.toJson();
    if (targetsLab) {
        pool.remove(u"host"_s);
        pool.remove(u"port"_s);
    }
    return {{u"poolscope_profile"_s, FormatVersion},
            {u"target"_s, targetsLab ? u"lab"_s : this->pool.target()},
            {u"pool"_s, pool},
            {u"workload"_s, load.toFullJson()},
            {u"lab"_s, lab.toJson()}};
}

std::optional<SessionProfile>
SessionProfile::fromJson(const QJsonObject &object, QStringList *errors, const SessionProfile &base)
{
    SessionProfile profile = base;
    QStringList found;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString &key = it.key();
        const QJsonValue &value = it.value();
        if (key == u"poolscope_profile") {
            if (value.toInt() != FormatVersion)
                found << u"poolscope_profile: %1 is not a version this PoolScope reads; "
                         "accepted: %2"_s.arg(value.toVariant().toString())
                             .arg(FormatVersion);
        } else if (key == u"target") {
            // "lab", or the pool's own host and port (in the pool section).
            if (!value.isString())
                found << u"target: wrong type; accepted: \"lab\" or HOST:PORT"_s;
            else if (value.toString() == u"lab")
                profile.targetsLab = true;
            else if (QString error; const auto target = parseTarget(value.toString(), &error)) {
                profile.targetsLab = false;
                profile.pool.host = target->first;
                profile.pool.port = target->second;
            } else {
                found << u"target: "_s + error;
            }
        } else if (key == u"pool" || key == u"workload" || key == u"lab") {
            if (!value.isObject()) {
                found << u"%1: wrong type; accepted: an object"_s.arg(key);
                continue;
            }
            QStringList sectionErrors;
            if (key == u"pool") {
                profile.pool
                    = PoolSettings::fromJson(value.toObject(), &sectionErrors, profile.pool);
            } else if (key == u"workload") {
                profile.load
                    = LoadSettings::fromJson(value.toObject(), &sectionErrors, profile.load);
            } else {
                profile.lab = LabSettings::fromJson(value.toObject(), &sectionErrors, profile.lab);
            }
            for (const QString &error : sectionErrors)
                found << (error.startsWith(key + u'.') ? error : key + u'.' + error);
        } else {
            found << u"%1: unknown key; accepted: poolscope_profile, target, pool, workload, "
                     "lab"_s.arg(key);
        }
    }
    // Settings that pass one by one but not together (min_idle above max_connections) refuse
    // the profile on the lab too: the session would refuse them.
    for (const QString &error : poolToCheck(profile).validate())
        found << u"pool."_s + error;
    found.removeDuplicates();
    if (!found.isEmpty()) {
        *errors = found;
        return std::nullopt;
    }
    return profile;
}

std::optional<SessionProfile> SessionProfile::readFile(const QString &path, QString *error)
{
    // A profile is a few KiB; far more is some other file.
    constexpr qint64 MaxProfileBytes = 16 << 20;
    const SmallFile file = SmallFile::read(path, MaxProfileBytes);
    if (!file.error.isEmpty()) {
        *error = tr("%1 could not be read: %2").arg(path, file.error);
        return std::nullopt;
    }
    return fromFileData(file.data, path, error);
}

std::optional<SessionProfile> SessionProfile::fromFileData(const QByteArray &data,
                                                           const QString &path, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = tr("%1 is not valid JSON: %2 at %3.")
                     .arg(path, parseError.errorString(), lineAndColumn(data, parseError.offset));
        return std::nullopt;
    }
    if (!document.isObject()) {
        *error = tr("%1 is not a PoolScope profile: it holds a JSON %2, not an object "
                    "with pool, workload and lab sections.")
                     .arg(path, document.isArray() ? tr("array") : tr("value"));
        return std::nullopt;
    }
    QStringList errors;
    auto profile = fromJson(document.object(), &errors, embeddedDefault());
    if (!profile) {
        *error = tr("%1 was not loaded, nothing was changed:\n%2")
                     .arg(path, u"• "_s + errors.join(u"\n• "_s));
        return std::nullopt;
    }
    return profile;
}

bool SessionProfile::writeFile(const QString &path, QString *error) const
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || file.write(QJsonDocument(toJson()).toJson()) < 0 || !file.flush()) {
        *error = tr("%1 could not be written: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

SessionProfile SessionProfile::restore(QSettings &settings)
{
    const SessionProfile defaults = embeddedDefault();
    const QJsonDocument document
        = QJsonDocument::fromJson(settings.value(SettingsKey).toByteArray());
    if (!document.isObject())
        return defaults;
    QJsonObject object = document.object();
    object.remove(u"lab"_s);
    QStringList errors;
    // Settings from another version that no longer fit are dropped as a whole: half of them
    // would be a combination nobody chose.
    return fromJson(object, &errors, defaults).value_or(defaults);
}

void SessionProfile::store(QSettings &settings) const
{
    QJsonObject object = toJson();
    object.remove(u"lab"_s);
    settings.setValue(SettingsKey, QJsonDocument(object).toJson(QJsonDocument::Compact));
}

std::optional<std::pair<QString, int>> SessionProfile::parseTarget(QStringView text, QString *error)
{
    const QString trimmed = text.trimmed().toString();
    const QString accepted = tr("accepted: HOST:PORT, e.g. 127.0.0.1:6379, localhost:8080 or "
                                "[::1]:11211");
    QString host;
    QString port;
    if (trimmed.startsWith(u'[')) {
        const qsizetype end = trimmed.indexOf(u"]:"_s);
        if (end < 0) {
            *error
                = tr("\"%1\" has no port after the bracketed address; %2").arg(trimmed, accepted);
            return std::nullopt;
        }
        host = trimmed.mid(1, end - 1);
        port = trimmed.mid(end + 2);
        // As on the command line (Endpoint): target() brackets IPv6 addresses only, so any
        // other host would not read back the same.
        if (QHostAddress(host).protocol() != QAbstractSocket::IPv6Protocol) {
            *error = tr("\"%1\": brackets are for an IPv6 address; %2").arg(trimmed, accepted);
            return std::nullopt;
        }
    } else {
        const qsizetype colon = trimmed.lastIndexOf(u':');
        if (colon < 0) {
            *error = tr("\"%1\" has no port; %2").arg(trimmed, accepted);
            return std::nullopt;
        }
        if (trimmed.indexOf(u':') != colon) {
            *error = tr("\"%1\": an IPv6 address goes in brackets; %2").arg(trimmed, accepted);
            return std::nullopt;
        }
        host = trimmed.left(colon);
        port = trimmed.mid(colon + 1);
    }
    bool ok = false;
    const int number = port.toInt(&ok);
    if (!ok || number < 1 || number > 65535) {
        *error = tr("\"%1\" is not a port (1 to 65535); %2").arg(port, accepted);
        return std::nullopt;
    }
    const PoolSettingField *hostField = PoolSettingField::find(u"host");
    if (const QString hostError = hostField->check(host); !hostError.isEmpty()) {
        *error = hostError;
        return std::nullopt;
    }
    return std::pair{host, number};
}

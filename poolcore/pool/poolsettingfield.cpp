#include "poolsettingfield.h"

#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace {

using Kind = PoolSettingField::Kind;
using Group = PoolSettingField::Group;

template<typename T>
PoolSettingField integer(const QString &key, Group group, const QString &unit, qint64 minimum,
                         qint64 maximum, T PoolSettings::*member, const QString &zeroMeans = {})
{
    PoolSettingField f;
    f.key = key;
    f.kind = Kind::Integer;
    f.group = group;
    f.unit = unit;
    f.minimum = minimum;
    f.maximum = maximum;
    f.zeroMeans = zeroMeans;
    f.get = [member](const PoolSettings &s) { return QVariant::fromValue(qint64(s.*member)); };
    f.set = [member](PoolSettings &s, const QVariant &v) { s.*member = T(v.toLongLong()); };
    return f;
}

PoolSettingField boolean(const QString &key, Group group, bool PoolSettings::*member)
{
    PoolSettingField f;
    f.key = key;
    f.kind = Kind::Boolean;
    f.group = group;
    f.get = [member](const PoolSettings &s) { return QVariant(s.*member); };
    f.set = [member](PoolSettings &s, const QVariant &v) { s.*member = v.toBool(); };
    return f;
}

PoolSettingField text(const QString &key, Group group, QString PoolSettings::*member)
{
    PoolSettingField f;
    f.key = key;
    f.kind = Kind::Text;
    f.group = group;
    f.get = [member](const PoolSettings &s) { return QVariant(s.*member); };
    f.set = [member](PoolSettings &s, const QVariant &v) { s.*member = v.toString().trimmed(); };
    return f;
}

QList<PoolSettingField> makeFields()
{
    constexpr qint64 day = 86'400'000;
    constexpr qint64 hour = 3'600'000;
    QList<PoolSettingField> fields{
        text(u"host"_s, Group::Target, &PoolSettings::host),
        integer(u"port"_s, Group::Target, {}, 1, 65535, &PoolSettings::port),
        boolean(u"tls"_s, Group::Target, &PoolSettings::tls),
        boolean(u"tls_insecure"_s, Group::Target, &PoolSettings::tlsInsecure),
        text(u"ca_file"_s, Group::Target, &PoolSettings::caFile),
        integer(u"max_connections"_s, Group::Size, {}, 1, 10'000, &PoolSettings::maxConnections),
        integer(u"min_idle"_s, Group::Size, {}, 0, 10'000, &PoolSettings::minIdle),
        integer(u"max_concurrent_dials"_s, Group::Size, {}, 1, 1'000,
                &PoolSettings::maxConcurrentDials),
        integer(u"acquire_timeout_ms"_s, Group::Timeouts, u"ms"_s, 0, hour,
                &PoolSettings::acquireTimeoutMs, u"fail at once when every connection is busy"_s),
        integer(u"connect_timeout_ms"_s, Group::Timeouts, u"ms"_s, 1, 600'000,
                &PoolSettings::connectTimeoutMs),
        integer(u"idle_timeout_ms"_s, Group::Lifetime, u"ms"_s, 0, day,
                &PoolSettings::idleTimeoutMs, u"never"_s),
        integer(u"max_lifetime_ms"_s, Group::Lifetime, u"ms"_s, 0, day,
                &PoolSettings::maxLifetimeMs, u"never"_s),
        boolean(u"check_before_reuse"_s, Group::Health, &PoolSettings::checkBeforeReuse),
        integer(u"check_after_idle_ms"_s, Group::Health, u"ms"_s, 0, hour,
                &PoolSettings::checkAfterIdleMs, u"check before every reuse"_s),
        integer(u"backoff_initial_ms"_s, Group::Health, u"ms"_s, 0, 600'000,
                &PoolSettings::backoffInitialMs, u"no back-off"_s),
        integer(u"backoff_max_ms"_s, Group::Health, u"ms"_s, 0, hour, &PoolSettings::backoffMaxMs),
        boolean(u"tcp_nodelay"_s, Group::Network, &PoolSettings::tcpNoDelay),
        boolean(u"keepalive"_s, Group::Network, &PoolSettings::keepAlive),
        integer(u"keepalive_idle_s"_s, Group::Network, u"s"_s, 1, 32'767,
                &PoolSettings::keepAliveIdleS),
        integer(u"keepalive_interval_s"_s, Group::Network, u"s"_s, 1, 32'767,
                &PoolSettings::keepAliveIntervalS),
        integer(u"keepalive_count"_s, Group::Network, {}, 1, 127, &PoolSettings::keepAliveCount),
        integer(u"dns_refresh_ms"_s, Group::Network, u"ms"_s, 100, day, &PoolSettings::dnsRefreshMs,
                u"resolve once"_s),
    };

    PoolSettingField order;
    order.key = u"reuse_order"_s;
    order.kind = Kind::Choice;
    order.group = Group::Lifetime;
    order.choices = enumNameList<ReuseOrder>();
    order.get = [](const PoolSettings &s) { return QVariant(enumName(s.reuseOrder)); };
    order.set = [](PoolSettings &s, const QVariant &v) {
        s.reuseOrder = enumFromName<ReuseOrder>(v.toString()).value_or(ReuseOrder::Lifo);
    };
    fields.insert(12, order);

    PoolSettingField resolve;
    resolve.key = u"resolve"_s;
    resolve.kind = Kind::HostOverrides;
    resolve.group = Group::Target;
    resolve.get = [](const PoolSettings &s) {
        QStringList list;
        for (const HostOverride &o : s.hostOverrides)
            list << o.toString();
        return QVariant(list);
    };
    resolve.set = [](PoolSettings &s, const QVariant &v) {
        s.hostOverrides.clear();
        for (const QString &entry : v.toStringList()) {
            if (auto parsed = HostOverride::parse(entry, nullptr))
                s.hostOverrides << *parsed;
        }
    };
    fields.insert(5, resolve);
    return fields;
}

} // namespace

const QList<PoolSettingField> &PoolSettingField::all()
{
    static const QList<PoolSettingField> fields = makeFields();
    return fields;
}

const PoolSettingField *PoolSettingField::find(QStringView key)
{
    for (const PoolSettingField &f : all()) {
        if (f.key == key || f.optionName() == key)
            return &f;
    }
    return nullptr;
}

QString PoolSettingField::optionName() const
{
    return QString(key).replace(u'_', u'-');
}

QString PoolSettingField::acceptedText() const
{
    switch (kind) {
    case Kind::Boolean:
        return u"true or false"_s;
    case Kind::Choice:
        return choices.join(u" or "_s);
    case Kind::HostOverrides:
        return u"a list of HOST:PORT:ADDRESS"_s;
    case Kind::Text:
        return key == u"host"_s ? u"a host name or an IP address"_s
                                : u"a path to a PEM file, or empty"_s;
    case Kind::Integer:
        break;
    }
    const QString suffix = unit.isEmpty() ? QString() : u' ' + unit;
    if (zeroMeans.isEmpty())
        return u"%1 to %2%3"_s.arg(minimum).arg(maximum).arg(suffix);
    if (minimum <= 0)
        return u"%1 to %2%3 (0: %4)"_s.arg(minimum).arg(maximum).arg(suffix, zeroMeans);
    return u"0 (%1) or %2 to %3%4"_s.arg(zeroMeans).arg(minimum).arg(maximum).arg(suffix);
}

QString PoolSettingField::check(const QVariant &value) const
{
    switch (kind) {
    case Kind::Integer: {
        const qint64 v = value.toLongLong();
        if ((v == 0 && !zeroMeans.isEmpty()) || (v >= minimum && v <= maximum))
            return {};
        return u"%1: %2 is out of range; accepted: %3"_s.arg(key).arg(v).arg(acceptedText());
    }
    case Kind::Choice:
        if (choices.contains(value.toString()))
            return {};
        return u"%1: \"%2\" is not a choice; accepted: %3"_s.arg(key, value.toString(),
                                                                 acceptedText());
    case Kind::Text: {
        const QString v = value.toString();
        if (key == u"host"_s) {
            if (v.isEmpty())
                return u"host: empty; accepted: %1"_s.arg(acceptedText());
            if (v.size() > 253 || v.contains(u' ') || v.contains(u'/'))
                return u"host: \"%1\" is not a host name; accepted: %2"_s.arg(v, acceptedText());
        } else if (!v.isEmpty() && !QFileInfo(v).isReadable()) {
            return u"%1: \"%2\" is not a readable file; accepted: %3"_s.arg(key, v, acceptedText());
        }
        return {};
    }
    case Kind::HostOverrides:
        for (const QString &entry : value.toStringList()) {
            QString error;
            if (!HostOverride::parse(entry, &error))
                return error;
        }
        return {};
    case Kind::Boolean:
        return {};
    }
    return {};
}

QString PoolSettingField::fromText(QStringView text, QVariant *value) const
{
    const QString trimmed = text.trimmed().toString();
    switch (kind) {
    case Kind::Integer: {
        bool ok = false;
        const qint64 v = trimmed.toLongLong(&ok);
        if (!ok) {
            return u"%1: \"%2\" is not a whole number; accepted: %3"_s.arg(key, trimmed,
                                                                           acceptedText());
        }
        *value = v;
        return check(*value);
    }
    case Kind::Boolean: {
        static const QStringList yes{u"1"_s, u"true"_s, u"on"_s, u"yes"_s};
        static const QStringList no{u"0"_s, u"false"_s, u"off"_s, u"no"_s};
        if (yes.contains(trimmed.toLower())) {
            *value = true;
        } else if (no.contains(trimmed.toLower())) {
            *value = false;
        } else {
            return u"%1: \"%2\" is not a switch; accepted: true or false (on/off, 1/0)"_s.arg(
                key, trimmed);
        }
        return {};
    }
    case Kind::HostOverrides: {
        QStringList entries;
        for (const QString &part : trimmed.split(u',', Qt::SkipEmptyParts))
            entries << part.trimmed();
        *value = entries;
        return check(*value);
    }
    case Kind::Choice:
        *value = trimmed.toLower();
        return check(*value);
    case Kind::Text:
        *value = trimmed;
        return check(*value);
    }
    return {};
}

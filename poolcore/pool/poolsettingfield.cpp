#include "poolsettingfield.h"

#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace {

using Kind = PoolSettingField::Kind;
using Group = PoolSettingField::Group;

constexpr auto HostAccepted = "a host name or an IP address"_L1;
constexpr auto CaFileAccepted = "a path to a PEM file, or empty"_L1;

template<typename T>
PoolSettingField field(const QString &key, Kind kind, Group group, T PoolSettings::*member)
{
    PoolSettingField f;
    f.key = key;
    f.kind = kind;
    f.group = group;
    f.bind(member);
    return f;
}

template<typename T>
PoolSettingField integer(const QString &key, Group group, const QString &unit, qint64 minimum,
                         qint64 maximum, T PoolSettings::*member, const QString &zeroMeans = {})
{
    PoolSettingField f = field(key, Kind::Integer, group, member);
    f.unit = unit;
    f.minimum = double(minimum);
    f.maximum = double(maximum);
    f.zeroMeans = zeroMeans;
    return f;
}

PoolSettingField boolean(const QString &key, Group group, bool PoolSettings::*member)
{
    return field(key, Kind::Switch, group, member);
}

PoolSettingField text(const QString &key, Group group, QString PoolSettings::*member,
                      QLatin1StringView accepted, QString (*validate)(const QVariant &))
{
    PoolSettingField f = field(key, Kind::Text, group, member);
    f.set = [member](PoolSettings &s, const QVariant &v) { s.*member = v.toString().trimmed(); };
    f.accepted = accepted;
    f.validate = validate;
    return f;
}

QString hostProblem(const QVariant &value)
{
    const QString host = value.toString();
    if (host.isEmpty())
        return u"empty; accepted: %1"_s.arg(HostAccepted);
    if (host.size() > 253 || host.contains(u' ') || host.contains(u'/'))
        return u"\"%1\" is not a host name; accepted: %2"_s.arg(host, HostAccepted);
    return {};
}

QString caFileProblem(const QVariant &value)
{
    const QString path = value.toString();
    if (!path.isEmpty() && !QFileInfo(path).isReadable())
        return u"\"%1\" is not a readable file; accepted: %2"_s.arg(path, CaFileAccepted);
    return {};
}

PoolSettingField hostOverrides()
{
    PoolSettingField f;
    f.key = u"resolve"_s;
    f.kind = Kind::List;
    f.group = Group::Target;
    f.accepted = u"a list of HOST:PORT:ADDRESS"_s;
    f.validate = [](const QVariant &value) {
        for (const QString &entry : value.toStringList()) {
            QString error;
            // HostOverride's message names the setting: "resolve: ...".
            if (!HostOverride::parse(entry, &error))
                return error.mid(QStringView(u"resolve: ").size());
        }
        return QString();
    };
    f.get = [](const PoolSettings &s) {
        QStringList list;
        for (const HostOverride &o : s.hostOverrides)
            list << o.toString();
        return QVariant(list);
    };
    f.set = [](PoolSettings &s, const QVariant &v) {
        s.hostOverrides.clear();
        for (const QString &entry : v.toStringList()) {
            if (auto parsed = HostOverride::parse(entry, nullptr))
                s.hostOverrides << *parsed;
        }
    };
    return f;
}

QList<PoolSettingField> makeFields()
{
    constexpr qint64 day = 86'400'000;
    constexpr qint64 hour = 3'600'000;
    QList<PoolSettingField> fields{
        text(u"host"_s, Group::Target, &PoolSettings::host, HostAccepted, hostProblem),
        integer(u"port"_s, Group::Target, {}, 1, 65535, &PoolSettings::port),
        boolean(u"tls"_s, Group::Target, &PoolSettings::tls),
        boolean(u"tls_insecure"_s, Group::Target, &PoolSettings::tlsInsecure),
        text(u"ca_file"_s, Group::Target, &PoolSettings::caFile, CaFileAccepted, caFileProblem),
        integer(u"max_connections"_s, Group::Size, {}, 1, 10'000, &PoolSettings::maxConnections),
        integer(u"min_idle"_s, Group::Size, {}, 0, 10'000, &PoolSettings::minIdle),
        integer(u"min_connections"_s, Group::Size, {}, 0, 10'000, &PoolSettings::minConnections),
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
        integer(u"maintenance_interval_ms"_s, Group::Lifetime, u"ms"_s, -1, hour,
                &PoolSettings::maintenanceIntervalMs, u"when the next idle connection is due"_s),
        boolean(u"check_before_reuse"_s, Group::Health, &PoolSettings::checkBeforeReuse),
        integer(u"check_after_idle_ms"_s, Group::Health, u"ms"_s, 0, hour,
                &PoolSettings::checkAfterIdleMs, u"check before every reuse"_s),
        integer(u"backoff_initial_ms"_s, Group::Health, u"ms"_s, 0, 600'000,
                &PoolSettings::backoffInitialMs, u"no back-off"_s),
        integer(u"backoff_max_ms"_s, Group::Health, u"ms"_s, 0, hour, &PoolSettings::backoffMaxMs),
        integer(u"pause_after_dial_failures"_s, Group::Health, {}, 0, 1'000,
                &PoolSettings::pauseAfterDialFailures, u"never pause"_s),
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
    fields.insert(13, order);
    fields.insert(5, hostOverrides());
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

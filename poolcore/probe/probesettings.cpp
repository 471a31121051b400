#include "probesettings.h"

#include "poolsettings.h"

#include <QFileInfo>
#include <QJsonArray>

#include <algorithm>

using namespace Qt::StringLiterals;

QStringList ProbeSettings::validate() const
{
    QStringList errors;
    if (host.isEmpty())
        errors << u"target: no host; accepted: HOST:PORT with a host name or an IP address"_s;
    else if (host.size() > 253 || host.contains(u' ') || host.contains(u'/'))
        errors << u"target: \"%1\" is not a host name; accepted: HOST:PORT with a host name or "
                  "an IP address"_s.arg(host.left(60));
    if (port < 1 || port > 65535)
        errors << u"target: port %1 is out of range; accepted: 1 to 65535"_s.arg(port);
    if (count < 1 || count > MaxCount)
        errors << u"count: %1 is out of range; accepted: 1 to %2"_s.arg(count).arg(MaxCount);
    if (intervalMs < 0 || intervalMs > MaxIntervalMs)
        errors << u"interval: %1 is out of range; accepted: 0 to %2 (ms)"_s.arg(intervalMs)
                      .arg(MaxIntervalMs);
    if (timeoutMs < 1 || timeoutMs > MaxTimeoutMs)
        errors << u"timeout: %1 is out of range; accepted: 1 to %2 (ms)"_s.arg(timeoutMs).arg(
            MaxTimeoutMs);
    if (maxIdleMs < MinMaxIdleMs || maxIdleMs > MaxMaxIdleMs)
        errors << u"max-idle: %1 s is out of range; accepted: %2 to %3 (s)"_s
                      .arg(double(maxIdleMs) / 1000.0)
                      .arg(MinMaxIdleMs / 1000)
                      .arg(MaxMaxIdleMs / 1000);
    if (insecure && !tls)
        errors << u"insecure: only means something with TLS; accepted: --insecure together with "
                  "--tls"_s;
    if (!caFile.isEmpty() && !QFileInfo(caFile).isReadable())
        errors << u"ca-file: \"%1\" is not a readable file; accepted: a PEM file"_s.arg(caFile);
    if (protocol) {
        for (const QString &error : protocol->validate())
            errors << error;
    }
    return errors;
}

QString ProbeSettings::target() const
{
    const QString shownHost = host.contains(u':') ? u'[' + host + u']' : host;
    return u"%1:%2"_s.arg(shownHost).arg(port);
}

std::optional<QHostAddress> ProbeSettings::overrideAddress() const
{
    for (const HostOverride &entry : hostOverrides) {
        if (entry.port == port && entry.host.compare(host, Qt::CaseInsensitive) == 0)
            return entry.address;
    }
    return std::nullopt;
}

QJsonObject ProbeSettings::toJson() const
{
    QJsonArray overrides;
    for (const HostOverride &entry : hostOverrides)
        overrides << entry.toString();
    return {
        {u"target"_s, target()},
        {u"host"_s, host},
        {u"port"_s, port},
        {u"protocol"_s, protocol ? QJsonValue(enumName(protocol->kind)) : QJsonValue()},
        {u"count"_s, count},
        {u"interval_ms"_s, intervalMs},
        {u"timeout_ms"_s, timeoutMs},
        {u"tls"_s, tls},
        {u"insecure"_s, insecure},
        {u"ca_file"_s, caFile},
        {u"resolve"_s, overrides},
    };
}

ProbeSettings ProbeSettings::fromPoolSettings(const PoolSettings &pool)
{
    ProbeSettings settings;
    settings.host = pool.host;
    settings.port = pool.port;
    settings.tls = pool.tls;
    settings.insecure = pool.tls && pool.tlsInsecure;
    settings.caFile = pool.tls ? pool.caFile : QString();
    settings.hostOverrides = pool.hostOverrides;
    settings.timeoutMs = std::clamp<qint64>(pool.connectTimeoutMs, 1, MaxTimeoutMs);
    return settings;
}

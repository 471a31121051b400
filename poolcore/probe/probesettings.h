#pragma once

#include "hostoverride.h"
#include "protocol.h"

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

struct PoolSettings;

// What to probe and how, as one value: the target, the optional protocol request, TLS, how
// many attempts, and the bound of the idle-cutoff search. A Prober or IdleCutoffFinder only
// ever runs on settings that passed validate(). The names in messages are the command-line
// options without "--".
struct ProbeSettings
{
    static constexpr int MaxCount = 10'000;
    static constexpr qint64 MaxIntervalMs = 3'600'000;
    static constexpr qint64 MaxTimeoutMs = 600'000;
    static constexpr qint64 MinMaxIdleMs = 1'000;
    static constexpr qint64 MaxMaxIdleMs = 86'400'000;

    QString host;
    int port = 0;
    std::optional<Protocol> protocol; // without one, a probe stops after connect (and TLS)
    int count = 4;
    qint64 intervalMs = 1'000; // between the start of one attempt and the next
    qint64 timeoutMs = 3'000; // per step: resolve, connect, TLS handshake, response
    bool tls = false;
    bool insecure = false; // a certificate that does not verify is reported, not a failure
    QString caFile; // extra PEM certificates to trust
    QList<HostOverride> hostOverrides;
    qint64 maxIdleMs = 600'000; // the idle-cutoff finder looks no further

    // Empty when valid; otherwise one message per problem, each naming the option, the value
    // and what is accepted.
    QStringList validate() const;

    // "host:port" (IPv6 in brackets).
    QString target() const;
    // The address a --resolve entry gives for host:port, if one does.
    std::optional<QHostAddress> overrideAddress() const;

    QJsonObject toJson() const;

    // The target, TLS and overrides of a pool; the rest keeps its default.
    static ProbeSettings fromPoolSettings(const PoolSettings &pool);

    friend bool operator==(const ProbeSettings &, const ProbeSettings &) = default;
};

Q_DECLARE_METATYPE(ProbeSettings)

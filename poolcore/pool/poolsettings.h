#pragma once

#include "enumnames.h"
#include "hostoverride.h"
#include "sockettuning.h"

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

enum class ReuseOrder : quint8 {
    Lifo, // newest idle first: the oldest idle connections age out
    Fifo, // oldest idle first: spreads use evenly
};

template<> struct EnumNames<ReuseOrder>
{
    static constexpr ReuseOrder last = ReuseOrder::Fifo;
    static constexpr std::array names{"lifo", "fifo"};
};

// Every setting of a pool, as one value. A pool only ever runs on settings that passed
// validate(); the JSON keys are the names used in messages, on the command line (with '-'
// for '_') and in settings files.
struct PoolSettings
{
    QString host;
    int port = 0;
    bool tls = false;
    bool tlsInsecure = false; // accept certificates that do not verify
    QString caFile; // extra PEM certificates to trust
    int maxConnections = 10;
    int minIdle = 0;
    int minConnections = 0; // open and dialing together, pre-warmed while the pool is ready
    int maxConcurrentDials = 8;
    qint64 acquireTimeoutMs = 30'000; // 0: fail at once when every connection is busy
    qint64 connectTimeoutMs = 5'000;
    qint64 idleTimeoutMs = 600'000; // 0: never
    qint64 maxLifetimeMs = 1'800'000; // 0: never
    ReuseOrder reuseOrder = ReuseOrder::Lifo;
    bool checkBeforeReuse = true;
    qint64 checkAfterIdleMs = 500; // only connections idle at least this long are checked
    // The cleaner of idle connections: 0 runs it when the next one is due, N every N ms, -1
    // never (then only the checks at acquire and release close expired connections).
    qint64 maintenanceIntervalMs = 0;
    qint64 backoffInitialMs = 100;
    qint64 backoffMaxMs = 10'000;
    int pauseAfterDialFailures = 0; // the circuit breaker; 0: never pause
    bool tcpNoDelay = true;
    bool keepAlive = false;
    int keepAliveIdleS = 60;
    int keepAliveIntervalS = 10;
    int keepAliveCount = 3;
    qint64 dnsRefreshMs = 30'000; // 0: resolve once
    QList<HostOverride> hostOverrides;

    // Empty when valid; otherwise one message per problem, each naming the setting, the
    // value and what is accepted.
    QStringList validate() const;

    QJsonObject toJson() const;
    // Keys not given keep their value in base. Unknown keys and wrong types are errors.
    static PoolSettings fromJson(const QJsonObject &object, QStringList *errors,
                                 const PoolSettings &base);
    static PoolSettings fromJson(const QJsonObject &object, QStringList *errors);

    // "host:port" as given (IPv6 in brackets).
    QString target() const;
    // Whether other dials somewhere else, or with other TLS (tls, and with TLS on,
    // tls_insecure or ca_file): connections to the old target go.
    bool targetDiffers(const PoolSettings &other) const;
    // The JSON keys whose values differ, in alphabetical order.
    QStringList keysDiffering(const PoolSettings &other) const;
    SocketTuning tuning() const
    {
        return {tcpNoDelay, keepAlive, keepAliveIdleS, keepAliveIntervalS, keepAliveCount};
    }

    friend bool operator==(const PoolSettings &, const PoolSettings &) = default;
};

Q_DECLARE_METATYPE(PoolSettings)

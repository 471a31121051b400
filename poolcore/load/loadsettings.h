#pragma once

#include "protocol.h"

#include <QJsonObject>
#include <QMetaType>
#include <QStringList>

// What the load driver runs: which request, how many at once, how fast, for how long, and
// whether through the pool or with a new connection per request.
struct LoadSettings
{
    Protocol protocol;
    int concurrency = 1; // requests in flight at once: 1 to 10000
    double ratePerSecond = 0; // cap on request starts per second; 0: as fast as possible
    qint64 requests = 0; // stop after this many requests; 0: no count limit
    double durationS = 0; // stop after this long; 0: no time limit
    bool pooled = true; // false: a new connection per request, closed after it
    bool staleRetry = true; // retry once, on a new connection, a request that failed on
                            // a reused one before any response byte arrived
    qint64 requestTimeoutMs = 10'000; // from writing the request to the whole response
    // When dials have failed and none ever succeeded, fail what is left at once with the dial
    // error rather than wait out the back-off for each request. poolscope run asks for it; a
    // window's workload keeps trying, so that it sees the backend come up. The command's
    // choice, not the workload's: profiles and the feed do not carry it.
    bool giveUpUnreachable = false;

    // Empty when valid; otherwise one message per problem naming the option, the value and
    // what is accepted.
    QStringList validate() const;
    // The shape a report's "settings" has: the kind of request, not its details.
    QJsonObject toJson() const;
    // toJson() and the request's details (Protocol::toJson): every field, as a profile's
    // workload section and a recording hold them.
    QJsonObject toFullJson() const;
    // What toFullJson() writes; keys not given keep their value in base. Unknown keys, wrong
    // types and settings validate() refuses are errors, each naming the key and what is
    // accepted.
    static LoadSettings fromJson(const QJsonObject &object, QStringList *errors,
                                 const LoadSettings &base);

    friend bool operator==(const LoadSettings &, const LoadSettings &) = default;
};

Q_DECLARE_METATYPE(LoadSettings)

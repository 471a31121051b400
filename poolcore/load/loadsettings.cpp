#include "loadsettings.h"

#include "jsonvalue.h"

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

QStringList LoadSettings::validate() const
{
    QStringList errors = protocol.validate();
    if (concurrency < 1 || concurrency > 10'000)
        errors << u"concurrency: %1 is out of range; accepted: 1 to 10000"_s.arg(concurrency);
    if (!std::isfinite(ratePerSecond) || ratePerSecond < 0 || ratePerSecond > 1e7)
        errors << u"rate: %1 is out of range; accepted: 0 (as fast as possible) to 10000000 "
                  "requests per second"_s.arg(ratePerSecond);
    if (requests < 0 || requests > 1'000'000'000'000)
        errors << u"requests: %1 is out of range; accepted: 0 (no limit) to 1000000000000"_s.arg(
            requests);
    if (!std::isfinite(durationS) || durationS < 0 || durationS > 7 * 86'400)
        errors << u"duration: %1 is out of range; accepted: 0 (no limit) to 604800 s"_s.arg(
            durationS);
    if (requestTimeoutMs < 1 || requestTimeoutMs > 3'600'000)
        errors << u"request_timeout_ms: %1 is out of range; accepted: 1 to 3600000 ms"_s.arg(
            requestTimeoutMs);
    return errors;
}

QJsonObject LoadSettings::toJson() const
{
    return {{u"protocol"_s, enumName(protocol.kind)},
            {u"concurrency"_s, concurrency},
            {u"rate"_s, ratePerSecond},
            {u"requests"_s, requests},
            {u"duration_s"_s, durationS},
            {u"pooled"_s, pooled},
            {u"stale_retry"_s, staleRetry},
            {u"request_timeout_ms"_s, requestTimeoutMs}};
}

QJsonObject LoadSettings::toFullJson() const
{
    QJsonObject o = toJson();
    const QJsonObject details = protocol.toJson();
    for (auto it = details.begin(); it != details.end(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

LoadSettings LoadSettings::fromJson(const QJsonObject &object, QStringList *errors,
                                    const LoadSettings &base)
{
    LoadSettings load = base;
    QStringList found;
    const auto reject = [&found](const QString &key, const QJsonValue &value,
                                 const QString &accepted) {
        found << u"%1: %2 is not accepted; accepted: %3"_s.arg(key, jsonValueText(value), accepted);
    };
    const QJsonObject protocolKeys = Protocol().toJson();
    QJsonObject protocolPart;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString &key = it.key();
        const QJsonValue &v = it.value();
        const auto whole = jsonWholeNumber(v);
        if (protocolKeys.contains(key)) {
            protocolPart.insert(key, v);
        } else if (key == u"concurrency") {
            if (!whole || *whole < std::numeric_limits<int>::min()
                || *whole > std::numeric_limits<int>::max())
                reject(key, v, u"a whole number"_s);
            else
                load.concurrency = int(*whole);
        } else if (key == u"requests" || key == u"request_timeout_ms") {
            if (!whole)
                reject(key, v, u"a whole number"_s);
            else
                (key == u"requests" ? load.requests : load.requestTimeoutMs) = *whole;
        } else if (key == u"rate" || key == u"duration_s") {
            if (!v.isDouble())
                reject(key, v, u"a number"_s);
            else
                (key == u"rate" ? load.ratePerSecond : load.durationS) = v.toDouble();
        } else if (key == u"pooled" || key == u"stale_retry") {
            if (!v.isBool())
                reject(key, v, u"true or false"_s);
            else
                (key == u"pooled" ? load.pooled : load.staleRetry) = v.toBool();
        } else {
            found << u"%1: unknown key; accepted: %2"_s.arg(
                key, LoadSettings().toFullJson().keys().join(u", "_s));
        }
    }
    load.protocol = Protocol::fromJson(protocolPart, &found, load.protocol);
    if (found.isEmpty())
        found << load.validate();
    if (errors)
        *errors << found;
    return load;
}

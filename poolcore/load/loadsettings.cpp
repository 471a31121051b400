#include "loadsettings.h"

#include <cmath>

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
    return {{u"protocol"_s, Protocol::kindName(protocol.kind)},
            {u"concurrency"_s, concurrency},
            {u"rate"_s, ratePerSecond},
            {u"requests"_s, requests},
            {u"duration_s"_s, durationS},
            {u"pooled"_s, pooled},
            {u"stale_retry"_s, staleRetry},
            {u"request_timeout_ms"_s, requestTimeoutMs}};
}

#include "requestrecord.h"

#include <array>

using namespace Qt::StringLiterals;

namespace {

// Indexed by RequestError; the JSON report's error classes.
constexpr std::array errorNames{
    "none"_L1,
    "acquire_timeout"_L1,
    "pool_exhausted"_L1,
    "pool_closed"_L1,
    "host_not_found"_L1,
    "refused"_L1,
    "connect_timeout"_L1,
    "dial_reset"_L1,
    "network_unreachable"_L1,
    "tls_failure"_L1,
    "dial_failed"_L1,
    "closed_mid_request"_L1,
    "request_timeout"_L1,
    "protocol_error"_L1,
    "error_reply"_L1,
};
static_assert(errorNames.size() == size_t(RequestError::ErrorReply) + 1);

} // namespace

QString RequestRecord::errorName(RequestError error)
{
    const auto index = size_t(error);
    return index < errorNames.size() ? QString(errorNames[index]) : u"unknown"_s;
}

std::optional<RequestError> RequestRecord::errorFromName(QStringView name)
{
    for (size_t i = 0; i < errorNames.size(); ++i) {
        if (name == errorNames[i])
            return RequestError(i);
    }
    return std::nullopt;
}

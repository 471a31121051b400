#pragma once

#include "enumnames.h"

#include <QtGlobal>

// Why a dial failed, in the words a user would look for.
enum class DialError : quint8 {
    None,
    HostNotFound,
    Refused,
    TimedOut,
    Reset,
    NetworkUnreachable,
    TlsFailure,
    Other,
};

template<> struct EnumNames<DialError>
{
    static constexpr DialError last = DialError::Other;
    static constexpr std::array names{
        "none",  "host_not_found",      "refused",     "timed_out",
        "reset", "network_unreachable", "tls_failure", "other",
    };
};

#pragma once

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

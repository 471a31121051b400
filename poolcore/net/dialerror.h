#pragma once

#include <QAbstractSocket>
#include <QString>

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

// What a socket error means for a dial. Qt files several errno values under NetworkError; only
// its message tells them apart. A FIN before the dial finished counts as a reset: either way the
// server hung up on a connection it never served.
DialError classifyDialError(QAbstractSocket::SocketError error, const QString &message);

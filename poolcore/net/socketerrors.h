#pragma once

#include "dialerror.h"

#include <QAbstractSocket>
#include <QString>

// What a socket error means for a dial. Qt files several errno values under NetworkError; only
// its message tells them apart. A FIN before the dial finished counts as a reset: either way the
// server hung up on a connection it never served.
DialError classifyDialError(QAbstractSocket::SocketError error, const QString &message);

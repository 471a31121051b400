#include "connectioninfo.h"

using namespace Qt::StringLiterals;

QString ConnectionInfo::stateName(ConnectionState state)
{
    switch (state) {
    case ConnectionState::Resolving:
        return u"resolving"_s;
    case ConnectionState::Connecting:
        return u"connecting"_s;
    case ConnectionState::TlsHandshake:
        return u"tls_handshake"_s;
    case ConnectionState::Idle:
        return u"idle"_s;
    case ConnectionState::InUse:
        return u"in_use"_s;
    case ConnectionState::Closing:
        return u"closing"_s;
    case ConnectionState::Closed:
        return u"closed"_s;
    }
    return u"unknown"_s;
}

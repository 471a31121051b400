#include "socketerrors.h"

using namespace Qt::StringLiterals;

DialError classifyDialError(QAbstractSocket::SocketError error, const QString &message)
{
    switch (error) {
    case QAbstractSocket::HostNotFoundError:
        return DialError::HostNotFound;
    case QAbstractSocket::ConnectionRefusedError:
        return DialError::Refused;
    case QAbstractSocket::SocketTimeoutError:
        return DialError::TimedOut;
    case QAbstractSocket::RemoteHostClosedError:
        return DialError::Reset;
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError:
        return DialError::TlsFailure;
    case QAbstractSocket::NetworkError:
        if (message.contains(u"unreachable"_s, Qt::CaseInsensitive))
            return DialError::NetworkUnreachable;
        if (message.contains(u"reset"_s, Qt::CaseInsensitive))
            return DialError::Reset;
        if (message.contains(u"timed out"_s, Qt::CaseInsensitive))
            return DialError::TimedOut;
        return DialError::Other;
    default:
        return DialError::Other;
    }
}

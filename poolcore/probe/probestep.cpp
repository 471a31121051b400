#include "probestep.h"

#include "monotonicclock.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

ProbeFailure probeFailureOf(DialError error)
{
    switch (error) {
    case DialError::None:
        return ProbeFailure::None;
    case DialError::HostNotFound:
        return ProbeFailure::HostNotFound;
    case DialError::Refused:
        return ProbeFailure::Refused;
    case DialError::TimedOut:
        return ProbeFailure::TimedOut;
    case DialError::Reset:
        return ProbeFailure::Reset;
    case DialError::NetworkUnreachable:
        return ProbeFailure::NetworkUnreachable;
    case DialError::TlsFailure:
        return ProbeFailure::TlsFailure;
    case DialError::Other:
        break;
    }
    return ProbeFailure::Other;
}

QJsonObject ProbeStep::toJson() const
{
    QJsonObject o{{u"step"_s, enumName(kind)},
                  {u"ok"_s, ok},
                  {u"time_ms"_s, MonotonicClock::nsToMs(durationNs)}};
    if (!address.isEmpty())
        o.insert(u"address"_s, address);
    if (!ok)
        o.insert(u"error"_s, enumName(failure));
    if (!message.isEmpty())
        o.insert(u"message"_s, message);
    switch (kind) {
    case Kind::Resolve: {
        QJsonArray list;
        for (const QHostAddress &a : addresses)
            list << a.toString();
        o.insert(u"addresses"_s, list);
        o.insert(u"source"_s, source);
        break;
    }
    case Kind::Tls:
        if (tls.valid || !tls.protocol.isEmpty())
            o.insert(u"tls"_s, tls.toJson());
        break;
    case Kind::Response:
        if (ok) {
            o.insert(u"complete_ms"_s, MonotonicClock::nsToMs(completeNs));
            o.insert(u"bytes"_s, responseBytes);
        }
        break;
    case Kind::Connect:
        break;
    }
    return o;
}

#include "probestep.h"

#include "monotonicclock.h"

#include <QJsonArray>

#include <array>

using namespace Qt::StringLiterals;

namespace {

// Indexed by the enums' values; the names are the JSON vocabulary.
constexpr std::array kindNames{"resolve"_L1, "connect"_L1, "tls"_L1, "response"_L1};
static_assert(kindNames.size() == size_t(ProbeStep::Kind::Response) + 1);

constexpr std::array failureNames{
    "none"_L1,
    "host_not_found"_L1,
    "refused"_L1,
    "timed_out"_L1,
    "reset"_L1,
    "closed"_L1,
    "network_unreachable"_L1,
    "tls_untrusted"_L1,
    "tls_expired"_L1,
    "tls_name_mismatch"_L1,
    "tls_failure"_L1,
    "protocol_error"_L1,
    "other"_L1,
};
static_assert(failureNames.size() == size_t(ProbeFailure::Other) + 1);

} // namespace

QString ProbeStep::kindName(Kind kind)
{
    return QString(kindNames.at(size_t(kind)));
}

QString ProbeStep::failureName(ProbeFailure failure)
{
    return QString(failureNames.at(size_t(failure)));
}

std::optional<ProbeFailure> ProbeStep::failureFromName(QStringView name)
{
    for (size_t i = 0; i < failureNames.size(); ++i) {
        if (name == failureNames[i])
            return ProbeFailure(i);
    }
    return std::nullopt;
}

QString ProbeStep::addressText(const QHostAddress &address, quint16 port)
{
    const QString text = address.toString();
    return address.protocol() == QAbstractSocket::IPv6Protocol ? u"[%1]:%2"_s.arg(text).arg(port)
                                                               : u"%1:%2"_s.arg(text).arg(port);
}

QJsonObject ProbeStep::toJson() const
{
    QJsonObject o{{u"step"_s, kindName(kind)},
                  {u"ok"_s, ok},
                  {u"time_ms"_s, MonotonicClock::nsToMs(durationNs)}};
    if (!address.isEmpty())
        o.insert(u"address"_s, address);
    if (!ok)
        o.insert(u"error"_s, failureName(failure));
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

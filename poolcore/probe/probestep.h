#pragma once

#include "dialerror.h"
#include "enumnames.h"
#include "probetlsinfo.h"

#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

// Why a probe step failed, in the words a user would look for. The names shared with
// DialError are spelled the same (probeFailureOf).
enum class ProbeFailure : quint8 {
    None,
    HostNotFound,
    Refused,
    TimedOut,
    Reset, // an RST
    Closed, // a FIN before any answer
    NetworkUnreachable,
    TlsUntrusted,
    TlsExpired,
    TlsNameMismatch,
    TlsFailure, // the handshake itself failed
    ProtocolError, // something answered, but not in the protocol asked for
    Other,
};

// The same cause in the probe's words.
ProbeFailure probeFailureOf(DialError error);

// The names of this file's enums are the probe's JSON vocabulary.
template<> struct EnumNames<ProbeFailure>
{
    static constexpr ProbeFailure last = ProbeFailure::Other;
    static constexpr std::array names{
        "none",        "host_not_found",      "refused",       "timed_out",   "reset",
        "closed",      "network_unreachable", "tls_untrusted", "tls_expired", "tls_name_mismatch",
        "tls_failure", "protocol_error",      "other",
    };
};

// One timed step of one probe attempt.
struct ProbeStep
{
    enum class Kind : quint8 { Resolve, Connect, Tls, Response };

    Kind kind = Kind::Resolve;
    QString address; // the peer, "ip:port"; empty for Resolve
    bool ok = false;
    // Resolve, Connect, Tls: the step; Response: from the request to the first response byte.
    qint64 durationNs = 0;
    ProbeFailure failure = ProbeFailure::None;
    QString message; // what went wrong, or a detail worth showing (an error reply)

    // Resolve
    QList<QHostAddress> addresses;
    QString source; // "dns", "resolve" (a hosts override), "literal" or "special-use" (RFC 6761)
    // Tls
    ProbeTlsInfo tls;
    // Response
    qint64 completeNs = 0; // from the request to the last byte of the response
    qint64 responseBytes = 0;

    QJsonObject toJson() const;
};

template<> struct EnumNames<ProbeStep::Kind>
{
    static constexpr ProbeStep::Kind last = ProbeStep::Kind::Response;
    static constexpr std::array names{"resolve", "connect", "tls", "response"};
};

Q_DECLARE_METATYPE(ProbeStep)

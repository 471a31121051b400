#pragma once

#include "probetlsinfo.h"

#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

// Why a probe step failed, in the words a user would look for. The names shared with
// DialError are spelled the same (PoolEvent::dialErrorName).
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
    QString source; // "dns", "resolve" (a hosts override) or "literal"
    // Tls
    ProbeTlsInfo tls;
    // Response
    qint64 completeNs = 0; // from the request to the last byte of the response
    qint64 responseBytes = 0;

    QJsonObject toJson() const;

    static QString kindName(Kind kind);
    static QString failureName(ProbeFailure failure);
    static std::optional<ProbeFailure> failureFromName(QStringView name);
    // "ip:port", IPv6 in brackets.
    static QString addressText(const QHostAddress &address, quint16 port);
};

Q_DECLARE_METATYPE(ProbeStep)

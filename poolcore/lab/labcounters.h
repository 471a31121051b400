#pragma once

#include "enumnames.h"

#include <QJsonObject>
#include <QMetaType>
#include <QString>

#include <array>

// Why the lab closed (or lost) a connection.
enum class LabCloseReason : quint8 {
    ClientClosed, // the client closed or reset it
    ClientAsked, // the request asked for it (Connection: close, QUIT, quit)
    IdleClose, // idle longer than the idle-close knob
    Reset, // "reset all" sent an RST
    Restart, // "restart" dropped it
    OverMaxClients, // refused (accepted, then reset) beyond max clients
    ErrorInjection, // closed mid-response by the error rate
    ProtocolError, // the client sent something malformed
    TlsFailure, // the TLS handshake failed
    Shutdown, // the lab stopped
};

template<> struct EnumNames<LabCloseReason>
{
    static constexpr LabCloseReason last = LabCloseReason::Shutdown;
    static constexpr std::array names{
        "client-closed",    "client-asked",    "idle-close",     "reset",       "restart",
        "over-max-clients", "error-injection", "protocol-error", "tls-failure", "shutdown",
    };
};

// What the lab backend has done since it started. A plain value: copy it, compare it, write
// it as JSON. accepted == open + totalClosed() at every snapshot.
struct LabCounters
{
    static constexpr int ReasonCount = int(LabCloseReason::Shutdown) + 1;

    quint64 accepted = 0; // every connection accept()ed, refused ones included
    int open = 0; // connections open now
    quint64 requests = 0; // requests answered, error replies included
    quint64 errorReplies = 0; // error replies sent (injected, unknown commands, ...)
    quint64 silentDrops = 0; // connections that went silent
    quint64 bytesIn = 0; // application bytes (after TLS decryption)
    quint64 bytesOut = 0;
    std::array<quint64, ReasonCount> closed{};

    quint64 closedFor(LabCloseReason reason) const { return closed[size_t(reason)]; }
    quint64 totalClosed() const;

    QJsonObject toJson() const;

    friend bool operator==(const LabCounters &, const LabCounters &) = default;
};

Q_DECLARE_METATYPE(LabCounters)

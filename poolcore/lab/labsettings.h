#pragma once

#include "protocol.h"

#include <QHostAddress>
#include <QJsonObject>
#include <QMetaType>
#include <QStringList>

// Everything the lab backend can be told, as one value. Every field can change while the lab
// runs: behaviour knobs apply to the next request, accept or idle check; a new protocol or TLS
// setting applies to connections accepted after the change; a new address or port re-listens.
// LabKnob describes each knob (key, unit, range, what it simulates).
struct LabSettings
{
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    int port = 0; // 0: any free port
    ProtocolKind protocol = ProtocolKind::Http;
    qint64 latencyMs = 0; // added to every answer
    qint64 jitterMs = 0; // plus a random 0..jitter ms
    qint64 responseSize = 0; // bytes; what it means depends on the protocol (see LabResponder)
    qint64 setupDelayMs = 0; // simulated handshake: a new connection's first answer waits this
    bool tls = false;
    qint64 idleCloseMs = 0; // 0: never
    qint64 silentDropMs = 0; // 0: never
    int maxClients = 0; // 0: unlimited
    double errorRate = 0; // 0..1
    bool blackhole = false;
    bool pauseAccepting = false;

    // Empty when valid; otherwise one message per problem, each naming the knob, the value and
    // what is accepted.
    QStringList validate() const;

    // The knobs by their keys (LabKnob), not the address and port: a profile says how the lab
    // behaves, not where it listens.
    QJsonObject toJson() const;
    // What toJson() writes; knobs not given keep their value in base. A value is read as the
    // command line reads --KNOB, so a file accepts what the option does; unknown knobs and
    // values not accepted are errors, each naming the knob and what is accepted.
    static LabSettings fromJson(const QJsonObject &object, QStringList *errors,
                                const LabSettings &base);

    // What `poolscope run --lab` and the window start: on bare loopback a TCP handshake costs
    // tens of microseconds and pooling would show nothing, so the lab adds a simulated
    // handshake (a delay before a new connection's first answer) and a few milliseconds of
    // request latency, the proportions of a real backend across a network.
    static LabSettings embeddedDefault();

    friend bool operator==(const LabSettings &, const LabSettings &) = default;
};

Q_DECLARE_METATYPE(LabSettings)

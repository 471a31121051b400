#include "labsettings.h"

#include "labknob.h"

using namespace Qt::StringLiterals;

QStringList LabSettings::validate() const
{
    QStringList errors;
    if (address.protocol() != QAbstractSocket::IPv4Protocol
        && address.protocol() != QAbstractSocket::IPv6Protocol)
        errors << u"address: \"%1\" is not accepted; accepted: an IPv4 or IPv6 address"_s.arg(
            address.toString());
    if (port < 0 || port > 65535)
        errors << u"port: %1 is out of range; accepted: 0 (any free port) or 1 to 65535"_s.arg(
            port);
    for (const LabKnob &knob : LabKnob::all()) {
        const QString error = knob.check(knob.get(*this));
        if (!error.isEmpty())
            errors << error;
    }
    return errors;
}

QString LabSettings::endpoint(const QHostAddress &address, quint16 port)
{
    if (address.protocol() == QAbstractSocket::IPv6Protocol)
        return u"[%1]:%2"_s.arg(address.toString()).arg(port);
    return u"%1:%2"_s.arg(address.toString()).arg(port);
}

LabSettings LabSettings::embeddedDefault()
{
    LabSettings settings;
    settings.protocol = ProtocolKind::Http;
    // Wide enough that in the window's lanes a request reads as a segment and the handshake
    // as a block; the same lesson, in numbers, for poolscope run --lab.
    settings.setupDelayMs = 30;
    settings.latencyMs = 5;
    settings.jitterMs = 3;
    return settings;
}

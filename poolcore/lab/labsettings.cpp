#include "labsettings.h"

#include "labknob.h"

#include <QLocale>

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

QJsonObject LabSettings::toJson() const
{
    QJsonObject o;
    for (const LabKnob &knob : LabKnob::all())
        o.insert(knob.key, QJsonValue::fromVariant(knob.get(*this)));
    return o;
}

LabSettings LabSettings::fromJson(const QJsonObject &object, QStringList *errors,
                                  const LabSettings &base)
{
    LabSettings lab = base;
    QStringList found;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const LabKnob *knob = LabKnob::find(it.key());
        if (!knob) {
            QStringList keys;
            for (const LabKnob &k : LabKnob::all())
                keys << k.key;
            found << u"%1: unknown knob; accepted: %2"_s.arg(it.key(), keys.join(u", "_s));
            continue;
        }
        const QJsonValue &v = it.value();
        QString text;
        if (v.isBool())
            text = v.toBool() ? u"on"_s : u"off"_s;
        else if (v.isDouble()) // as short as reads back the same: an error rate stays exact
            text = QString::number(v.toDouble(), 'g', QLocale::FloatingPointShortest);
        else if (v.isString())
            text = v.toString();
        QString error;
        const auto value = knob->parse(text, &error);
        if (!value)
            found << u"%1: %2"_s.arg(knob->key, error);
        else
            knob->set(lab, *value);
    }
    if (errors)
        *errors << found;
    return lab;
}

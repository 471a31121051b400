#include "labknob.h"

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 MaxDelayMs = 600'000;
constexpr qint64 MaxIdleMs = 86'400'000;

template<typename Field>
LabKnob numberKnob(const QString &key, LabKnob::Kind kind, const QString &unit, double minimum,
                   double maximum, const QString &zeroMeans, const QString &simulates,
                   Field LabSettings::*field)
{
    LabKnob knob;
    knob.key = key;
    knob.kind = kind;
    knob.unit = unit;
    knob.minimum = minimum;
    knob.maximum = maximum;
    knob.zeroMeans = zeroMeans;
    knob.simulates = simulates;
    knob.get
        = [field](const LabSettings &settings) { return QVariant::fromValue(settings.*field); };
    knob.set = [field](LabSettings &settings, const QVariant &value) {
        settings.*field = value.value<Field>();
    };
    return knob;
}

LabKnob switchKnob(const QString &key, const QString &simulates, bool LabSettings::*field)
{
    return numberKnob(key, LabKnob::Kind::Switch, {}, 0, 1, {}, simulates, field);
}

QString number(double value)
{
    return QString::number(value, 'g', 15);
}

} // namespace

const QList<LabKnob> &LabKnob::all()
{
    using Kind = LabKnob::Kind;
    static const QList<LabKnob> knobs = [] {
        LabKnob protocol;
        protocol.key = u"protocol"_s;
        protocol.kind = Kind::Choice;
        protocol.choices = enumNameList<ProtocolKind>();
        protocol.simulates = u"the kind of backend: what a request and a response look like"_s;
        protocol.get
            = [](const LabSettings &settings) { return QVariant(enumName(settings.protocol)); };
        protocol.set = [](LabSettings &settings, const QVariant &value) {
            settings.protocol = enumFromName<ProtocolKind>(value.toString(), Qt::CaseInsensitive)
                                    .value_or(settings.protocol);
        };
        return QList<LabKnob>{
            protocol,
            numberKnob(u"latency"_s, Kind::Integer, u"ms"_s, 0, MaxDelayMs, {},
                       u"the server's processing time for each request"_s, &LabSettings::latencyMs),
            numberKnob(u"jitter"_s, Kind::Integer, u"ms"_s, 0, MaxDelayMs, {},
                       u"uneven processing time: a random 0 to jitter ms more per request"_s,
                       &LabSettings::jitterMs),
            numberKnob(u"response-size"_s, Kind::Integer, u"bytes"_s, 0, 64 * 1024 * 1024, {},
                       u"the size of what each request fetches"_s, &LabSettings::responseSize),
            numberKnob(u"setup-delay"_s, Kind::Integer, u"ms"_s, 0, MaxDelayMs, {},
                       u"simulated handshake: the cost of a new connection (TLS, auth) "
                       "before its first answer"_s,
                       &LabSettings::setupDelayMs),
            switchKnob(u"tls"_s, u"a real TLS server (certificate for localhost)"_s,
                       &LabSettings::tls),
            numberKnob(u"idle-close"_s, Kind::Integer, u"ms"_s, 1, MaxIdleMs, u"never"_s,
                       u"a server idle timeout: pooled connections go stale"_s,
                       &LabSettings::idleCloseMs),
            numberKnob(u"silent-drop"_s, Kind::Integer, u"ms"_s, 1, MaxIdleMs, u"never"_s,
                       u"a NAT or firewall that forgot an idle flow: no answer, no close"_s,
                       &LabSettings::silentDropMs),
            numberKnob(u"max-clients"_s, Kind::Integer, {}, 1, 100'000, u"unlimited"_s,
                       u"a server connection limit: more are accepted, then reset"_s,
                       &LabSettings::maxClients),
            numberKnob(u"error-rate"_s, Kind::Fraction, {}, 0, 1, {},
                       u"a failing backend: this fraction of requests get an error reply, "
                       "or (half of them) a close mid-response"_s,
                       &LabSettings::errorRate),
            switchKnob(u"blackhole"_s, u"a hung server: accepts and reads, never answers"_s,
                       &LabSettings::blackhole),
            switchKnob(u"pause-accepting"_s,
                       u"a server too busy to accept: new connections time out"_s,
                       &LabSettings::pauseAccepting),
        };
    }();
    return knobs;
}

const LabKnob *LabKnob::find(QStringView key)
{
    for (const LabKnob &knob : all()) {
        if (knob.key == key)
            return &knob;
    }
    return nullptr;
}

QString LabKnob::acceptedText() const
{
    switch (kind) {
    case Kind::Switch:
        return u"on or off"_s;
    case Kind::Choice:
        return QStringList(choices.mid(0, choices.size() - 1)).join(u", "_s) + u" or "_s
            + choices.constLast();
    case Kind::Integer:
    case Kind::Fraction:
        break;
    }
    QString text = u"%1 to %2"_s.arg(number(minimum), number(maximum));
    if (!zeroMeans.isEmpty())
        text = u"0 (%1) or "_s.arg(zeroMeans) + text;
    if (!unit.isEmpty())
        text += u" (%1)"_s.arg(unit);
    return text;
}

QString LabKnob::check(const QVariant &value) const
{
    if (kind == Kind::Choice) {
        if (choices.contains(value.toString()))
            return {};
        return u"%1: \"%2\" is not accepted; accepted: %3"_s.arg(key, value.toString(),
                                                                 acceptedText());
    }
    if (kind == Kind::Switch)
        return {};
    const double v = value.toDouble();
    if ((v >= minimum && v <= maximum) || (v == 0 && !zeroMeans.isEmpty()))
        return {};
    return u"%1: %2 is out of range; accepted: %3"_s.arg(key, value.toString(), acceptedText());
}

std::optional<QVariant> LabKnob::parse(QStringView text, QString *error) const
{
    const QString shown = u"\"%1\""_s.arg(text.left(40));
    const auto reject = [&](const QString &why) {
        *error = u"%1 %2; accepted: %3"_s.arg(shown, why, acceptedText());
        return std::nullopt;
    };
    switch (kind) {
    case Kind::Switch: {
        const QString word = text.trimmed().toString().toLower();
        if (word == u"on" || word == u"true" || word == u"yes" || word == u"1")
            return QVariant(true);
        if (word == u"off" || word == u"false" || word == u"no" || word == u"0")
            return QVariant(false);
        return reject(u"is not a switch"_s);
    }
    case Kind::Choice: {
        const auto choice = enumFromName<ProtocolKind>(text.trimmed(), Qt::CaseInsensitive);
        if (!choice)
            return reject(u"is not accepted"_s);
        return QVariant(enumName(*choice));
    }
    case Kind::Integer: {
        bool ok = false;
        const qint64 value = text.trimmed().toLongLong(&ok);
        if (!ok) {
            const double asDouble = text.trimmed().toDouble(&ok);
            if (!ok || !std::isfinite(asDouble))
                return reject(u"is not a number"_s);
            return reject(asDouble == std::floor(asDouble) ? u"is out of range"_s
                                                           : u"is not a whole number"_s);
        }
        if (!check(value).isEmpty())
            return reject(u"is out of range"_s);
        return get(LabSettings()).typeId() == QMetaType::Int ? QVariant(int(value))
                                                             : QVariant(value);
    }
    case Kind::Fraction: {
        bool ok = false;
        const double value = text.trimmed().toDouble(&ok);
        if (!ok || !std::isfinite(value))
            return reject(u"is not a number"_s);
        if (!check(value).isEmpty())
            return reject(u"is out of range"_s);
        return QVariant(value);
    }
    }
    Q_UNREACHABLE();
}

#include "labknob.h"

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 MaxDelayMs = 600'000;
constexpr qint64 MaxIdleMs = 86'400'000;

// Knobs are typed on a command line, and their messages quote what was typed.
LabKnob makeKnob(const QString &key, LabKnob::Kind kind, const QString &simulates)
{
    LabKnob knob;
    knob.key = key;
    knob.kind = kind;
    knob.wording = LabKnob::Wording::AsTyped;
    knob.simulates = simulates;
    return knob;
}

template<typename Field>
LabKnob numberKnob(const QString &key, LabKnob::Kind kind, const QString &unit, double minimum,
                   double maximum, const QString &zeroMeans, const QString &simulates,
                   Field LabSettings::*field)
{
    LabKnob number = makeKnob(key, kind, simulates);
    number.unit = unit;
    number.minimum = minimum;
    number.maximum = maximum;
    number.zeroMeans = zeroMeans;
    number.bind(field);
    return number;
}

LabKnob switchKnob(const QString &key, const QString &simulates, bool LabSettings::*field)
{
    LabKnob toggle = makeKnob(key, LabKnob::Kind::Switch, simulates);
    toggle.bind(field);
    return toggle;
}

} // namespace

const QList<LabKnob> &LabKnob::all()
{
    using Kind = LabKnob::Kind;
    static const QList<LabKnob> knobs = [] {
        LabKnob protocol
            = makeKnob(u"protocol"_s, Kind::Choice,
                       u"the kind of backend: what a request and a response look like"_s);
        protocol.choices = enumNameList<ProtocolKind>();
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

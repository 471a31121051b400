#include "settingscodec.h"

#include "feedwriter.h"

using namespace Qt::StringLiterals;
using namespace FeedLimits;

namespace {

// The keys of json whose values differ from those in defaults.
QJsonObject withoutDefaults(const QJsonObject &json, const QJsonObject &defaults)
{
    QJsonObject changed;
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (defaults.value(it.key()) != it.value())
            changed.insert(it.key(), it.value());
    }
    return changed;
}

// The keys of json that defaults has too: the ones this version reads.
QJsonObject knownOnly(const QJsonObject &json, const QJsonObject &defaults)
{
    QJsonObject known;
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (defaults.contains(it.key()))
            known.insert(it.key(), it.value());
    }
    return known;
}

// Built once: the defaults every value is compared with.
const QJsonObject &protocolDefaults()
{
    static const QJsonObject defaults = Protocol().toJson();
    return defaults;
}

const QJsonObject &poolDefaults()
{
    static const QJsonObject defaults = PoolSettings().toJson();
    return defaults;
}

const QJsonObject &loadDefaults()
{
    static const QJsonObject defaults = LoadSettings().toFullJson();
    return defaults;
}

const QJsonObject &labDefaults()
{
    static const QJsonObject defaults = LabSettings().toJson();
    return defaults;
}

// What a value's reader said, the first error under the reader's path.
void report(const FeedReader &in, const QStringList &errors)
{
    if (!errors.isEmpty())
        in.failWithin(errors.constFirst());
}

} // namespace

QJsonObject SettingsCodec::encode(const Protocol &protocol)
{
    return withoutDefaults(protocol.toJson(), protocolDefaults());
}

Protocol SettingsCodec::decodeProtocol(const FeedReader &in)
{
    QStringList errors;
    const Protocol protocol
        = Protocol::fromJson(knownOnly(in.json(), protocolDefaults()), &errors, {});
    report(in, errors);
    return protocol;
}

QJsonObject SettingsCodec::encode(const PoolSettings &settings)
{
    return withoutDefaults(settings.toJson(), poolDefaults());
}

PoolSettings SettingsCodec::decodePoolSettings(const FeedReader &in)
{
    // The reader checks that a CA file can be read, which it need not be where a recording is
    // read back: it is a name here.
    QJsonObject known = knownOnly(in.json(), poolDefaults());
    known.remove(u"ca_file"_s);
    QStringList errors;
    PoolSettings settings = PoolSettings::fromJson(known, &errors, {});
    report(in, errors);
    settings.caFile = in.text(u"ca_file");
    return settings;
}

QJsonObject SettingsCodec::encode(const LoadSettings &settings)
{
    return withoutDefaults(settings.toFullJson(), loadDefaults());
}

LoadSettings SettingsCodec::decodeLoadSettings(const FeedReader &in)
{
    QStringList errors;
    const LoadSettings settings
        = LoadSettings::fromJson(knownOnly(in.json(), loadDefaults()), &errors, {});
    report(in, errors);
    return settings;
}

QJsonObject SettingsCodec::encode(const LabSettings &settings)
{
    const LabSettings d;
    QJsonObject o = withoutDefaults(settings.toJson(), labDefaults());
    if (settings.address != d.address)
        o.insert(u"address"_s, settings.address.toString());
    if (settings.port != d.port)
        o.insert(u"port"_s, settings.port);
    return o;
}

LabSettings SettingsCodec::decodeLabSettings(const FeedReader &in)
{
    const LabSettings d;
    QStringList errors;
    LabSettings settings = LabSettings::fromJson(knownOnly(in.json(), labDefaults()), &errors, d);
    report(in, errors);
    if (in.has(u"address") && !settings.address.setAddress(in.text(u"address")))
        in.reject(u"address", u"an IPv4 or IPv6 address"_s);
    settings.port = int(in.integer(u"port", 0, MaxU16));
    return settings;
}

QJsonObject SettingsCodec::encode(const PoolConfig &config)
{
    FeedWriter w;
    w.text(u"name", config.name);
    w.object(u"settings", encode(config.settings));
    w.object(u"load", encode(config.load));
    w.flag(u"targets_lab", config.targetsLab);
    w.flag(u"workload_running", config.workloadRunning);
    return w.result();
}

PoolConfig SettingsCodec::decodePoolConfig(const FeedReader &in)
{
    PoolConfig config;
    config.name = in.text(u"name");
    config.settings = decodePoolSettings(in.object(u"settings"));
    config.load = decodeLoadSettings(in.object(u"load"));
    config.targetsLab = in.flag(u"targets_lab");
    config.workloadRunning = in.flag(u"workload_running");
    return config;
}

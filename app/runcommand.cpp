#include "runcommand.h"

#include "endpoint.h"
#include "metricscollector.h"
#include "metricsoptions.h"
#include "metricsserver.h"
#include "openfilelimit.h"
#include "optionparser.h"
#include "poolsettingfield.h"
#include "recordingwriter.h"
#include "runsession.h"
#include "smallfile.h"
#include "targetsfile.h"
#include "unixsignalnotifier.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

#include <csignal>
#include <cstdio>
#include <optional>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

const QString Command = u"poolscope run"_s;
const QString TargetAccepted
    = u"HOST:PORT with a port 1 to 65535, e.g. 127.0.0.1:8080, localhost:6379 or [::1]:11211"_s;

// What the command line asked for, before it is turned into settings.
struct RunOptions
{
    QString target;
    std::optional<ProtocolKind> protocol;
    std::optional<qint64> requests;
    std::optional<double> durationS;
    int concurrency = 4;
    double rate = 0;
    qint64 requestTimeoutMs = 10'000;
    bool pooled = true;
    bool staleRetry = true;
    bool tls = false;
    bool insecure = false;
    bool compare = false;
    bool lab = false;
    bool json = false;
    QStringList resolve;
    QString settingsFile;
    QString output;
    QString eventsFile;
    QString recordFile;
    QString targetsFile;
    MetricsOptions metrics;
    // Pool settings given as options; they override the settings file.
    QList<std::pair<const PoolSettingField *, QVariant>> poolOptions;
};

// The setting's own message starts with its key; on the command line the option names it.
QString withoutKey(const QString &message, const QString &key)
{
    const QString prefix = key + u": "_s;
    return message.startsWith(prefix) ? message.mid(prefix.size()) : message;
}

OptionParser::Option poolOption(const QString &name, const QString &key, const QString &help,
                                RunOptions *options)
{
    const PoolSettingField *field = PoolSettingField::find(key);
    return {name, field->unit.isEmpty() ? u"N"_s : field->unit.toUpper(), help,
            field->acceptedText(), [=](const QString &value) {
                QString error;
                const auto parsed = field->parse(value, &error);
                if (!parsed)
                    return error;
                options->poolOptions.append({field, *parsed});
                return QString();
            }};
}

void addOptions(OptionParser &parser, RunOptions *o)
{
    parser.add({u"target"_s, u"HOST:PORT"_s, u"the backend to run requests against"_s,
                TargetAccepted, [o](const QString &value) {
                    const auto target = Endpoint::parse(value);
                    if (!target || target->port == 0)
                        return u"\"%1\" is not HOST:PORT; accepted: %2"_s.arg(value,
                                                                              TargetAccepted);
                    o->target = value;
                    return QString();
                }});
    const QString protocols = enumNameList<ProtocolKind>().join(u", "_s);
    parser.add({u"protocol"_s, u"P"_s, u"the request to send: "_s + protocols, protocols,
                [o, protocols](const QString &value) {
                    const auto kind = enumFromName<ProtocolKind>(value.trimmed().toLower());
                    if (!kind)
                        return u"\"%1\" is not a protocol; accepted: %2"_s.arg(value, protocols);
                    o->protocol = kind;
                    return QString();
                }});
    parser.add(OptionParser::integer(u"requests"_s, u"N"_s,
                                     u"stop after N requests (default 500)"_s, 1, 1'000'000'000, {},
                                     [o](qint64 n) { o->requests = n; }));
    parser.add(OptionParser::decimal(
        u"duration"_s, u"S"_s, u"stop after S seconds instead of a count"_s, 7 * 86'400,
        u"a number of seconds above 0, up to 604800"_s, [o](double s) { o->durationS = s; }));
    parser.add(OptionParser::integer(u"concurrency"_s, u"C"_s,
                                     u"requests in flight at once (default 4)"_s, 1, 10'000, {},
                                     [o](qint64 n) { o->concurrency = int(n); }));
    parser.add(OptionParser::decimal(
        u"rate"_s, u"R"_s, u"at most R request starts per second (default: no cap)"_s, 1e7,
        u"0 (no cap) to 10000000 requests per second"_s, [o](double r) { o->rate = r; }));
    parser.add(
        OptionParser::integer(u"request-timeout"_s, u"MS"_s,
                              u"from writing a request to its whole response (default 10000)"_s, 1,
                              3'600'000, u"ms"_s, [o](qint64 n) { o->requestTimeoutMs = n; }));
    parser.add(OptionParser::flag(u"no-pool"_s, u"a new connection per request, closed after it"_s,
                                  [o] { o->pooled = false; }));
    parser.add(OptionParser::flag(u"compare"_s,
                                  u"run pooled, then unpooled, and print both with the ratios"_s,
                                  [o] { o->compare = true; }));
    parser.add(OptionParser::flag(u"lab"_s, u"start the embedded lab backend and target it"_s,
                                  [o] { o->lab = true; }));
    parser.add(poolOption(u"max-connections"_s, u"max_connections"_s,
                          u"pool size (default: the concurrency)"_s, o));
    parser.add(poolOption(u"min-idle"_s, u"min_idle"_s, u"idle connections kept ready"_s, o));
    parser.add(poolOption(u"acquire-timeout"_s, u"acquire_timeout_ms"_s,
                          u"longest wait for a connection (0: fail at once)"_s, o));
    parser.add(poolOption(u"connect-timeout"_s, u"connect_timeout_ms"_s,
                          u"longest dial (resolve + connect + TLS)"_s, o));
    parser.add(poolOption(u"idle-timeout"_s, u"idle_timeout_ms"_s,
                          u"close connections idle this long (0: never)"_s, o));
    parser.add(poolOption(u"max-lifetime"_s, u"max_lifetime_ms"_s,
                          u"close connections this old (0: never)"_s, o));
    parser.add(OptionParser::flag(u"no-stale-retry"_s,
                                  u"do not retry a request that failed on a reused connection"_s,
                                  [o] { o->staleRetry = false; }));
    parser.add(OptionParser::flag(u"tls"_s, u"TLS to the target"_s, [o] { o->tls = true; }));
    parser.add(OptionParser::flag(u"insecure"_s, u"accept a certificate that does not verify"_s,
                                  [o] { o->insecure = true; }));
    parser.add({u"resolve"_s, u"HOST:PORT:ADDR"_s,
                u"connect to ADDR for HOST:PORT, like curl --resolve (repeatable)"_s,
                u"HOST:PORT:ADDRESS"_s, [o](const QString &value) {
                    QString error;
                    if (!HostOverride::parse(value, &error))
                        return withoutKey(error, u"resolve"_s);
                    o->resolve << value;
                    return QString();
                }});
    parser.add(OptionParser::text(u"settings"_s, u"FILE.json"_s,
                                  u"pool settings as JSON (the keys of the README's table)"_s,
                                  [o](const QString &value) { o->settingsFile = value; }));
    parser.add({u"report"_s, u"text|json"_s, u"report format (default text)"_s, u"text or json"_s,
                [o](const QString &value) {
                    if (value != u"text"_s && value != u"json"_s)
                        return u"\"%1\" is not a format; accepted: text or json"_s.arg(value);
                    o->json = value == u"json"_s;
                    return QString();
                }});
    parser.add(OptionParser::text(u"output"_s, u"FILE"_s,
                                  u"write the report to FILE instead of stdout"_s,
                                  [o](const QString &value) { o->output = value; }));
    parser.add(OptionParser::text(u"events"_s, u"FILE.jsonl"_s,
                                  u"write every pool event as a JSON line"_s,
                                  [o](const QString &value) { o->eventsFile = value; }));
    parser.add(OptionParser::text(
        u"record"_s, u"FILE.jsonl"_s,
        u"record the session (every feed) to open or export later (docs/recording.md)"_s,
        [o](const QString &value) { o->recordFile = value; }));
    parser.add(OptionParser::text(
        u"targets"_s, u"FILE.json"_s,
        u"several targets at once, each with its own pool settings and workload: a JSON array "
        "of {\"name\", \"lab\" or \"host\" and \"port\", any setting or workload key} (docs/metrics.md)"_s,
        [o](const QString &value) { o->targetsFile = value; }));
    o->metrics.addTo(parser);
}

// A settings file is a few hundred bytes; far more is some other file.
constexpr qint64 MaxSettingsFileBytes = 4 << 20;

// Checks what single options could not: combinations, files. Returns an error line or empty.
QString buildSettings(const RunOptions &o, PoolSettings *pool, LoadSettings *load)
{
    if (o.lab && !o.target.isEmpty())
        return u"--lab and --target: both given; accepted: one of them"_s;
    if (!o.targetsFile.isEmpty() && !o.target.isEmpty())
        return u"--targets and --target: both given; accepted: one of them"_s;
    if (!o.targetsFile.isEmpty() && o.compare)
        return u"--targets and --compare: both given; accepted: one of them (--compare sets one "
               "target pooled against unpooled)"_s;
    if (o.requests && o.durationS)
        return u"--requests and --duration: both given; accepted: one of them"_s;
    if (o.durationS && *o.durationS <= 0)
        return u"--duration: 0 is out of range; accepted: a number of seconds above 0"_s;

    bool sizeFromFile = false;
    if (!o.settingsFile.isEmpty()) {
        const SmallFile file = SmallFile::read(o.settingsFile, MaxSettingsFileBytes);
        if (!file.error.isEmpty())
            return u"--settings: cannot read \"%1\": %2"_s.arg(o.settingsFile, file.error);
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(file.data, &parseError);
        if (!document.isObject()) {
            return u"--settings: \"%1\" is not a JSON object (%2); accepted: {\"max_connections\": "
                   "8, ...} with the keys of the README's settings table"_s.arg(
                       o.settingsFile,
                       parseError.error == QJsonParseError::NoError ? u"not an object"_s
                                                                    : parseError.errorString());
        }
        QStringList errors;
        *pool = PoolSettings::fromJson(document.object(), &errors, *pool);
        if (!errors.isEmpty())
            return u"--settings: %1: %2"_s.arg(o.settingsFile, errors.first());
        sizeFromFile = document.object().contains(u"max_connections"_s);
    }
    if (!o.target.isEmpty()) {
        const auto target = Endpoint::parse(o.target);
        pool->host = target->host;
        pool->port = target->port;
    }
    const bool anyTarget = o.lab || !o.targetsFile.isEmpty();
    if (!anyTarget && (pool->host.isEmpty() || pool->port == 0))
        return u"--target: missing; accepted: %1, or --lab"_s.arg(TargetAccepted);
    pool->tls = pool->tls || o.tls;
    pool->tlsInsecure = pool->tlsInsecure || o.insecure;
    for (const QString &entry : o.resolve)
        pool->hostOverrides << *HostOverride::parse(entry, nullptr);
    if (!sizeFromFile)
        pool->maxConnections = o.concurrency;
    for (const auto &[field, value] : o.poolOptions)
        field->set(*pool, value);

    load->protocol.kind = o.protocol.value_or(ProtocolKind::Http);
    load->concurrency = o.concurrency;
    load->ratePerSecond = o.rate;
    load->requests = o.durationS ? 0 : o.requests.value_or(500);
    load->durationS = o.durationS.value_or(0);
    load->staleRetry = o.staleRetry;
    load->giveUpUnreachable = true; // a command waits for nobody to bring the backend up
    load->requestTimeoutMs = o.requestTimeoutMs;
    if (!anyTarget && !o.protocol)
        return u"--protocol: missing; accepted: %1"_s.arg(
            enumNameList<ProtocolKind>().join(u", "_s));
    return {};
}

// Exit status when a report or events file could not be written (a full disk, say).
constexpr int NotWritten = 4;

// Whether two paths given on the command line name one file, through links too.
bool sameFile(const QString &a, const QString &b)
{
    if (a.isEmpty() || b.isEmpty())
        return false;
    const auto path = [](const QString &name) {
        const QFileInfo info(name);
        return info.exists() ? info.canonicalFilePath() : info.absoluteFilePath();
    };
    return path(a) == path(b);
}

bool unreachable(const LoadReport &report)
{
    return report.ok == 0 && report.failed > 0 && report.pool.dials > 0
        && report.pool.dialFailures == report.pool.dials;
}

// A pool for a workload without pooling: one connection per worker, none kept.
PoolSettings singleUse(PoolSettings pool, const LoadSettings &load)
{
    pool.maxConnections = std::max(pool.maxConnections, load.concurrency);
    pool.minIdle = 0;
    return pool;
}

// What RunSession runs: the lab if asked for, the one target (and the unpooled half's pool for
// --compare) or each of --targets.
RunSession::Plan makePlan(const RunOptions &options, const PoolSettings &pool, LoadSettings load,
                          const QList<TargetsFile::Target> &targets)
{
    RunSession::Plan plan;
    const auto labTarget = std::find_if(targets.begin(), targets.end(),
                                        [](const TargetsFile::Target &t) { return t.lab; });
    if (options.lab || labTarget != targets.end()) {
        LabSettings lab = LabSettings::embeddedDefault();
        lab.address = QHostAddress(QHostAddress::LocalHost);
        // One lab speaks one protocol: the first lab target's.
        lab.protocol
            = labTarget != targets.end() ? labTarget->load.protocol.kind : load.protocol.kind;
        lab.tls = labTarget != targets.end() ? labTarget->pool.tls : options.tls;
        plan.lab = lab;
    }
    for (const TargetsFile::Target &target : targets) {
        plan.targets.append({target.name,
                             target.load.pooled ? target.pool : singleUse(target.pool, target.load),
                             target.load, target.lab});
    }
    if (!targets.isEmpty())
        return plan;
    load.pooled = options.compare || options.pooled;
    plan.targets.append({QString(), load.pooled ? pool : singleUse(pool, load), load, options.lab});
    if (options.compare)
        plan.unpooledPool = singleUse(pool, load);
    return plan;
}

// The report of several targets: one section each, with its name, and a total.
QByteArray targetsReport(const RunSession::Plan &plan, const RunSession::Outcome &outcome,
                         bool json)
{
    QJsonArray sections;
    QString text;
    LoadReport total;
    for (qsizetype i = 0; i < outcome.reports.size(); ++i) {
        const LoadReport &report = outcome.reports[i];
        QJsonObject section = report.toJson();
        section.insert(u"name"_s, plan.targets[i].name);
        sections.append(section);
        text += u"== %1 ==\n%2\n"_s.arg(plan.targets[i].name, report.toText());
        total.ok += report.ok;
        total.failed += report.failed;
        total.durationS = std::max(total.durationS, report.durationS);
    }
    const QJsonObject totals{{u"ok"_s, qint64(total.ok)},
                             {u"failed"_s, qint64(total.failed)},
                             {u"duration_s"_s, total.durationS},
                             {u"throughput"_s, total.throughput()}};
    if (json)
        return QJsonDocument(QJsonObject{{u"targets"_s, sections}, {u"total"_s, totals}}).toJson();
    return (text
            + u"== total ==\n%1 ok, %2 failed, %3 requests/s over %4 targets\n"_s.arg(total.ok)
                  .arg(total.failed)
                  .arg(total.throughput(), 0, 'f', 1)
                  .arg(outcome.reports.size()))
        .toUtf8();
}

int writeReport(const RunOptions &options, const RunSession::Plan &plan,
                const RunSession::Outcome &outcome, QFile *output)
{
    QList<LoadReport> reports = outcome.reports;
    QByteArray text;
    if (!options.targetsFile.isEmpty()) {
        text = targetsReport(plan, outcome, options.json);
    } else if (outcome.unpooled) {
        text = options.json
            ? QJsonDocument(LoadReport::compareJson(reports[0], *outcome.unpooled)).toJson()
            : LoadReport::compareText(reports[0], *outcome.unpooled).toUtf8();
        reports[0].failed += outcome.unpooled->failed;
    } else {
        text = options.json ? QJsonDocument(reports[0].toJson()).toJson()
                            : reports[0].toText().toUtf8();
    }
    if (output->write(text) != text.size() || !output->flush()) {
        const QString what = options.output.isEmpty()
            ? u"cannot write the report to standard output"_s
            : u"--output: cannot write the report to \"%1\""_s.arg(options.output);
        OptionParser::printLine(stderr, u"%1: %2: %3"_s.arg(Command, what, output->errorString()));
        return NotWritten;
    }
    for (const QString &error : {outcome.eventsError, outcome.recordError}) {
        if (!error.isEmpty()) {
            OptionParser::printLine(stderr, u"%1: %2"_s.arg(Command, error));
            return NotWritten;
        }
    }
    int unreached = 0;
    for (qsizetype i = 0; i < reports.size(); ++i) {
        if (!unreachable(reports[i]))
            continue;
        ++unreached;
        const QString name = plan.targets[i].name;
        OptionParser::printLine(
            stderr,
            u"%1: could not reach %2: %3"_s.arg(Command, name.isEmpty() ? u"the target"_s : name,
                                                reports[i].pool.lastDialMessage));
    }
    if (unreached == reports.size())
        return 3;
    const bool failed = std::any_of(reports.begin(), reports.end(),
                                    [](const LoadReport &r) { return r.failed > 0; });
    return failed ? 1 : 0;
}

} // namespace

int runRunCommand(const QStringList &arguments)
{
    RunOptions options;
    OptionParser parser(Command,
                        u"Runs requests against a backend through a connection pool (or without "
                        "one) and reports throughput, latency and what the pool did.\n"
                        "Exit status: 0 all requests succeeded, 1 some failed, 2 bad arguments, "
                        "3 the target could not be reached, 4 the report, the events or the "
                        "recording could not be written."_s);
    addOptions(parser, &options);
    if (const auto status = parser.parse(arguments))
        return *status;

    PoolSettings pool;
    LoadSettings load;
    if (const QString error = buildSettings(options, &pool, &load); !error.isEmpty())
        return parser.fail(error);

    // Checked before any file is written; the lab's address stands in for the one it will have.
    PoolSettings checked = pool;
    if (options.lab || !options.targetsFile.isEmpty()) {
        checked.host = u"127.0.0.1"_s;
        checked.port = 1;
    }
    if (const QStringList errors = checked.validate() + load.validate(); !errors.isEmpty())
        return parser.fail(errors.first());
    QList<TargetsFile::Target> targets;
    if (!options.targetsFile.isEmpty()) {
        QString error;
        const auto read = TargetsFile::read(options.targetsFile,
                                            {pool, load, options.protocol.has_value()}, &error);
        if (!read)
            return parser.fail(u"--targets: "_s + error);
        targets = *read;
    }

    const std::pair<QString, QString> files[] = {{u"output"_s, options.output},
                                                 {u"events"_s, options.eventsFile},
                                                 {u"record"_s, options.recordFile}};
    for (size_t i = 0; i < std::size(files); ++i) {
        for (size_t j = i + 1; j < std::size(files); ++j) {
            if (sameFile(files[i].second, files[j].second))
                return parser.fail(u"--%1 and --%2 both name \"%3\"; give each its own file"_s.arg(
                    files[i].first, files[j].first, files[i].second));
        }
    }

    const qint64 fileLimit = raiseOpenFileLimit();
    // The unpooled half opens up to one connection per request in flight.
    if (const QString warning = openFileLimitWarning(
            fileLimit, std::max(pool.maxConnections, load.concurrency), options.lab);
        !warning.isEmpty())
        OptionParser::printLine(stderr, u"%1: warning: %2"_s.arg(Command, warning));
    QFile events(options.eventsFile);
    if (!options.eventsFile.isEmpty() && !events.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return parser.fail(
            u"--events: cannot write \"%1\": %2"_s.arg(options.eventsFile, events.errorString()));
    QFile output;
    if (!options.output.isEmpty()) {
        output.setFileName(options.output);
        if (!output.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return parser.fail(
                u"--output: cannot write \"%1\": %2"_s.arg(options.output, output.errorString()));
    } else {
        output.open(stdout, QIODevice::WriteOnly);
    }
    QFile *eventFile = options.eventsFile.isEmpty() ? nullptr : &events;
    const RunSession::Plan plan = makePlan(options, pool, load, targets);
    RecordingWriter recording;
    if (!options.recordFile.isEmpty()) {
        SessionProfile settings;
        settings.pool = plan.targets[0].pool;
        settings.load = plan.targets[0].load;
        settings.lab = plan.lab.value_or(LabSettings::embeddedDefault());
        settings.targetsLab = plan.targets[0].targetsLab;
        const QString target = options.lab ? u"lab"_s : plan.targets[0].pool.target();
        if (QString error;
            !recording.open(options.recordFile, RecordingHeader::now(target, settings), &error))
            return parser.fail(u"--record: "_s + error);
    }

    MetricsCollector metrics;
    MetricsServer server([&metrics] { return metrics.exposition(); });
    if (QString error; options.metrics.wanted() && !options.metrics.start(server, &error))
        return parser.fail(error);

    UnixSignalNotifier signals({SIGINT, SIGTERM});
    RunSession::Outcome outcome;
    {
        // Gone before the metrics linger: they serve the run's final figures, and nothing
        // runs any more.
        RunSession run(eventFile, recording.isOpen() ? &recording : nullptr, signals);
        if (options.metrics.wanted())
            run.setMetrics(&metrics);
        outcome = run.exec(plan);
    }
    if (!outcome.error.isEmpty())
        return parser.fail(outcome.error);
    const int status = writeReport(options, plan, outcome, &output);
    output.close();
    if (options.metrics.wanted())
        options.metrics.linger();
    return status;
}

#include "probecommand.h"

#include "endpoint.h"
#include "optionparser.h"
#include "session.h"
#include "unixsignalnotifier.h"

#include <QCoreApplication>
#include <QJsonDocument>

#include <csignal>
#include <cstdio>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

constexpr int ExitReachable = 0;
constexpr int ExitUnreachable = 3;

const QString TargetAccepted
    = u"HOST:PORT with a host name or an IP address (IPv6 in brackets) and a port 1 to 65535, "
      "e.g. 127.0.0.1:8080, db.internal:5432 or [::1]:6379"_s;

struct Options
{
    ProbeSettings settings;
    bool json = false;
    bool idleCutoff = false;
};

void printLine(FILE *stream, const QString &line)
{
    OptionParser::printLine(stream, line);
}

void addOptions(OptionParser &parser, Options *options, bool *haveTarget, bool *haveMaxIdle)
{
    ProbeSettings *s = &options->settings;
    parser.add({u"target"_s, u"HOST:PORT"_s, u"what to probe (IPv6 in brackets)"_s, TargetAccepted,
                [s, haveTarget](const QString &value) {
                    const auto target = Endpoint::parse(value);
                    if (!target || target->port == 0 || target->host.contains(u' '))
                        return u"\"%1\" is not accepted; accepted: %2"_s.arg(value, TargetAccepted);
                    s->host = target->host;
                    s->port = target->port;
                    *haveTarget = true;
                    return QString();
                }});
    const QString protocols = enumNameList<ProtocolKind>().join(u", "_s);
    parser.add({u"protocol"_s, u"NAME"_s, u"send one request and time its answer: "_s + protocols,
                protocols, [s, protocols](const QString &value) {
                    const auto kind = enumFromName<ProtocolKind>(value, Qt::CaseInsensitive);
                    if (!kind)
                        return u"\"%1\" is not accepted; accepted: %2"_s.arg(value, protocols);
                    Protocol protocol;
                    protocol.kind = *kind;
                    s->protocol = protocol;
                    return QString();
                }});
    parser.add(OptionParser::integer(u"count"_s, u"N"_s, u"attempts (default 4)"_s, 1,
                                     ProbeSettings::MaxCount, {},
                                     [s](qint64 n) { s->count = int(n); }));
    parser.add(OptionParser::integer(
        u"interval"_s, u"MS"_s, u"between the starts of attempts (default 1000)"_s, 0,
        ProbeSettings::MaxIntervalMs, u"ms"_s, [s](qint64 n) { s->intervalMs = n; }));
    parser.add(OptionParser::integer(u"timeout"_s, u"MS"_s, u"per step (default 3000)"_s, 1,
                                     ProbeSettings::MaxTimeoutMs, u"ms"_s,
                                     [s](qint64 n) { s->timeoutMs = n; }));
    parser.add(
        OptionParser::flag(u"tls"_s, u"TLS handshake after connecting"_s, [s] { s->tls = true; }));
    parser.add(OptionParser::flag(
        u"insecure"_s, u"with --tls: report a certificate that does not verify, but go on"_s,
        [s] { s->insecure = true; }));
    parser.add(OptionParser::text(u"ca-file"_s, u"PATH"_s,
                                  u"with --tls: also trust the certificates in this PEM file"_s,
                                  [s](const QString &value) { s->caFile = value; }));
    parser.add({u"resolve"_s, u"HOST:PORT:ADDR"_s,
                u"connect to ADDR for HOST:PORT without asking DNS (like curl; repeatable)"_s,
                u"HOST:PORT:ADDRESS"_s, [s](const QString &value) {
                    QString error;
                    const auto entry = HostOverride::parse(value, &error);
                    if (!entry)
                        return error.mid(QStringLiteral("resolve: ").size());
                    s->hostOverrides << *entry;
                    return QString();
                }});
    parser.add(OptionParser::flag(u"json"_s, u"print one JSON document instead of text"_s,
                                  [options] { options->json = true; }));
    parser.add(OptionParser::flag(
        u"idle-cutoff"_s,
        u"then find after how long idle connections are dropped (needs --protocol)"_s,
        [options] { options->idleCutoff = true; }));
    parser.add(OptionParser::integer(u"max-idle"_s, u"S"_s,
                                     u"with --idle-cutoff: the longest idle time tried (default "
                                     "600)"_s,
                                     ProbeSettings::MinMaxIdleMs / 1000,
                                     ProbeSettings::MaxMaxIdleMs / 1000, u"s"_s,
                                     [s, haveMaxIdle](qint64 n) {
                                         s->maxIdleMs = n * 1000;
                                         *haveMaxIdle = true;
                                     }));
}

// Fills options from the arguments; returns the exit status of a failure (or of --help).
std::optional<int> parseArguments(const QStringList &arguments, Options *options)
{
    OptionParser parser(u"poolscope probe"_s,
                        u"Probes a backend step by step, like ping: name resolution, a TCP "
                        "connect to each address, the TLS handshake and the first response byte "
                        "of one request; then says in plain words what works and what fails. "
                        "Exit status: 0 reachable, 3 unreachable, 2 bad arguments."_s);
    bool haveTarget = false;
    bool haveMaxIdle = false;
    addOptions(parser, options, &haveTarget, &haveMaxIdle);
    if (const auto status = parser.parse(arguments))
        return status;
    const ProbeSettings &s = options->settings;
    if (!haveTarget)
        return parser.fail(u"--target: missing; accepted: --target "_s + TargetAccepted);
    if (haveMaxIdle && !options->idleCutoff)
        return parser.fail(u"--max-idle: only means something with --idle-cutoff; accepted: "
                           "--max-idle S together with --idle-cutoff"_s);
    if (options->idleCutoff && !s.protocol)
        return parser.fail(u"--idle-cutoff: needs --protocol, to check that an idle connection "
                           "still answers; accepted: --protocol %1"_s.arg(
                               enumNameList<ProtocolKind>().join(u", "_s)));
    if (!s.caFile.isEmpty() && !s.tls)
        return parser.fail(u"--ca-file: only means something with TLS; accepted: --ca-file PATH "
                           "together with --tls"_s);
    const QStringList errors = s.validate();
    if (!errors.isEmpty())
        return parser.fail(u"--"_s + errors.constFirst());
    return std::nullopt;
}

// "1 attempt", "3 attempts".
QString counted(qsizetype n, const QString &noun)
{
    return u"%1 %2%3"_s.arg(n).arg(noun, n == 1 ? QString() : u"s"_s);
}

QString ms(qint64 ns)
{
    const double value = double(ns) / 1e6;
    return QString::number(value, 'f', value < 100 ? 2 : 1);
}

QString stepText(const ProbeStep &step)
{
    const QString name = enumName(step.kind);
    if (!step.ok)
        return u"%1 %2 after %3 ms (%4)"_s.arg(name, enumName(step.failure), ms(step.durationNs),
                                               step.message);
    QString text = u"%1=%2 ms"_s.arg(name, ms(step.durationNs));
    if (step.kind == ProbeStep::Kind::Response)
        text += u" (first byte; %1 bytes in %2 ms)"_s.arg(step.responseBytes)
                    .arg(ms(step.completeNs));
    if (step.kind == ProbeStep::Kind::Tls)
        text += u" (%1)"_s.arg(step.tls.protocol);
    if (!step.message.isEmpty())
        text += u" [%1]"_s.arg(step.message);
    return text;
}

// One line per address per attempt, like ping's.
void printAttempt(const ProbeAttempt &attempt)
{
    const QString prefix = u"seq=%1 "_s.arg(attempt.sequence);
    const ProbeStep &resolve = attempt.steps.constFirst();
    if (!resolve.ok) {
        printLine(stdout, prefix + stepText(resolve));
        return;
    }
    QStringList addresses;
    for (const QHostAddress &address : resolve.addresses)
        addresses << address.toString();
    printLine(stdout,
              prefix
                  + u"resolve=%1 ms (%2: %3)"_s.arg(ms(resolve.durationNs), resolve.source,
                                                    addresses.join(u", "_s)));
    for (const QString &address : attempt.addresses()) {
        QStringList parts;
        for (const ProbeStep &step : attempt.steps) {
            if (step.address == address)
                parts << stepText(step);
        }
        printLine(stdout, prefix + address + u' ' + parts.join(u' '));
    }
}

void printTls(const ProbeResult &result)
{
    QStringList seen;
    for (const ProbeAttempt &attempt : result.attempts) {
        for (const ProbeStep &step : attempt.steps) {
            if (step.kind != ProbeStep::Kind::Tls || !step.tls.valid || seen.contains(step.address))
                continue;
            seen << step.address;
            const ProbeTlsInfo &tls = step.tls;
            printLine(stdout,
                      u"TLS %1: %2 %3; certificate \"%4\" issued by \"%5\", valid until %6; "
                      "name %7; %8"_s.arg(step.address, tls.protocol, tls.cipher, tls.subject,
                                          tls.issuer, tls.expires.toUTC().toString(Qt::ISODate),
                                          tls.nameMatches ? u"matches"_s : u"does NOT match"_s,
                                          tls.trusted ? u"trusted"_s : u"NOT trusted"_s));
            for (const QString &error : tls.errors)
                printLine(stdout, u"  certificate: "_s + error);
        }
    }
}

void printSummary(const ProbeResult &result)
{
    const ProbeVerdict verdict = result.verdict();
    printLine(stdout, u"\n--- %1 probe statistics ---"_s.arg(result.settings.target()));
    printLine(stdout,
              u"%1, %2 succeeded, %3% loss%4"_s.arg(counted(verdict.attempts, u"attempt"_s))
                  .arg(verdict.succeeded)
                  .arg(verdict.attempts
                           ? 100 * (verdict.attempts - verdict.succeeded) / verdict.attempts
                           : 0)
                  .arg(result.stopped ? u" (stopped)"_s : QString()));
    printLine(stdout,
              u"%1 %2 %3 %4 %5"_s.arg(u"step"_s, -9)
                  .arg(u"address"_s, -24)
                  .arg(u"ok/sent"_s, -8)
                  .arg(u"loss"_s, -6)
                  .arg(u"min/mean/max ms"_s));
    for (const ProbeStepSummary &s : result.summaries()) {
        const QString times = s.succeeded
            ? u"%1/%2/%3"_s.arg(ms(s.minNs), ms(qint64(s.meanNs)), ms(s.maxNs))
            : u"-"_s;
        printLine(stdout,
                  u"%1 %2 %3 %4 %5"_s.arg(enumName(s.kind), -9)
                      .arg(s.address.isEmpty() ? u"-"_s : s.address, -24)
                      .arg(u"%1/%2"_s.arg(s.succeeded).arg(s.sent), -8)
                      .arg(u"%1%"_s.arg(QString::number(s.lossPercent(), 'f', 0)), -6)
                      .arg(times));
    }
    printTls(result);
    QString heading = enumName(verdict.status).toUpper();
    if (verdict.failure != ProbeFailure::None)
        heading += u" (%1 at %2)"_s.arg(enumName(verdict.failure), enumName(verdict.step));
    printLine(stdout, u"\n%1: %2"_s.arg(heading, verdict.sentence));
    if (!verdict.cause.isEmpty())
        printLine(stdout, u"  likely cause: "_s + verdict.cause);
    if (!verdict.next.isEmpty())
        printLine(stdout, u"  next: "_s + verdict.next);
    for (const QString &note : verdict.notes)
        printLine(stdout, u"  note: "_s + note);
}

void printCutoff(const IdleCutoffResult &r)
{
    printLine(stdout, QString());
    switch (r.outcome) {
    case IdleCutoffResult::Outcome::Found:
        printLine(stdout,
                  u"IDLE CUTOFF: about %1 (%2), shown as %3; %4, %5 checked, %6"_s.arg(
                      IdleCutoffResult::secondsText(r.cutoffMs), r.boundsText(),
                      enumName(r.drop).toUpper(), counted(r.rounds, u"round"_s),
                      counted(r.trials.size(), u"connection"_s),
                      IdleCutoffResult::secondsText(r.elapsedMs)));
        break;
    case IdleCutoffResult::Outcome::NotFound:
        printLine(stdout,
                  u"IDLE CUTOFF: none up to %1"_s.arg(IdleCutoffResult::secondsText(r.maxIdleMs)));
        break;
    case IdleCutoffResult::Outcome::Failed:
        printLine(stdout, u"IDLE CUTOFF: could not search (%1)"_s.arg(enumName(r.failure.failure)));
        break;
    case IdleCutoffResult::Outcome::Stopped:
        printLine(stdout, u"IDLE CUTOFF: stopped"_s);
        break;
    }
    printLine(stdout, r.sentence());
    if (r.outcome == IdleCutoffResult::Outcome::Failed && !r.failure.next.isEmpty())
        printLine(stdout, u"  next: "_s + r.failure.next);
    const QStringList advice = r.advice(PoolSettings());
    if (!advice.isEmpty()) {
        printLine(stdout, u"Recommended pool settings (for a pool with the defaults):"_s);
        for (const QString &line : advice)
            printLine(stdout, u"  "_s + line);
    }
}

} // namespace

int runProbeCommand(const QStringList &arguments)
{
    Options options;
    if (const auto status = parseArguments(arguments, &options))
        return *status;
    const ProbeSettings &settings = options.settings;
    const bool text = !options.json;

    Session session;
    UnixSignalNotifier signalNotifier({SIGINT, SIGTERM});
    QObject::connect(&signalNotifier, &UnixSignalNotifier::signalReceived, &session,
                     [&session] { session.stopProbes(); });

    if (text) {
        QString what = settings.protocol ? enumName(settings.protocol->kind) : u"TCP only"_s;
        if (settings.tls)
            what += settings.insecure ? u", TLS (insecure)"_s : u", TLS"_s;
        printLine(stdout,
                  u"PROBE %1 (%2, %3, timeout %4 ms)"_s
                      .arg(settings.target(), what, counted(settings.count, u"attempt"_s))
                      .arg(settings.timeoutMs));
    }

    ProbeResult result;
    std::optional<IdleCutoffResult> cutoff;
    const auto probed = [&](const ProbeResult &finished) {
        result = finished;
        if (text)
            printSummary(result);
        if (!options.idleCutoff || !result.verdict().reachable() || result.stopped) {
            QCoreApplication::exit();
            return;
        }
        if (text) {
            printLine(
                stdout,
                u"\nIDLE CUTOFF %1 (%2, up to %3 idle; takes a little more than "
                "the cutoff per round)"_s.arg(settings.target(), enumName(settings.protocol->kind),
                                              IdleCutoffResult::secondsText(settings.maxIdleMs)));
        }
        session.findIdleCutoff(settings);
    };
    QObject::connect(&session, &Session::feedDelivered, &session, [&](const SessionFeed &feed) {
        const ProbeFeed &probe = feed.probe;
        for (const ProbeAttempt &attempt : probe.attempts) {
            if (text)
                printAttempt(attempt);
        }
        if (probe.finished)
            probed(*probe.finished);
        for (const IdleCutoffResult::Trial &trial : probe.trials) {
            if (text)
                printLine(stdout,
                          u"idle %1: %2%3"_s.arg(IdleCutoffResult::secondsText(trial.idleMs),
                                                 enumName(trial.fate),
                                                 trial.whileIdle ? u" (while idle)"_s : QString()));
        }
        if (probe.cutoff) {
            cutoff = *probe.cutoff;
            if (text)
                printCutoff(*cutoff);
            QCoreApplication::exit();
        }
    });

    session.probe(settings);
    QCoreApplication::exec();

    if (options.json) {
        QJsonObject document = result.toJson();
        if (cutoff)
            document.insert(u"idle_cutoff"_s, cutoff->toJson());
        std::fputs(QJsonDocument(document).toJson(QJsonDocument::Indented).constData(), stdout);
        std::fflush(stdout);
    }
    const bool reachable = result.verdict().reachable()
        && (!cutoff || cutoff->outcome != IdleCutoffResult::Outcome::Failed);
    return reachable ? ExitReachable : ExitUnreachable;
}

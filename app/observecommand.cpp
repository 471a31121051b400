#include "observecommand.h"

#include "metricsoptions.h"
#include "metricsserver.h"
#include "observedmetrics.h"
#include "observer.h"
#include "observesummary.h"
#include "optionparser.h"
#include "unixsignalnotifier.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

const QString Command = u"poolscope observe"_s;
constexpr int ExitObserved = 0;
constexpr int ExitCannotObserve = 3;
// Linux's largest process id (PID_MAX_LIMIT on 64-bit).
constexpr qint64 MaxPid = 4'194'304;

struct ObserveOptions
{
    ObserveSelection selection;
    std::optional<double> durationS;
    int intervalMs = Observer::DefaultIntervalMs;
    qint64 idleCutoffMs = 0;
    bool json = false;
    MetricsOptions metrics;
};

void addOptions(OptionParser &parser, ObserveOptions *o)
{
    parser.add(OptionParser::integer(u"pid"_s, u"PID"_s,
                                     u"the process whose connections to follow (ps, pgrep)"_s, 1,
                                     MaxPid, {}, [o](qint64 n) { o->selection.pid = n; }));
    parser.add({u"target"_s, u"HOST:PORT"_s,
                u"follow the connections toward this destination (numeric or localhost)"_s,
                ObserveSelection::destinationAccepted(), [o](const QString &value) {
                    QString error;
                    const auto destination = ObserveSelection::parseDestination(value, &error);
                    if (!destination)
                        return error;
                    o->selection.addresses = destination->addresses;
                    o->selection.port = destination->port;
                    return QString();
                }});
    parser.add(OptionParser::decimal(
        u"duration"_s, u"S"_s,
        u"stop after S seconds (default: Ctrl-C, or when the process has exited)"_s, 7 * 86'400,
        u"a number of seconds above 0, up to 604800"_s, [o](double s) { o->durationS = s; }));
    parser.add(OptionParser::integer(u"interval"_s, u"MS"_s,
                                     u"between readings of the socket table (default 100)"_s, 20,
                                     10'000, u"ms"_s, [o](qint64 n) { o->intervalMs = int(n); }));
    parser.add(OptionParser::integer(
        u"idle-cutoff"_s, u"MS"_s,
        u"the destination's idle cutoff (poolscope probe --idle-cutoff): count the connections "
        "idle longer"_s,
        1, 86'400'000, u"ms"_s, [o](qint64 n) { o->idleCutoffMs = n; }));
    parser.add(OptionParser::reportFormat(&o->json));
    o->metrics.addTo(parser);
}

std::optional<int> parseArguments(const QStringList &arguments, ObserveOptions *options)
{
    OptionParser parser(
        Command,
        u"Follows another program's TCP connections in the kernel's socket table (netlink "
        "sock_diag with TCP_INFO, several readings a second), chosen by process, by destination "
        "or both, and reports them as a pool: connections seen, peak open, new per second, "
        "lifetimes, estimated requests per connection, who closed, CLOSE_WAIT and TIME_WAIT. "
        "Nothing is sent to the program or its sockets. What is inferred and how: "
        "docs/observe.md.\n"
        "Exit status: 0 observed, 2 bad arguments, 3 could not observe (no such process, "
        "permission refused, no socket diagnostics)."_s);
    addOptions(parser, options);
    if (const auto status = parser.parse(arguments))
        return status;
    if (!options->selection.byPid() && !options->selection.byDestination())
        return parser.fail(u"--pid or --target: missing; accepted: --pid PID, --target "
                           "HOST:PORT or both"_s);
    if (options->durationS && *options->durationS == 0)
        return parser.fail(u"--duration: 0 is out of range; accepted: a number of seconds "
                           "above 0"_s);
    return std::nullopt;
}

QString selectionText(const ObserveSelection &selection)
{
    QStringList parts;
    if (selection.byPid())
        parts << u"process %1"_s.arg(selection.pid);
    if (selection.byDestination())
        parts << u"toward %1"_s.arg(selection.destinationText());
    return parts.join(u' ');
}

// The metrics' pool label: "pid 1234", "127.0.0.1:6379", or both.
QString poolLabel(const ObserveSelection &selection)
{
    QStringList parts;
    if (selection.byPid())
        parts << u"pid %1"_s.arg(selection.pid);
    if (selection.byDestination())
        parts << selection.destinationText();
    return parts.join(u' ');
}

// One line a second while observing, like vmstat's.
void printProgress(const ObservedFeed &feed, qint64 startNs)
{
    const ObserveFindings &f = feed.findings;
    OptionParser::printLine(stdout,
                            u"%1 s  open %2 (in use %3, idle %4)  new/s %5  CLOSE_WAIT %6  "
                            "TIME_WAIT %7"_s.arg(double(feed.timeNs - startNs) / 1e9, 5, 'f', 1)
                                .arg(f.open)
                                .arg(f.inUse)
                                .arg(f.idle)
                                .arg(f.newPerSecond, 0, 'f', 0)
                                .arg(f.closeWait)
                                .arg(f.timeWait));
}

} // namespace

int runObserveCommand(const QStringList &arguments)
{
    ObserveOptions options;
    if (const auto status = parseArguments(arguments, &options))
        return *status;

    Observer observer(options.selection);
    observer.setIntervalMs(options.intervalMs);
    observer.setIdleCutoffMs(options.idleCutoffMs);
    ObservedMetrics metrics(poolLabel(options.selection));
    MetricsServer server([&metrics] { return metrics.exposition(); });
    if (QString error; options.metrics.wanted() && !options.metrics.start(server, &error)) {
        OptionParser::printLine(stderr, u"%1: %2"_s.arg(Command, error));
        return 2;
    }
    ObserveSummary summary;
    summary.setTarget(selectionText(options.selection));
    summary.setIntervalMs(options.intervalMs);
    const bool text = !options.json;
    qint64 startNs = -1;
    qint64 printedNs = -1;
    QString failure;
    QObject::connect(&observer, &Observer::observed, &observer, [&](const ObservedFeed &feed) {
        summary.add(feed);
        metrics.add(feed);
        if (startNs < 0)
            startNs = printedNs = feed.timeNs;
        if (text && feed.timeNs - printedNs >= 1'000'000'000) {
            printedNs = feed.timeNs;
            printProgress(feed, startNs);
        }
    });
    QObject::connect(&observer, &Observer::failed, &observer, [&](const QString &error) {
        failure = error;
        QCoreApplication::exit();
    });
    QObject::connect(&observer, &Observer::processEnded, &observer, [&] {
        if (text)
            OptionParser::printLine(stdout, u"process %1 has exited"_s.arg(options.selection.pid));
        QCoreApplication::exit();
    });
    UnixSignalNotifier signalNotifier({SIGINT, SIGTERM});
    QObject::connect(&signalNotifier, &UnixSignalNotifier::signalReceived, &observer,
                     [] { QCoreApplication::exit(); });
    if (QString error; !observer.start(&error)) {
        OptionParser::printLine(stderr, u"%1: %2"_s.arg(Command, error));
        return ExitCannotObserve;
    }
    // Says it has begun, so whoever starts the program to observe knows when to.
    OptionParser::printLine(stderr,
                            u"%1: observing %2, a reading every %3 ms%4"_s
                                .arg(Command, selectionText(options.selection))
                                .arg(options.intervalMs)
                                .arg(options.durationS ? u" for %1 s"_s.arg(*options.durationS)
                                                       : u"; Ctrl-C to stop"_s));
    if (options.durationS)
        QTimer::singleShot(qint64(*options.durationS * 1000), &observer,
                           [] { QCoreApplication::exit(); });
    QCoreApplication::exec();
    observer.finish();
    if (!failure.isEmpty()) {
        OptionParser::printLine(stderr, u"%1: %2"_s.arg(Command, failure));
        return ExitCannotObserve;
    }
    const QByteArray report = options.json ? QJsonDocument(summary.toJson()).toJson()
                                           : (u"\n"_s + summary.toText()).toUtf8();
    std::fwrite(report.constData(), 1, size_t(report.size()), stdout);
    std::fflush(stdout);
    options.metrics.linger();
    return ExitObserved;
}

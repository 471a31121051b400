#include "labcommand.h"

#include "endpoint.h"
#include "labknob.h"
#include "metricscollector.h"
#include "metricsoptions.h"
#include "metricsserver.h"
#include "openfilelimit.h"
#include "optionparser.h"
#include "session.h"
#include "unixsignalnotifier.h"

#include <QCoreApplication>

#include <csignal>
#include <cstdio>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

const QString ListenAccepted = u"ADDR:PORT with an IP address (IPv6 in brackets) and a port 0 to "
                               "65535, e.g. 127.0.0.1:0 or [::1]:8080"_s;

void addOptions(OptionParser &parser, LabSettings *settings)
{
    parser.add({u"listen"_s, u"ADDR:PORT"_s,
                u"where to listen (default 127.0.0.1:0, any free port)"_s, ListenAccepted,
                [settings](const QString &value) {
                    const auto listen = Endpoint::parse(value);
                    if (!listen || !listen->isIpAddress())
                        return u"\"%1\" is not accepted; accepted: %2"_s.arg(value, ListenAccepted);
                    settings->address = QHostAddress(listen->host);
                    settings->port = listen->port;
                    return QString();
                }});
    for (const LabKnob &knob : LabKnob::all()) {
        QString valueName = knob.unit.toUpper();
        if (knob.kind == LabKnob::Kind::Switch)
            valueName.clear();
        else if (knob.kind == LabKnob::Kind::Choice)
            valueName = u"NAME"_s;
        else if (knob.kind == LabKnob::Kind::Fraction)
            valueName = u"F"_s;
        else if (valueName.isEmpty())
            valueName = u"N"_s;
        parser.add({knob.key, valueName, u"%1; %2"_s.arg(knob.simulates, knob.acceptedText()),
                    knob.acceptedText(), [settings, &knob](const QString &value) {
                        QString error;
                        const bool bareSwitch
                            = knob.kind == LabKnob::Kind::Switch && value.isEmpty();
                        const auto parsed = bareSwitch ? std::optional(QVariant(true))
                                                       : knob.parse(value, &error);
                        if (!parsed)
                            return error;
                        knob.set(*settings, *parsed);
                        return QString();
                    }});
    }
}

} // namespace

int runLabCommand(const QStringList &arguments)
{
    LabSettings settings;
    OptionParser parser(u"poolscope lab"_s,
                        u"Runs the lab backend in the foreground until SIGINT or SIGTERM; the "
                        "first line on stdout is its address.\n"
                        "Exit status: 0 stopped by SIGINT or SIGTERM, 1 the lab could not start "
                        "(e.g. the address is taken), 2 bad arguments."_s);
    addOptions(parser, &settings);
    MetricsOptions metricsOptions;
    metricsOptions.addTo(parser);
    if (const auto status = parser.parse(arguments))
        return *status;

    raiseOpenFileLimit();
    MetricsCollector metrics;
    MetricsServer server([&metrics] { return metrics.exposition(); });
    if (QString error; metricsOptions.wanted() && !metricsOptions.start(server, &error))
        return parser.fail(error);
    Session session;
    LabCounters counters;
    int status = 0;
    QObject::connect(&session, &Session::feedDelivered, &session, [&](const SessionFeed &feed) {
        metrics.addFeed(feed);
        for (const QString &message : feed.lab.errors)
            OptionParser::printLine(stderr, u"lab: "_s + message);
        if (feed.lab.counters)
            counters = *feed.lab.counters;
        for (const SessionReply &reply : feed.replies) {
            if (!reply.ok()) {
                OptionParser::printLine(stderr, u"poolscope lab: "_s + reply.errors.join(u"; "_s));
                status = 1;
                QCoreApplication::quit();
            } else if (reply.action == u"start_lab"_s && feed.lab.settings) {
                const LabSettings &lab = *feed.lab.settings;
                OptionParser::printLine(stdout,
                                        u"lab: listening on %1 (%2, tls %3)"_s.arg(
                                            Endpoint::of(lab.address, quint16(lab.port)),
                                            enumName(lab.protocol), lab.tls ? u"on"_s : u"off"_s));
            } else if (reply.action == u"stop_lab"_s) {
                QCoreApplication::quit();
            }
        }
    });
    UnixSignalNotifier signalNotifier({SIGINT, SIGTERM});
    QObject::connect(&signalNotifier, &UnixSignalNotifier::signalReceived, &session,
                     [&session] { session.stopLab(); });
    session.startLab(settings);
    QCoreApplication::exec();
    if (status != 0)
        return status;
    OptionParser::printLine(
        stdout,
        u"lab: stopped after %1 connections, %2 requests, %3 error replies"_s.arg(counters.accepted)
            .arg(counters.requests)
            .arg(counters.errorReplies));
    std::fflush(stdout);
    metricsOptions.linger();
    return 0;
}

#include "labcommand.h"

#include "labhost.h"
#include "labknob.h"
#include "openfilelimit.h"
#include "unixsignalnotifier.h"

#include <QCoreApplication>

#include <csignal>
#include <cstdio>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

const QString ListenAccepted = u"ADDR:PORT with an IP address (IPv6 in brackets) and a port 0 to "
                               "65535, e.g. 127.0.0.1:0 or [::1]:8080"_s;

void printLine(FILE *stream, const QString &line)
{
    std::fputs(qPrintable(line + u'\n'), stream);
    std::fflush(stream);
}

int badArgument(const QString &message)
{
    printLine(stderr, u"poolscope lab: "_s + message);
    return 2;
}

QString optionList()
{
    QStringList options{u"--listen"_s};
    for (const LabKnob &knob : LabKnob::all())
        options << u"--"_s + knob.key;
    return options.join(u", "_s);
}

QString usage()
{
    QString text
        = u"Usage: poolscope lab [options]\n"
          "Runs the lab backend in the foreground until SIGINT or SIGTERM; the first line "
          "on stdout is its address.\n\n"
          "  --listen ADDR:PORT      where to listen (default 127.0.0.1:0, any free port)\n"_s;
    for (const LabKnob &knob : LabKnob::all()) {
        QString placeholder = knob.unit.toUpper();
        if (knob.kind == LabKnob::Kind::Choice)
            placeholder = u"NAME"_s;
        else if (knob.kind == LabKnob::Kind::Fraction)
            placeholder = u"F"_s;
        else if (placeholder.isEmpty())
            placeholder = u"N"_s;
        const QString option = knob.kind == LabKnob::Kind::Switch
            ? u"--"_s + knob.key
            : u"--%1 %2"_s.arg(knob.key, placeholder);
        text += u"  %1%2%3; %4\n"_s.arg(option, QString(qMax(1, 24 - int(option.size())), u' '),
                                        knob.simulates, knob.acceptedText());
    }
    return text;
}

std::optional<std::pair<QHostAddress, int>> parseListen(const QString &text)
{
    QString host;
    QString port;
    if (text.startsWith(u'[')) {
        const qsizetype end = text.indexOf(u"]:"_s);
        if (end < 0)
            return std::nullopt;
        host = text.mid(1, end - 1);
        port = text.mid(end + 2);
    } else {
        const qsizetype colon = text.lastIndexOf(u':');
        if (colon < 0 || text.indexOf(u':') != colon)
            return std::nullopt;
        host = text.left(colon);
        port = text.mid(colon + 1);
    }
    QHostAddress address;
    bool ok = false;
    const int portNumber = port.toInt(&ok);
    if (!address.setAddress(host) || !ok || portNumber < 0 || portNumber > 65535
        || (text.startsWith(u'[') != (address.protocol() == QAbstractSocket::IPv6Protocol)))
        return std::nullopt;
    return std::pair{address, portNumber};
}

// Fills settings from the arguments; returns the exit status of a failure, or nullopt.
std::optional<int> parseArguments(const QStringList &arguments, LabSettings *settings)
{
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument == u"--help" || argument == u"-h") {
            std::fputs(qPrintable(usage()), stdout);
            return 0;
        }
        if (!argument.startsWith(u"--"))
            return badArgument(
                u"unexpected argument \"%1\"; accepted: %2"_s.arg(argument, optionList()));
        const qsizetype equals = argument.indexOf(u'=');
        const QString name = argument.mid(2, equals < 0 ? -1 : equals - 2);
        std::optional<QString> value;
        if (equals >= 0)
            value = argument.mid(equals + 1);

        const LabKnob *knob = LabKnob::find(name);
        if (name != u"listen" && !knob)
            return badArgument(u"unknown option --%1; accepted: %2"_s.arg(name, optionList()));
        const QString accepted = knob ? knob->acceptedText() : ListenAccepted;
        if (!value && !(knob && knob->kind == LabKnob::Kind::Switch)) {
            if (i + 1 >= arguments.size())
                return badArgument(u"--%1: missing value; accepted: %2"_s.arg(name, accepted));
            value = arguments.at(++i);
        }

        if (!knob) {
            const auto listen = parseListen(*value);
            if (!listen)
                return badArgument(u"--listen: \"%1\" is not accepted; accepted: %2"_s.arg(
                    *value, ListenAccepted));
            settings->address = listen->first;
            settings->port = listen->second;
            continue;
        }
        QString error;
        const auto parsed = value ? knob->parse(*value, &error) : std::optional(QVariant(true));
        if (!parsed)
            return badArgument(u"--%1: %2"_s.arg(name, error));
        knob->set(*settings, *parsed);
    }
    return std::nullopt;
}

} // namespace

int runLabCommand(const QStringList &arguments)
{
    LabSettings settings;
    if (const auto status = parseArguments(arguments, &settings))
        return *status;

    raiseOpenFileLimit();
    UnixSignalNotifier signalNotifier({SIGINT, SIGTERM});
    QObject::connect(&signalNotifier, &UnixSignalNotifier::signalReceived,
                     QCoreApplication::instance(), &QCoreApplication::quit);
    LabHost lab;
    QObject::connect(&lab, &LabHost::errorOccurred, &lab,
                     [](const QString &message) { printLine(stderr, u"lab: "_s + message); });
    const QStringList errors = lab.start(settings);
    if (!errors.isEmpty()) {
        printLine(stderr, u"poolscope lab: "_s + errors.join(u"; "_s));
        return 1;
    }
    printLine(stdout,
              u"lab: listening on %1 (%2, tls %3)"_s.arg(
                  LabSettings::endpoint(lab.address(), lab.port()),
                  Protocol::kindName(settings.protocol), settings.tls ? u"on"_s : u"off"_s));
    QCoreApplication::exec();
    const LabCounters counters = lab.counters();
    lab.stop();
    printLine(
        stdout,
        u"lab: stopped after %1 connections, %2 requests, %3 error replies"_s.arg(counters.accepted)
            .arg(counters.requests)
            .arg(counters.errorReplies));
    return 0;
}

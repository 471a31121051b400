#include "comparecommand.h"

#include "optionparser.h"
#include "recordingcomparison.h"
#include "replay.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace {

const QString Command = u"poolscope compare"_s;
const QString Usage = u"poolscope compare FIRST SECOND, two recordings from poolscope run "
                      "--record or the window's File → Record"_s;

std::optional<RecordingSummary> summaryOf(const QString &path, const OptionParser &parser)
{
    QString error;
    auto recording = Recording::readFile(path, &error);
    if (!recording) {
        parser.fail(error);
        return std::nullopt;
    }
    if (!recording->notice().isEmpty())
        OptionParser::printLine(stderr, u"%1: warning: %2"_s.arg(Command, recording->notice()));
    return RecordingSummary::of(Replay(std::move(*recording)));
}

} // namespace

int runCompareCommand(const QStringList &arguments)
{
    bool json = false;
    OptionParser parser(Command,
                        u"Sets two recordings side by side, as the window's Compare sets pooled "
                        "against unpooled: requests, latency, failures, dials, reuses and "
                        "evictions of each recording's first pool, and how many times the "
                        "second's figure is the first's (docs/recording.md).\nArguments: "_s
                            + Usage
                            + u".\nExit status: 0 compared, 2 bad arguments or not a "
                              "recording."_s);
    parser.add({u"report"_s, u"text|json"_s, u"report format (default text)"_s, u"text or json"_s,
                [&json](const QString &value) {
                    if (value != u"text"_s && value != u"json"_s)
                        return u"\"%1\" is not a format; accepted: text or json"_s.arg(value);
                    json = value == u"json"_s;
                    return QString();
                }});
    QStringList options = arguments;
    const QStringList files = parser.takePositional(&options);
    if (const auto status = parser.parse(options))
        return *status;
    if (files.size() != 2)
        return parser.fail((files.size() == 1 ? u"1 recording given"_s
                                              : u"%1 recordings given"_s.arg(files.size()))
                           + u"; accepted: "_s + Usage);
    RecordingComparison comparison;
    comparison.firstName = files[0];
    comparison.secondName = files[1];
    const auto first = summaryOf(files[0], parser);
    if (!first)
        return 2;
    const auto second = summaryOf(files[1], parser);
    if (!second)
        return 2;
    comparison.first = *first;
    comparison.second = *second;
    if (json)
        OptionParser::printLine(
            stdout, QString::fromUtf8(QJsonDocument(comparison.toJson()).toJson()).trimmed());
    else
        std::fputs(comparison.toText().toUtf8().constData(), stdout);
    return 0;
}

#include "exportcommand.h"

#include "optionparser.h"
#include "replay.h"
#include "traceexport.h"

#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace {

const QString Command = u"poolscope export"_s;
const QString Usage = u"poolscope export --trace OUT.json FILE, FILE a recording from "
                      "poolscope run --record"_s;

bool sameFile(const QString &a, const QString &b)
{
    const auto path = [](const QString &name) {
        const QFileInfo info(name);
        return info.exists() ? info.canonicalFilePath() : info.absoluteFilePath();
    };
    return path(a) == path(b);
}

} // namespace

int runExportCommand(const QStringList &arguments)
{
    QString trace;
    OptionParser parser(Command,
                        u"Writes a recording (poolscope run --record FILE) as the Trace Event "
                        "Format, for Perfetto (ui.perfetto.dev) and chrome://tracing: a track per "
                        "connection, evictions, waiters and the pool's gauges "
                        "(docs/recording.md).\nArguments: "_s
                            + Usage
                            + u".\nExit status: 0 written, 2 bad arguments or not a recording, 4 "
                              "OUT could not be written."_s);
    parser.add(OptionParser::text(u"trace"_s, u"OUT.json"_s,
                                  u"write the Trace Event Format (JSON) to OUT.json"_s,
                                  [&trace](const QString &value) { trace = value; }));
    QStringList options = arguments;
    const QStringList files = parser.takePositional(&options);
    if (const auto status = parser.parse(options))
        return *status;
    if (trace.isEmpty())
        return parser.fail(u"--trace: missing; accepted: "_s + Usage);
    if (files.isEmpty())
        return parser.fail(u"the recording: missing; accepted: "_s + Usage);
    if (files.size() > 1)
        return parser.fail(u"%1 recordings given (\"%2\"); accepted: one, "_s.arg(files.size())
                               .arg(files.join(u"\", \""_s))
                           + Usage);
    if (sameFile(trace, files.first()))
        return parser.fail(u"--trace and the recording both name \"%1\"; give the trace its own "
                           "file"_s.arg(trace));

    QString error;
    auto recording = Recording::readFile(files.first(), &error);
    if (!recording)
        return parser.fail(error);
    if (!recording->notice().isEmpty())
        OptionParser::printLine(stderr, u"%1: warning: %2"_s.arg(Command, recording->notice()));
    const Replay replay(std::move(*recording));
    if (!TraceExport::writeFile(replay, trace, &error)) {
        OptionParser::printLine(stderr, u"%1: --trace: %2"_s.arg(Command, error));
        return 4;
    }
    OptionParser::printLine(
        stdout,
        u"%1: wrote %2, %3 s of the recording; open it in ui.perfetto.dev or chrome://tracing"_s
            .arg(Command, trace)
            .arg(double(replay.durationNs()) / 1e9, 0, 'f', 1));
    return 0;
}

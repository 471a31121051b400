#include "scriptcommand.h"

#include "connectionpool.h"
#include "metricscollector.h"
#include "metricsoptions.h"
#include "metricsserver.h"
#include "optionparser.h"
#include "scriptengine.h"
#include "scriptparser.h"

#include <QCoreApplication>
#include <QFile>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

constexpr auto Usage
    = "Usage: poolscope script FILE|-\n"
      "Runs a scenario script against a pool, step by step (docs/script.md): commands as JSON\n"
      "lines or one JSON array, from FILE or from stdin (-). Writes every pool event and one\n"
      "reply per command to stdout, as JSON lines.\n"
      "  {\"op\":\"create\",\"lab\":{},\"settings\":{\"max_connections\":2}}\n"
      "  {\"op\":\"acquire\",\"label\":\"c1\",\"actor\":\"t1\"}\n"
      "  {\"op\":\"release\",\"label\":\"c1\"}\n"
      "  {\"op\":\"expect\",\"kind\":\"released\",\"count\":1}\n"
      "Ops: create, acquire, release, request, join, sleep, wait_event, expect, clear, pause,\n"
      "ready, close, settings, lab, say (docs/script.md).\n"
      "  --metrics-listen ADDR:PORT  serve the pool's Prometheus metrics there while it runs\n"
      "                              (docs/metrics.md; loopback unless --metrics-allow-remote)\n"
      "  --metrics-allow-remote      let that address be one other machines reach\n"
      "  --metrics-linger S          keep serving them S seconds after the script ends\n"
      "  -h, --help                  print this and exit\n"
      "Exit status: 0 ran to its end, 1 a failed expect or wait, 2 bad arguments or bad input.\n";

void printError(const QString &message)
{
    std::fprintf(stderr, "poolscope script: %s\n", qPrintable(message));
}

// The --metrics-* options and their values, taken out of *arguments.
QStringList takeMetricsOptions(QStringList *arguments)
{
    QStringList taken, rest;
    for (qsizetype i = 0; i < arguments->size(); ++i) {
        const QString &argument = arguments->at(i);
        if (!argument.startsWith(u"--metrics-"_s)) {
            rest << argument;
            continue;
        }
        taken << argument;
        if ((argument == u"--metrics-listen"_s || argument == u"--metrics-linger"_s)
            && i + 1 < arguments->size())
            taken << arguments->at(++i);
    }
    *arguments = rest;
    return taken;
}

// What the script's pool looks like now, as the one pool of a feed.
SessionFeed feedOf(const ConnectionPool &pool)
{
    PoolFeed part;
    part.pool = 1;
    part.snapshot = pool.snapshot();
    PoolConfig config;
    config.name = u"script"_s;
    config.settings = pool.settings();
    part.config = config;
    SessionFeed feed;
    feed.pools << part;
    return feed;
}

} // namespace

int runScriptCommand(const QStringList &givenArguments)
{
    QStringList arguments = givenArguments;
    OptionParser metricsParser(u"poolscope script"_s, {});
    MetricsOptions metricsOptions;
    metricsOptions.addTo(metricsParser);
    if (const auto status = metricsParser.parse(takeMetricsOptions(&arguments)))
        return *status;
    if (arguments.contains(u"--help"_s) || arguments.contains(u"-h"_s)) {
        std::fputs(Usage, stdout);
        return 0;
    }
    if (arguments.size() != 1 || (arguments[0].startsWith(u'-') && arguments[0] != u"-")) {
        printError(u"give one script: a FILE, or - for stdin (poolscope script --help)"_s);
        return 2;
    }
    const QString name = arguments[0];
    QFile file;
    const bool opened = name == u"-"_s ? file.open(stdin, QIODevice::ReadOnly)
                                       : (file.setFileName(name), file.open(QIODevice::ReadOnly));
    if (!opened) {
        printError(u"cannot read %1: %2"_s.arg(name, file.errorString()));
        return 2;
    }
    QString error;
    const QList<ScriptCommand> commands = ScriptParser::parse(file.readAll(), &error);
    if (commands.isEmpty()) {
        printError(u"%1: %2"_s.arg(name == u"-"_s ? u"stdin"_s : name, error));
        return 2;
    }
    ScriptEngine engine(commands, [](const QByteArray &line) {
        std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
        std::fflush(stdout);
    });
    QObject::connect(&engine, &ScriptEngine::finished, qApp, &QCoreApplication::exit);
    // The pool lives on this thread: each scrape reads it as it is then.
    MetricsServer server([&engine] {
        MetricsCollector metrics;
        if (const ConnectionPool *pool = engine.pool())
            metrics.addFeed(feedOf(*pool));
        return metrics.exposition();
    });
    if (QString error; metricsOptions.wanted() && !metricsOptions.start(server, &error))
        return metricsParser.fail(error);
    engine.start();
    const int status = QCoreApplication::exec();
    metricsOptions.linger();
    if (!engine.failure().isEmpty())
        printError(u"%1: %2"_s.arg(name == u"-"_s ? u"stdin"_s : name, engine.failure()));
    return status;
}

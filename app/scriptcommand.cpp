#include "scriptcommand.h"

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
      "  -h, --help  print this and exit\n"
      "Exit status: 0 ran to its end, 1 a failed expect or wait, 2 bad arguments or bad input.\n";

void printError(const QString &message)
{
    std::fprintf(stderr, "poolscope script: %s\n", qPrintable(message));
}

} // namespace

int runScriptCommand(const QStringList &arguments)
{
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
    engine.start();
    const int status = QCoreApplication::exec();
    if (!engine.failure().isEmpty())
        printError(u"%1: %2"_s.arg(name == u"-"_s ? u"stdin"_s : name, engine.failure()));
    return status;
}

#include "comparecommand.h"
#include "exportcommand.h"
#include "labcommand.h"
#include "observecommand.h"
#include "probecommand.h"
#include "runcommand.h"
#include "scriptcommand.h"
#ifdef POOLSCOPE_WITH_GUI
#include "displaycheck.h"
#include "windowcommand.h"
#endif

#include <QCoreApplication>
#include <QStringList>

#include <cstdio>
#include <string_view>

namespace {

// A command-line subcommand: "poolscope NAME ...". The function gets the arguments after the
// name and returns the exit status; a QCoreApplication exists while it runs.
struct Subcommand
{
    std::string_view name;
    const char *summary;
    int (*run)(const QStringList &arguments);
};

constexpr Subcommand Subcommands[] = {
    {"lab", "run the lab backend in the foreground (poolscope lab --help)", runLabCommand},
    {"run", "run a workload through a pool and report (poolscope run --help)", runRunCommand},
    {"probe",
     "is a backend reachable, where does the time go, when are idle connections dropped "
     "(poolscope probe --help)",
     runProbeCommand},
    {"export",
     "a recording (poolscope run --record) as a trace for Perfetto (poolscope export --help)",
     runExportCommand},
    {"compare", "two recordings side by side, with the ratios (poolscope compare --help)",
     runCompareCommand},
    {"observe",
     "another program's connections as a pool, from the kernel's socket table (poolscope "
     "observe --help)",
     runObserveCommand},
    {"script", "drive a pool step by step from a scenario script (poolscope script --help)",
     runScriptCommand},
};

int printHelp()
{
    std::puts("Usage: poolscope [COMMAND [options]]");
#ifdef POOLSCOPE_WITH_GUI
    std::puts("Without a command, opens the PoolScope window (it needs a display; without one,\n"
              "the headless equivalent is poolscope run --lab --compare).");
#else
    std::puts("This build has no window (POOLSCOPE_WITH_GUI=OFF): give a command, such as\n"
              "poolscope run --lab --compare.");
#endif
    std::puts("\nCommands:");
    for (const Subcommand &subcommand : Subcommands)
        std::printf("  %-10s %s\n", subcommand.name.data(), subcommand.summary);
    std::printf("  %-10s %s\n", "open",
                "a recording (poolscope run --record) in the window, to scrub and play "
                "(poolscope open --help)");
    std::printf("  %-10s %s\n", "help", "show this list");
    std::puts("\nOptions:\n"
              "  -h, --help                 show this list\n"
              "  --version                  print the version of PoolScope and of Qt\n"
              "  --metrics-listen ADDR:PORT the window serves Prometheus metrics there "
              "(docs/metrics.md)\n"
              "  --metrics-allow-remote     let that address be one other machines reach");
    return 0;
}

int printVersion()
{
    // qVersion() is the Qt that runs, which may be newer than the one built against.
    std::printf("poolscope %s (Qt %s)\n", POOLSCOPE_VERSION, qVersion());
    return 0;
}

int openWindow(int &argc, char **argv)
{
#ifdef POOLSCOPE_WITH_GUI
    // The GUI thread keeps the GLib main loop (platform themes and input methods may need it).
    // The session's threads only run sockets and timers, and Qt's own poll() loop costs them
    // less per wake-up, which the pool and the lab have three of per request (measured at the
    // default workload: their two threads 4.5 % of a core with GLib, 3.7 % without).
    if (!qEnvironmentVariableIsSet("QT_NO_THREADED_GLIB"))
        qputenv("QT_NO_THREADED_GLIB", "1");
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    if (const DisplayCheck display(arguments); !display.canOpenWindow())
        return DisplayCheck::refuse(display.missing());
    return runWindow(argc, argv);
#else
    Q_UNUSED(argc);
    Q_UNUSED(argv);
    std::fputs("poolscope: this build has no window (POOLSCOPE_WITH_GUI=OFF); give a command, such "
               "as poolscope run --lab --compare (poolscope help lists them)\n",
               stderr);
    return 2;
#endif
}

constexpr auto OpenUsage
    = "Usage: poolscope open [--at SECONDS] FILE\n"
      "Opens a recording (poolscope run --record FILE) in the window: every view as it was,\n"
      "a time slider over the whole of it, play at 1x, 10x or 100x, jumps to the next\n"
      "eviction, acquire timeout or dial failure. Nothing is live (docs/recording.md).\n"
      "  --at SECONDS  open at that moment, in seconds from the recording's start\n"
      "Exit status: 0 closed, 2 bad arguments, no display or not a recording.\n";

int openRecordingWindow(int &argc, char **argv)
{
    // The usage needs no display.
    for (int i = 2; i < argc; ++i) {
        if (std::string_view(argv[i]) == "--help" || std::string_view(argv[i]) == "-h") {
            std::fputs(OpenUsage, stdout);
            return 0;
        }
    }
#ifdef POOLSCOPE_WITH_GUI
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    if (const DisplayCheck display(arguments); !display.canOpenWindow())
        return DisplayCheck::refuse(display.missing());
    return runOpenWindow(argc, argv);
#else
    Q_UNUSED(argc);
    Q_UNUSED(argv);
    std::fputs("poolscope open: this build has no window (POOLSCOPE_WITH_GUI=OFF); poolscope "
               "export --trace turns a recording into a trace for Perfetto\n",
               stderr);
    return 2;
#endif
}

} // namespace

int main(int argc, char *argv[])
{
    if (argc >= 2) {
        const std::string_view name = argv[1];
        if (name == "help" || name == "--help" || name == "-h")
            return printHelp();
        if (name == "--version")
            return printVersion();
        if (name == "open")
            return openRecordingWindow(argc, argv);
        for (const Subcommand &subcommand : Subcommands) {
            if (name == subcommand.name) {
                // Headless, nothing needs the GLib main loop, and Qt's own poll() loop costs
                // less per socket notifier change, which a pool makes twice per request
                // (measured: about a fifth more requests/s with 16 keep-alive connections).
                if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
                    qputenv("QT_NO_GLIB", "1");
                QCoreApplication app(argc, argv);
                return subcommand.run(QCoreApplication::arguments().mid(2));
            }
        }
        if (!name.starts_with('-')) {
            std::fprintf(stderr, "poolscope: unknown command \"%s\"; see poolscope help\n",
                         argv[1]);
            return 2;
        }
    }
    return openWindow(argc, argv);
}

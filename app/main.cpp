#include "labcommand.h"
#include "probecommand.h"
#include "runcommand.h"
#ifdef POOLSCOPE_WITH_GUI
#include "windowcommand.h"
#endif

#include <QCoreApplication>

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
};

int printHelp()
{
    std::puts("Usage: poolscope [COMMAND [options]]\n"
              "Without a command, opens the PoolScope window.\n\n"
              "Commands:");
    for (const Subcommand &subcommand : Subcommands)
        std::printf("  %-10s %s\n", subcommand.name.data(), subcommand.summary);
    std::printf("  %-10s %s\n", "help", "show this list");
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    if (argc >= 2) {
        const std::string_view name = argv[1];
        if (name == "help" || name == "--help" || name == "-h")
            return printHelp();
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
#ifdef POOLSCOPE_WITH_GUI
    return runWindow(argc, argv);
#else
    std::fputs("poolscope: this build has no window (POOLSCOPE_WITH_GUI=OFF); give a command, such "
               "as poolscope run --lab --compare (poolscope help lists them)\n",
               stderr);
    return 2;
#endif
}

#include "windowcommand.h"

#include "displaycheck.h"
#include "mainwindow.h"
#include "openfilelimit.h"
#include "preferencesdialog.h"
#include "replayplayer.h"
#include "session.h"
#include "windowmetrics.h"

#include <QApplication>
#include <QIcon>
#include <QMessageBox>
#include <QSettings>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

QtMessageHandler previousMessageHandler = nullptr;

// QApplication aborts when no platform plugin starts, also where DisplayCheck saw a display:
// DISPLAY names an X server that is gone (an SSH session that forwarded it ended), or the
// plugin's libraries are missing. Qt's warnings before it say which; this replaces the abort
// with the usual one line and exit status 2.
void exitOnPlatformFailure(QtMsgType type, const QMessageLogContext &context,
                           const QString &message)
{
    if (type != QtFatalMsg) {
        previousMessageHandler(type, context, message);
        return;
    }
    const QString display = qEnvironmentVariable("DISPLAY");
    std::_Exit(DisplayCheck::refuse(u"Qt's platform plugin could not start (DISPLAY is %1)"_s.arg(
        display.isEmpty() ? u"unset"_s : display)));
}

QIcon applicationIcon()
{
    QIcon icon;
    for (const int size : {16, 32, 48, 64, 128, 256})
        icon.addFile(u":/icons/%1x%1/apps/poolscope.png"_s.arg(size), QSize(size, size));
    return icon;
}

// What every window of the application shares, once the QApplication exists.
void setUpApplication()
{
    // The desktop entry's name: Wayland compositors find the entry, and so the icon, by it.
    QApplication::setDesktopFileName(u"poolscope"_s);
    QApplication::setWindowIcon(applicationIcon());
    QApplication::setOrganizationName(u"PoolScope"_s);
    QApplication::setApplicationName(u"poolscope"_s);
    QApplication::setApplicationVersion(QStringLiteral(POOLSCOPE_VERSION));
    // One look everywhere, so the state colours read the same on every desktop.
    QApplication::setStyle(u"Fusion"_s);
    raiseOpenFileLimit();
}

// "poolscope open: ..." on one line; exit status 2.
int refuseOpen(const QString &message)
{
    std::fprintf(stderr, "poolscope open: %s; see poolscope open --help\n", qPrintable(message));
    return 2;
}

} // namespace

int runWindow(int &argc, char **argv)
{
    // Qt 6 returns its default handler when none was installed, never null.
    previousMessageHandler = qInstallMessageHandler(exitOnPlatformFailure);
    QApplication app(argc, argv);
    qInstallMessageHandler(previousMessageHandler);
    setUpApplication();

    QSettings settings;
    SessionProfile profile = SessionProfile::restore(settings);
    // What was kept from the last run no longer starts; the defaults do.
    if (!profile.validate().isEmpty())
        profile = SessionProfile::embeddedDefault();
    Session session;
    session.setFeedIntervalMs(MainWindow::FeedIntervalMs);
    const quint32 pool = session.open(profile, true);
    MainWindow window(&session, pool);
    // --metrics-listen ADDR:PORT [--metrics-allow-remote] for this run, or what Preferences kept.
    const QStringList arguments = QApplication::arguments();
    const qsizetype listen = arguments.indexOf(u"--metrics-listen"_s);
    const bool fromCommandLine = listen > 0;
    const QString address
        = fromCommandLine ? arguments.value(listen + 1) : PreferencesDialog::savedAddress();
    const bool allowRemote = fromCommandLine ? arguments.contains(u"--metrics-allow-remote"_s)
                                             : PreferencesDialog::savedAllowRemote();
    WindowMetrics metrics(&session, window.preferencesDialog());
    window.preferencesDialog()->showRequest(address, allowRemote);
    if (const QString error = metrics.serve(address, allowRemote);
        !error.isEmpty() && fromCommandLine) {
        std::fprintf(stderr, "poolscope: --metrics-listen: %s\n", qPrintable(error));
        return 2;
    }
    QObject::connect(&session, &Session::feedDelivered, &window, [&](const SessionFeed &feed) {
        for (const SessionReply &reply : feed.replies) {
            if (reply.action == u"start_lab"_s && !reply.ok()) {
                QMessageBox::critical(&window, QObject::tr("PoolScope"),
                                      QObject::tr("The embedded lab could not start:\n%1")
                                          .arg(reply.errors.join(u'\n')));
                QApplication::exit(1);
            }
        }
    });
    window.restoreLayout();
    window.show();
    return QApplication::exec();
}

int runOpenWindow(int &argc, char **argv)
{
    // argv: poolscope open FILE (and Qt's own options, which QApplication takes out).
    previousMessageHandler = qInstallMessageHandler(exitOnPlatformFailure);
    QApplication app(argc, argv);
    qInstallMessageHandler(previousMessageHandler);
    const QStringList arguments = QApplication::arguments().mid(2);
    QStringList files;
    std::optional<double> atSeconds;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        if (arguments[i] == u"--at"_s) {
            bool ok = false;
            const QString value = arguments.value(i + 1);
            const double seconds = value.toDouble(&ok);
            if (!ok || seconds < 0 || !std::isfinite(seconds))
                return refuseOpen(u"--at: \"%1\" is not accepted; accepted: seconds from the "
                                  "recording's start, a number from 0"_s.arg(value));
            atSeconds = seconds;
            ++i;
        } else if (arguments[i].startsWith(u'-')) {
            return refuseOpen(u"unknown option %1"_s.arg(arguments[i]));
        } else {
            files << arguments[i];
        }
    }
    if (files.size() != 1)
        return refuseOpen(files.isEmpty() ? u"no recording given"_s
                                          : u"give one recording, not %1"_s.arg(files.size()));
    setUpApplication();
    QString error;
    std::unique_ptr<MainWindow> window = MainWindow::openRecording(files[0], &error);
    if (!window) {
        std::fprintf(stderr, "poolscope open: %s\n", qPrintable(error));
        return 2;
    }
    if (atSeconds) {
        ReplayPlayer *player = window->replayPlayer();
        player->seek(player->startNs() + qint64(*atSeconds * 1e9));
    }
    window->restoreLayout();
    window->show();
    return QApplication::exec();
}

#include "windowcommand.h"

#include "displaycheck.h"
#include "mainwindow.h"
#include "openfilelimit.h"
#include "session.h"

#include <QApplication>
#include <QIcon>
#include <QMessageBox>
#include <QSettings>

#include <cstdlib>

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

} // namespace

int runWindow(int &argc, char **argv)
{
    // Qt 6 returns its default handler when none was installed, never null.
    previousMessageHandler = qInstallMessageHandler(exitOnPlatformFailure);
    QApplication app(argc, argv);
    qInstallMessageHandler(previousMessageHandler);
    // The desktop entry's name: Wayland compositors find the entry, and so the icon, by it.
    QApplication::setDesktopFileName(u"poolscope"_s);
    QApplication::setWindowIcon(applicationIcon());
    QApplication::setOrganizationName(u"PoolScope"_s);
    QApplication::setApplicationName(u"poolscope"_s);
    QApplication::setApplicationVersion(QStringLiteral(POOLSCOPE_VERSION));
    // One look everywhere, so the state colours read the same on every desktop.
    QApplication::setStyle(u"Fusion"_s);
    raiseOpenFileLimit();

    QSettings settings;
    SessionProfile profile = SessionProfile::restore(settings);
    // What was kept from the last run no longer starts; the defaults do.
    if (!profile.validate().isEmpty())
        profile = SessionProfile::embeddedDefault();
    Session session;
    session.setFeedIntervalMs(MainWindow::FeedIntervalMs);
    const quint32 pool = session.open(profile, true);
    MainWindow window(&session, pool);
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

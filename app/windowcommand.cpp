#include "windowcommand.h"

#include "mainwindow.h"
#include "openfilelimit.h"
#include "session.h"

#include <QApplication>
#include <QMessageBox>
#include <QSettings>

#include <memory>

using namespace Qt::StringLiterals;

int runWindow(int &argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"PoolScope"_s);
    QApplication::setApplicationName(u"poolscope"_s);
    QApplication::setApplicationVersion(QStringLiteral(POOLSCOPE_VERSION));
    // One look everywhere, so the state colours read the same on every desktop.
    QApplication::setStyle(u"Fusion"_s);
    raiseOpenFileLimit();

    QSettings settings;
    auto session = std::make_unique<Session>();
    QStringList errors = session->start(SessionProfile::restore(settings));
    if (!errors.isEmpty()) {
        // What was kept from the last run no longer starts; the defaults do.
        session = std::make_unique<Session>();
        errors = session->start(SessionProfile::embeddedDefault());
    }
    if (!errors.isEmpty()) {
        QMessageBox::critical(
            nullptr, QObject::tr("PoolScope"),
            QObject::tr("The embedded lab could not start:\n%1").arg(errors.join(u'\n')));
        return 1;
    }
    MainWindow window(session.get());
    window.restoreLayout();
    window.show();
    return QApplication::exec();
}

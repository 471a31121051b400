#include "aboutdialog.h"

#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QSettings>
#include <QTest>

using namespace Qt::StringLiterals;

// Help → About says which PoolScope and which Qt this is, and where the window keeps what it
// remembers: the settings file the window really uses, and where profiles go.
class tst_AboutDialog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void saysVersionsAndWhereThingsAreKept();
};

void tst_AboutDialog::initTestCase()
{
    // As app/windowcommand.cpp names the application.
    QApplication::setOrganizationName(u"PoolScope"_s);
    QApplication::setApplicationName(u"poolscope"_s);
    QApplication::setApplicationVersion(QStringLiteral(POOLSCOPE_VERSION));
}

void tst_AboutDialog::saysVersionsAndWhereThingsAreKept()
{
    AboutDialog dialog;
    const auto *label = dialog.findChild<QLabel *>(u"aboutText"_s);
    QVERIFY(label);
    const QString text = label->text();
    QVERIFY2(text.contains(u"PoolScope " POOLSCOPE_VERSION ""_s), qPrintable(text));
    QVERIFY2(text.contains(u"Qt "_s + QString::fromLatin1(qVersion())), qPrintable(text));
    const QString settings = QSettings().fileName();
    // The file the manual page names, under the user's configuration directory.
    QVERIFY2(settings.endsWith(u"/PoolScope/poolscope.conf"_s), qPrintable(settings));
    QVERIFY2(text.contains(settings.toHtmlEscaped()), qPrintable(text));
    QVERIFY2(text.contains(QDir::currentPath().toHtmlEscaped()), qPrintable(text));
    QVERIFY(label->openExternalLinks());
    QVERIFY(label->textInteractionFlags() & Qt::TextSelectableByMouse);
}

QTEST_MAIN(tst_AboutDialog)
#include "tst_aboutdialog.moc"

// File → Preferences: the metrics it asks for (the address when ticked, nothing when not),
// kept for the next start; the answer it shows; and a window on a recording, which has no
// session to serve, has the item disabled.
#include "mainwindow.h"
#include "preferencesdialog.h"
#include "session.h"

#include <QAction>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;

class tst_Preferences : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void asksForWhatTheFieldsSayAndKeepsIt();
    void showsTheAnswer();
    void theWindowHasItInTheFileMenu();
};

void tst_Preferences::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
}

void tst_Preferences::asksForWhatTheFieldsSayAndKeepsIt()
{
    PreferencesDialog dialog;
    QSignalSpy asked(&dialog, &PreferencesDialog::metricsRequested);
    QVERIFY(!dialog.serveBox()->isChecked());
    QVERIFY(!dialog.addressField()->isEnabled());
    QCOMPARE(dialog.addressField()->text(), u"127.0.0.1:9464"_s);

    dialog.serveBox()->setChecked(true);
    QVERIFY(dialog.addressField()->isEnabled());
    dialog.addressField()->setText(u" [::1]:9500 "_s);
    dialog.apply();
    QCOMPARE(asked.size(), 1);
    QCOMPARE(asked[0][0].toString(), u"[::1]:9500"_s);
    QCOMPARE(asked[0][1].toBool(), false);
    QCOMPARE(PreferencesDialog::savedAddress(), u"[::1]:9500"_s);

    dialog.remoteBox()->setChecked(true);
    dialog.serveBox()->setChecked(false);
    dialog.apply();
    QCOMPARE(asked.size(), 2);
    QCOMPARE(asked[1][0].toString(), QString()); // stop serving
    QCOMPARE(PreferencesDialog::savedAddress(), QString());
    QVERIFY(PreferencesDialog::savedAllowRemote());

    // What the command line asked for shows, without asking again.
    PreferencesDialog next;
    QSignalSpy nextAsked(&next, &PreferencesDialog::metricsRequested);
    next.showRequest(u"127.0.0.1:0"_s, false);
    QVERIFY(next.serveBox()->isChecked());
    QCOMPARE(next.addressField()->text(), u"127.0.0.1:0"_s);
    QCOMPARE(nextAsked.size(), 0);
}

void tst_Preferences::showsTheAnswer()
{
    PreferencesDialog dialog;
    QCOMPARE(dialog.statusLabel()->text(), u"Not serving metrics."_s);
    dialog.showMetricsStatus(u"http://127.0.0.1:9464/metrics"_s, {});
    QVERIFY(dialog.statusLabel()->text().contains(u"http://127.0.0.1:9464/metrics"_s));
    dialog.showMetricsStatus({}, u"cannot listen on 127.0.0.1:9464: the port is taken"_s);
    QVERIFY(dialog.statusLabel()->text().contains(u"the port is taken"_s));
}

void tst_Preferences::theWindowHasItInTheFileMenu()
{
    Session session;
    const quint32 pool = session.open(SessionProfile::embeddedDefault(), false);
    MainWindow window(&session, pool);
    QAction *preferences = window.findChild<QAction *>(u"actionPreferences"_s);
    QVERIFY(preferences && preferences->isEnabled());
    preferences->trigger();
    QVERIFY(window.preferencesDialog()->isVisible());
}

QTEST_MAIN(tst_Preferences)
#include "tst_preferences.moc"

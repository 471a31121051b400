#include "feedstate.h"
#include "mainwindow.h"
#include "poolsettingspanel.h"
#include "session.h"
#include "settingrow.h"
#include "targetbar.h"

#include <QAction>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTabBar>
#include <QTabWidget>
#include <QTcpServer>
#include <QTest>
#include <QToolButton>

#include <memory>

using namespace Qt::StringLiterals;

// The controls dock and the target bar, driven as a user would in the window on the lab: a
// refusal that another field fixes, the lab button while the target field has focus, and
// restoring the defaults with TLS on.
class tst_Controls : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void crossFieldErrorClearsWhenTheOtherFieldFixesIt();
    void crossFieldErrorOnTheMaximumClearsFromMinIdle();
    void embeddedLabFillsTheFocusedTargetField();
    void restoreDefaultsKeepsTheTargetAndTls();
};

namespace {

constexpr int Patience = 10'000; // ms: generous, for a loaded machine

struct Window
{
    Window()
    {
        session = std::make_unique<Session>();
        pool = session->open(SessionProfile::embeddedDefault(), true);
        window = std::make_unique<MainWindow>(session.get(), pool);
        window->resize(1400, 900);
        window->show();
    }
    PoolSettings poolSettings() const { return session->profile(pool).pool; }
    FeedState *state() const { return window->state(); }
    SettingRow *row(const QString &key) const { return window->poolSettingsPanel()->row(key); }
    void showPoolSettings() const
    {
        auto *tabs = window->findChild<QTabWidget *>(u"controlTabs"_s);
        for (int i = 0; i < tabs->count(); ++i) {
            if (tabs->tabText(i) == u"Pool settings"_s)
                tabs->setCurrentIndex(i);
        }
    }

    std::unique_ptr<Session> session;
    quint32 pool = 0;
    std::unique_ptr<MainWindow> window;
};

QLineEdit *lineEditOf(SettingRow *row)
{
    return qobject_cast<QLineEdit *>(row->editor());
}

// Replaces what a line edit holds, as a user would: focus, select all, type, Enter.
void typeInto(QLineEdit *edit, const QString &text)
{
    QTest::mouseClick(edit, Qt::LeftButton);
    edit->setFocus(Qt::MouseFocusReason);
    QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(edit, text);
    QTest::keyClick(edit, Qt::Key_Return);
}

bool showsError(SettingRow *row)
{
    return !row->error().isEmpty()
        && row->findChild<QLabel *>(u"error_"_s + row->key())->isVisible();
}

} // namespace

void tst_Controls::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
}

void tst_Controls::crossFieldErrorClearsWhenTheOtherFieldFixesIt()
{
    Window w;
    QVERIFY(QTest::qWaitForWindowActive(w.window.get()));
    w.showPoolSettings();
    SettingRow *maxRow = w.row(u"max_connections"_s);
    SettingRow *minRow = w.row(u"min_idle"_s);
    QTRY_VERIFY(maxRow->isVisible());
    typeInto(lineEditOf(maxRow), u"3"_s);
    QTRY_COMPARE_WITH_TIMEOUT(w.poolSettings().maxConnections, 3, Patience);

    typeInto(lineEditOf(minRow), u"5"_s);
    QTRY_VERIFY(showsError(minRow));
    QVERIFY2(minRow->error().contains(u"min_idle: 5 is above max_connections (3)"_s),
             qPrintable(minRow->error()));
    QCOMPARE(w.poolSettings().minIdle, 2);

    // Fixed from the other field: the refusal goes, and what was typed applies with it.
    typeInto(lineEditOf(maxRow), u"10"_s);
    QTRY_COMPARE(minRow->error(), QString());
    QVERIFY(!showsError(minRow));
    QTRY_COMPARE_WITH_TIMEOUT(w.poolSettings().maxConnections, 10, Patience);
    QCOMPARE(w.poolSettings().minIdle, 5);
    QTRY_COMPARE_WITH_TIMEOUT(w.state()->profile().pool.minIdle, 5, Patience);
    QCOMPARE(lineEditOf(minRow)->text(), u"5"_s);

    // Not fixed yet: the message follows the other field's value.
    typeInto(lineEditOf(minRow), u"50"_s);
    QTRY_VERIFY(minRow->error().contains(u"above max_connections (10)"_s));
    typeInto(lineEditOf(maxRow), u"20"_s);
    QTRY_VERIFY2(minRow->error().contains(u"above max_connections (20)"_s),
                 qPrintable(minRow->error()));
    QTRY_COMPARE_WITH_TIMEOUT(w.poolSettings().maxConnections, 20, Patience);
    QCOMPARE(w.poolSettings().minIdle, 5);
}

void tst_Controls::crossFieldErrorOnTheMaximumClearsFromMinIdle()
{
    Window w;
    QVERIFY(QTest::qWaitForWindowActive(w.window.get()));
    w.showPoolSettings();
    SettingRow *maxRow = w.row(u"max_connections"_s);
    SettingRow *minRow = w.row(u"min_idle"_s);
    QTRY_VERIFY(maxRow->isVisible());
    typeInto(lineEditOf(maxRow), u"1"_s); // under min idle 2
    QTRY_VERIFY(showsError(maxRow));
    QCOMPARE(w.poolSettings().maxConnections, 8);
    typeInto(lineEditOf(minRow), u"0"_s);
    QTRY_COMPARE(maxRow->error(), QString());
    QTRY_COMPARE_WITH_TIMEOUT(w.poolSettings().maxConnections, 1, Patience);
    QCOMPARE(w.poolSettings().minIdle, 0);
}

void tst_Controls::embeddedLabFillsTheFocusedTargetField()
{
    Window w;
    QVERIFY(QTest::qWaitForWindowActive(w.window.get()));
    QTRY_VERIFY_WITH_TIMEOUT(w.state()->isLabListening(), Patience);
    const QString lab = w.state()->profile().pool.target();
    quint16 port = 0;
    {
        QTcpServer server; // a port nothing listens on once it closes
        QVERIFY(server.listen(QHostAddress::LocalHost));
        port = server.serverPort();
    }
    QLineEdit *target = w.window->targetBar()->targetEdit();
    const QString elsewhere = u"127.0.0.1:%1"_s.arg(port);
    typeInto(target, elsewhere);
    QTRY_VERIFY_WITH_TIMEOUT(!w.state()->targetsLab(), Patience);

    // Still in the field, half an edit typed: the lab button answers it.
    QVERIFY(target->hasFocus());
    QTest::keyClicks(target, u"99"_s);
    auto *labButton = w.window->targetBar()->findChild<QToolButton *>(u"targetLab"_s);
    QTRY_VERIFY(labButton->isEnabled());
    QTest::mouseClick(labButton, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(w.state()->targetsLab(), Patience);
    QTRY_COMPARE_WITH_TIMEOUT(target->text(), lab, Patience);
    QVERIFY(target->hasFocus());
    // Afterwards the field is the user's again: a later change of profile leaves typing alone.
    QTest::keyClicks(target, u"0"_s);
    PoolSettings settings = w.poolSettings();
    settings.maxConnections = 5;
    w.session->setPoolSettings(w.pool, settings);
    QTRY_COMPARE_WITH_TIMEOUT(w.state()->profile().pool.maxConnections, 5, Patience);
    QCOMPARE(target->text(), lab + u"0"_s);
}

void tst_Controls::restoreDefaultsKeepsTheTargetAndTls()
{
    Window w;
    QVERIFY(QTest::qWaitForWindowActive(w.window.get()));
    QTRY_VERIFY_WITH_TIMEOUT(w.state()->isLabListening(), Patience);
    auto *tls = w.window->findChild<QCheckBox *>(u"targetTls"_s);
    QTest::mouseClick(tls, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(w.state()->profile().pool.tls, Patience);
    const PoolSettings withTls = w.poolSettings();
    QVERIFY(!withTls.caFile.isEmpty()); // the lab's certificate
    PoolSettings changed = withTls;
    changed.maxConnections = 3;
    changed.idleTimeoutMs = 500;
    w.session->setPoolSettings(w.pool, changed);
    QTRY_COMPARE_WITH_TIMEOUT(w.state()->profile().pool.maxConnections, 3, Patience);

    // Pool > Restore default settings, as docs/window.md says: every setting but the target.
    auto *restore = w.window->findChild<QAction *>(u"actionRestoreDefaults"_s);
    QVERIFY(restore);
    restore->trigger();
    const PoolSettings defaults = SessionProfile::embeddedDefault().pool;
    QTRY_COMPARE_WITH_TIMEOUT(w.state()->profile().pool.maxConnections, defaults.maxConnections,
                              Patience);
    const PoolSettings restored = w.poolSettings();
    QCOMPARE(restored.idleTimeoutMs, defaults.idleTimeoutMs);
    QVERIFY(restored.tls);
    QCOMPARE(restored.caFile, withTls.caFile);
    QCOMPARE(restored.host, withTls.host);
    QCOMPARE(restored.port, withTls.port);
    QVERIFY(w.session->profile(w.pool).lab.tls);
    QVERIFY(w.state()->targetsLab());
    QVERIFY(tls->isChecked());

    // The panel's button does the same.
    w.session->setPoolSettings(w.pool, changed);
    QTRY_COMPARE_WITH_TIMEOUT(w.state()->profile().pool.maxConnections, 3, Patience);
    w.showPoolSettings();
    auto *button = w.window->poolSettingsPanel()->findChild<QPushButton *>(u"restoreDefaults"_s);
    QTRY_VERIFY(button->isVisible());
    QTest::mouseClick(button, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(w.state()->profile().pool.maxConnections, defaults.maxConnections,
                              Patience);
    QVERIFY(w.poolSettings().tls);
}

QTEST_MAIN(tst_Controls)
#include "tst_controls.moc"

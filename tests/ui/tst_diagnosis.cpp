// The diagnosis in the window, on a real session and the embedded lab: why requests wait, the
// settings checked against what the pool saw (each fix clicked), and the banner for failing
// requests, driven as a teacher would drive a lesson.
#include "banner.h"
#include "bannerarea.h"
#include "connectionmodel.h"
#include "connectionspanel.h"
#include "diagnosis.h"
#include "diagnosisview.h"
#include "dialfailurebanner.h"
#include "feedstate.h"
#include "holdermodel.h"
#include "mainwindow.h"
#include "session.h"

#include <QAbstractItemModelTester>
#include <QDockWidget>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

constexpr int Patience = 20'000; // ms: generous, for a loaded CI machine

struct Fixture
{
    Fixture()
    {
        session = std::make_unique<Session>();
        pool = session->open(SessionProfile::embeddedDefault(), true);
        window = std::make_unique<MainWindow>(session.get(), pool);
        window->resize(1400, 900);
        window->show();
        window->findChild<QDockWidget *>(u"diagnosisDock"_s)->raise();
        tester = std::make_unique<QAbstractItemModelTester>(
            view()->holderModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    }

    SessionProfile profile() const { return session->profile(pool); }
    Diagnosis *diagnosis() const { return window->diagnosis(); }
    DiagnosisView *view() const { return window->diagnosisView(); }
    bool started() const { return window->state()->stats().open > 0; }

    void setPool(const std::function<void(PoolSettings &)> &change) const
    {
        PoolSettings settings = profile().pool;
        change(settings);
        session->setPoolSettings(pool, settings);
    }
    void setLoad(const std::function<void(LoadSettings &)> &change) const
    {
        LoadSettings load = profile().load;
        change(load);
        session->setWorkload(pool, load);
    }
    void setLab(const std::function<void(LabSettings &)> &change) const
    {
        LabSettings lab = profile().lab;
        change(lab);
        session->setLabSettings(lab);
    }
    const SettingsRules::Warning *warning(SettingsRules::Kind kind) const
    {
        for (const SettingsRules::Warning &w : diagnosis()->warnings()) {
            if (w.kind == kind)
                return &w;
        }
        return nullptr;
    }
    // Clicks the warning's fix once it shows, and returns the value it proposed.
    qint64 clickFix(SettingsRules::Kind kind) const
    {
        QPushButton *fix = nullptr;
        const bool shown = QTest::qWaitFor(
            [&] {
                fix = view()->fixButton(kind);
                return fix && fix->isVisible() && warning(kind);
            },
            2 * Patience);
        if (!shown)
            return -1;
        const qint64 proposed = warning(kind)->proposed;
        QTest::mouseClick(fix, Qt::LeftButton);
        return proposed;
    }

    std::unique_ptr<Session> session;
    quint32 pool = 0;
    std::unique_ptr<MainWindow> window;
    std::unique_ptr<QAbstractItemModelTester> tester;
};

} // namespace

class tst_Diagnosis : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void dialFailureBannerExplainsDialFailures();
    void poolTooSmallIsExplained();
    void slowBackendIsExplained();
    void idleTimeoutAndMinIdleAgainstTheServersCutoff();
    void restartsAreNoIdleCutoff();
    void shortLifetimeIsLengthened();
    void acquireTimeoutBelowTheHoldIsRaised();
    void unusedConnectionsAreTrimmed();
    void protocolMismatchGetsABannerAndItsFix();
    void requestTimeoutsGetABannerAndCloseAsSuch();
};

void tst_Diagnosis::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
}

void tst_Diagnosis::dialFailureBannerExplainsDialFailures()
{
    PoolSettings target;
    target.host = u"127.0.0.1"_s;
    target.port = 9;
    DialFailureBanner banner;
    QVERIFY(banner.isHidden());
    banner.showFailure(DialError::Refused, u"127.0.0.1:9: Connection refused"_s, target);
    QVERIFY(!banner.isHidden());
    QCOMPARE(banner.error(), DialError::Refused);
    QCOMPARE(banner.sentence(),
             u"The pool cannot open connections. Nothing accepts connections on 127.0.0.1:9: the "
             "connection was refused."_s);

    QSignalSpy requested(&banner, &DialFailureBanner::probeRequested);
    QTest::mouseClick(banner.findChild<QPushButton *>(u"runProbeButton"_s), Qt::LeftButton);
    QCOMPARE(requested.size(), 1);

    // On the lab that is down for a restart, the banner says so rather than guess a cause.
    banner.showFailure(DialError::Refused, u"127.0.0.1:9: Connection refused"_s, target, true);
    QVERIFY(banner.sentence().contains(u"lab is not listening (restarting)"_s));
    QVERIFY(!banner.sentence().contains(u"Nothing accepts"_s));

    banner.showFailure(DialError::None, {}, target);
    QVERIFY(banner.isHidden());
    QCOMPARE(banner.error(), DialError::None);
}

void tst_Diagnosis::poolTooSmallIsExplained()
{
    Fixture f;
    QTRY_VERIFY_WITH_TIMEOUT(f.started(), Patience);
    // The lab as it is (5 ms a request), eight requests at a time, as fast as they go, on two
    // connections.
    f.setLoad([](LoadSettings &load) {
        load.concurrency = 8;
        load.ratePerSecond = 0;
    });
    f.setPool([](PoolSettings &pool) { pool.maxConnections = 2; });
    QTRY_COMPARE_WITH_TIMEOUT(f.diagnosis()->exhaustion().cause,
                              ExhaustionRules::Cause::PoolTooSmall, Patience);
    QTRY_VERIFY2_WITH_TIMEOUT(
        f.view()->causeText().startsWith(u"Pool too small for the offered load: "_s),
        qPrintable(f.view()->causeText()), Patience);
    // Little's law: eight at a time, each holding a connection, need eight.
    QTRY_VERIFY2_WITH_TIMEOUT(
        f.view()->littlesLawText().endsWith(u"= 8.0 connections needed; max connections is 2."_s),
        qPrintable(f.view()->littlesLawText()), Patience);
    QVERIFY2(f.view()->causeText().contains(u"8.0 connections needed, but max connections is 2"_s),
             qPrintable(f.view()->causeText()));
    QTRY_VERIFY_WITH_TIMEOUT(f.view()->queueText().startsWith(u"Waiting for a connection: "_s),
                             Patience);
    // Who holds the two connections: for which request, the longest first.
    HolderModel *holders = f.view()->holderModel();
    QTRY_COMPARE_WITH_TIMEOUT(holders->rowCount(), 2, Patience);
    const QRegularExpression request(u"^GET / #\\d+$"_s);
    for (int row = 0; row < holders->rowCount(); ++row) {
        const QString text = holders->index(row, HolderModel::RequestColumn).data().toString();
        QVERIFY2(request.match(text).hasMatch(), qPrintable(text));
    }
    QVERIFY(holders->holder(0).heldNs >= holders->holder(1).heldNs);
    // The banner over the timelines says it too, with a way to the details.
    Banner *summary = f.window->bannerArea()->summaryBanner();
    QTRY_VERIFY_WITH_TIMEOUT(summary->isVisible(), Patience);
    QVERIFY2(summary->sentence().startsWith(u"Pool too small"_s), qPrintable(summary->sentence()));
    f.window->findChild<QDockWidget *>(u"statisticsDock"_s)->raise();
    QTest::mouseClick(summary->findChild<QPushButton *>(u"diagnosisDetails"_s), Qt::LeftButton);
    QTRY_VERIFY(f.view()->isVisible());

    // The banner and the tab word one decision: the same sentence at every update.
    int updates = 0;
    QStringList disagreements;
    const auto connection = connect(f.diagnosis(), &Diagnosis::updated, [&] {
        ++updates;
        if (summary->isVisible() && summary->sentence() != f.view()->causeText())
            disagreements << summary->sentence() + u" / "_s + f.view()->causeText();
    });
    QTRY_VERIFY_WITH_TIMEOUT(updates >= 6, Patience);
    disconnect(connection);
    QVERIFY2(disagreements.isEmpty(), qPrintable(disagreements.join(u'\n')));

    // The fix: room for the eight at a time, from the tab or the banner.
    QPushButton *fix = f.view()->sizingFixButton();
    QTRY_VERIFY_WITH_TIMEOUT(fix->isVisible(), Patience);
    QCOMPARE(fix->text(), u"Set max connections to 8"_s);
    QVERIFY(f.window->bannerArea()->sizingFixButton()->isVisible());
    QCOMPARE(f.window->bannerArea()->sizingFixButton()->text(), fix->text());
    QTest::mouseClick(fix, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(f.profile().pool.maxConnections, 8, Patience);
    QTRY_COMPARE_WITH_TIMEOUT(f.view()->fixStatus(), u"Applied: Set max connections to 8."_s,
                              Patience);
    QTRY_VERIFY_WITH_TIMEOUT(!f.diagnosis()->exhaustion().exhausted(), 2 * Patience);
    QTRY_VERIFY_WITH_TIMEOUT(!fix->isVisible(), Patience);
}

void tst_Diagnosis::slowBackendIsExplained()
{
    Fixture f;
    // The backend's usual speed first, at the default workload.
    QTRY_VERIFY_WITH_TIMEOUT(f.diagnosis()->exhaustionFacts().usualHoldNs > 0, Patience);
    const double usual = f.diagnosis()->exhaustionFacts().usualHoldNs;
    QVERIFY2(usual < 100e6, qPrintable(QString::number(usual)));
    // Then the lab slows to 200 ms a request, with eight at a time on two connections.
    f.setLab([](LabSettings &lab) { lab.latencyMs = 200; });
    f.setLoad([](LoadSettings &load) { load.concurrency = 8; });
    f.setPool([](PoolSettings &pool) { pool.maxConnections = 2; });
    QTRY_COMPARE_WITH_TIMEOUT(f.diagnosis()->exhaustion().cause,
                              ExhaustionRules::Cause::SlowBackend, 2 * Patience);
    QTRY_VERIFY2_WITH_TIMEOUT(
        f.view()->causeText().startsWith(u"Slow backend: a lease is now held"_s),
        qPrintable(f.view()->causeText()), Patience);
    // 8 at a time at 200 ms each is 40 requests/s, under the cap of 100: 8 connections.
    QTRY_VERIFY2_WITH_TIMEOUT(
        f.view()->littlesLawText().endsWith(u"= 8.0 connections needed; max connections is 2."_s),
        qPrintable(f.view()->littlesLawText()), 2 * Patience);
    // Once the window holds only slow leases, each is held the lab's 200 ms at least; at the
    // usual speed the same load needed less than one connection.
    QTRY_VERIFY_WITH_TIMEOUT(f.diagnosis()->exhaustion().holdNs >= 200e6, Patience);
    const double atUsual = f.diagnosis()->exhaustion().neededAtUsualHold;
    QVERIFY2(atUsual > 0 && atUsual < 2, qPrintable(QString::number(atUsual)));
}

void tst_Diagnosis::idleTimeoutAndMinIdleAgainstTheServersCutoff()
{
    Fixture f;
    QTRY_VERIFY_WITH_TIMEOUT(f.started(), Patience);
    QCOMPARE(f.profile().pool.idleTimeoutMs, 30'000);
    QCOMPARE(f.profile().pool.minIdle, 2);
    // The server closes connections idle for a second; the pool keeps them 30 s.
    f.setLab([](LabSettings &lab) { lab.idleCloseMs = 1'000; });
    const qint64 idleTimeout = f.clickFix(SettingsRules::Kind::IdleTimeoutAboveCutoff);
    // Four fifths of the cutoff the pool saw: about the lab's second, a little less (the pool
    // counts idle time from when the answer arrived, the lab from when it sent it) or more (a
    // late timer on a loaded machine).
    QVERIFY2(idleTimeout >= 700 && idleTimeout < 900, qPrintable(QString::number(idleTimeout)));
    QTRY_COMPARE_WITH_TIMEOUT(f.profile().pool.idleTimeoutMs, idleTimeout, Patience);
    QTRY_VERIFY2_WITH_TIMEOUT(f.view()->fixStatus().startsWith(u"Applied: Set idle timeout to"_s),
                              qPrintable(f.view()->fixStatus()), Patience);
    QTRY_VERIFY_WITH_TIMEOUT(!f.warning(SettingsRules::Kind::IdleTimeoutAboveCutoff), Patience);
    // Min idle's two are exempt from the idle timeout: the server goes on closing them.
    QCOMPARE(f.clickFix(SettingsRules::Kind::MinIdleClosedByServer), 0);
    QTRY_COMPARE_WITH_TIMEOUT(f.profile().pool.minIdle, 0, Patience);
    QTRY_VERIFY_WITH_TIMEOUT(!f.warning(SettingsRules::Kind::MinIdleClosedByServer), Patience);
}

void tst_Diagnosis::restartsAreNoIdleCutoff()
{
    Fixture f;
    QTRY_VERIFY_WITH_TIMEOUT(f.started(), Patience);
    QSignalSpy replied(f.window->state(), &FeedState::replied);
    QSignalSpy published(f.diagnosis(), &Diagnosis::updated);
    // Restarts at a steady pace, two published decisions (two seconds of the pool's clock)
    // apart: each closes the idle connections, idle since the one before, at one moment. Their
    // idle ages agree, but the server has no idle cutoff.
    for (int restart = 0; restart < 4; ++restart) {
        replied.clear();
        const quint64 command = f.session->restartLab(0);
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(replied.begin(), replied.end(),
                                             [&](const QVariantList &args) {
                                                 return args.at(0).value<SessionReply>().command
                                                     == command;
                                             }),
                                 Patience);
        QTRY_VERIFY_WITH_TIMEOUT(f.window->state()->stats().open >= 2, Patience);
        published.clear();
        QTRY_VERIFY_WITH_TIMEOUT(published.size() >= 2, Patience);
        QVERIFY(!f.warning(SettingsRules::Kind::IdleTimeoutAboveCutoff));
        QVERIFY(!f.warning(SettingsRules::Kind::MinIdleClosedByServer));
    }
    QVERIFY(f.window->state()->labCounters().closedFor(LabCloseReason::Restart) >= 8);
}

void tst_Diagnosis::shortLifetimeIsLengthened()
{
    Fixture f;
    QTRY_VERIFY_WITH_TIMEOUT(f.started(), Patience);
    f.setPool([](PoolSettings &pool) { pool.maxLifetimeMs = 500; });
    QTRY_COMPARE_WITH_TIMEOUT(f.profile().pool.maxLifetimeMs, 500, Patience);
    QCOMPARE(f.clickFix(SettingsRules::Kind::LifetimeTooShort), 120'000);
    QTRY_COMPARE_WITH_TIMEOUT(f.profile().pool.maxLifetimeMs, 120'000, Patience);
    QTRY_VERIFY_WITH_TIMEOUT(!f.warning(SettingsRules::Kind::LifetimeTooShort), Patience);
}

void tst_Diagnosis::acquireTimeoutBelowTheHoldIsRaised()
{
    Fixture f;
    QTRY_VERIFY_WITH_TIMEOUT(f.started(), Patience);
    f.setLab([](LabSettings &lab) { lab.latencyMs = 50; });
    f.setPool([](PoolSettings &pool) { pool.acquireTimeoutMs = 10; });
    const qint64 proposed = f.clickFix(SettingsRules::Kind::AcquireTimeoutBelowHold);
    QVERIFY2(proposed >= 100, qPrintable(QString::number(proposed)));
    QTRY_COMPARE_WITH_TIMEOUT(f.profile().pool.acquireTimeoutMs, proposed, Patience);
    QTRY_VERIFY_WITH_TIMEOUT(!f.warning(SettingsRules::Kind::AcquireTimeoutBelowHold), Patience);
}

void tst_Diagnosis::unusedConnectionsAreTrimmed()
{
    Fixture f;
    QTRY_VERIFY_WITH_TIMEOUT(f.started(), Patience);
    f.setPool([](PoolSettings &pool) { pool.maxConnections = 50; });
    // The workload runs a while under the new settings before the peak says anything.
    const qint64 proposed = f.clickFix(SettingsRules::Kind::MaxConnectionsUnused);
    QVERIFY2(proposed >= 2 && proposed < 50, qPrintable(QString::number(proposed)));
    QTRY_COMPARE_WITH_TIMEOUT(qint64(f.profile().pool.maxConnections), proposed, Patience);
    QTRY_VERIFY_WITH_TIMEOUT(!f.warning(SettingsRules::Kind::MaxConnectionsUnused), Patience);
}

void tst_Diagnosis::protocolMismatchGetsABannerAndItsFix()
{
    Fixture f;
    QTRY_VERIFY_WITH_TIMEOUT(f.started(), Patience);
    Banner *banner = f.window->bannerArea()->failureBanner();
    QVERIFY(!banner->isVisible());
    // The workload speaks Redis to the lab's HTTP.
    f.setLoad([](LoadSettings &load) { load.protocol.kind = ProtocolKind::Redis; });
    QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), Patience);
    QVERIFY2(banner->sentence().startsWith(u"Requests fail: "_s), qPrintable(banner->sentence()));
    QVERIFY2(
        banner->sentence().contains(u"(protocol error: the server answers in http, not redis)"_s),
        qPrintable(banner->sentence()));
    QVERIFY2(banner->detail().contains(u"not a RESP reply"_s), qPrintable(banner->detail()));
    QPushButton *fix = f.window->bannerArea()->failureFixButton();
    QVERIFY(fix->isVisible());
    QCOMPARE(fix->text(), u"Choose protocol http"_s);
    QTest::mouseClick(fix, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(f.profile().load.protocol.kind, ProtocolKind::Http, Patience);
    QTRY_VERIFY_WITH_TIMEOUT(!banner->isVisible(), Patience);
    QCOMPARE(f.profile().lab.protocol, ProtocolKind::Http);

    // The other way round: the lab speaks Redis to the workload's HTTP.
    f.setLab([](LabSettings &lab) { lab.protocol = ProtocolKind::Redis; });
    f.session->flushPool(f.pool); // connections accepted as HTTP stay HTTP
    QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), Patience);
    QVERIFY2(banner->sentence().contains(u"the server answers in redis, not http"_s),
             qPrintable(banner->sentence()));
    QCOMPARE(fix->text(), u"Choose protocol redis"_s);
}

void tst_Diagnosis::requestTimeoutsGetABannerAndCloseAsSuch()
{
    Fixture f;
    QTRY_VERIFY_WITH_TIMEOUT(f.started(), Patience);
    Banner *banner = f.window->bannerArea()->failureBanner();
    f.setLoad([](LoadSettings &load) { load.requestTimeoutMs = 1'000; });
    f.setLab([](LabSettings &lab) { lab.blackhole = true; });
    QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), 2 * Patience);
    QVERIFY2(banner->sentence().contains(u"(request timeout: no complete response within the "
                                         "1 s request timeout)"_s),
             qPrintable(banner->sentence()));
    QVERIFY2(banner->detail().contains(u"no complete response within 1000 ms"_s),
             qPrintable(banner->detail()));
    // Their connections close as what they were.
    ConnectionModel *model = f.window->connectionsPanel()->model();
    const auto closedByTimeout = [&] {
        for (int row = 0; row < model->rowCount(); ++row) {
            if (model->info(row).closeReason == EvictionReason::RequestTimeout)
                return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(closedByTimeout(), Patience);
    QPushButton *fix = f.window->bannerArea()->failureFixButton();
    QCOMPARE(fix->text(), u"Turn the lab's blackhole off"_s);
    QTest::mouseClick(fix, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!f.profile().lab.blackhole, Patience);
    QTRY_VERIFY_WITH_TIMEOUT(!banner->isVisible(), Patience);
}

QTEST_MAIN(tst_Diagnosis)
#include "tst_diagnosis.moc"

#include "feedstate.h"
#include "labthread.h"
#include "probetablemodel.h"
#include "reachabilityview.h"
#include "session.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTcpServer>
#include <QTest>

using namespace Qt::StringLiterals;

class tst_ReachabilityView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void refusedPortShowsARefusedVerdict();
    void reachableLabFillsTableAndChart();
    void idleCutoffRecommendationIsApplied();
    void resultsOfAnotherTargetAreMarkedStale();
    void cutoffOfAnotherTargetCannotBeApplied();
    void probeFromTheBannerRevealsTheVerdict();
};

namespace {

constexpr int Timeout = 30'000;

PoolSettings poolFor(quint16 port)
{
    PoolSettings settings;
    settings.host = u"127.0.0.1"_s;
    settings.port = port;
    return settings;
}

// The view as the window has it: on a session, fed from its feed.
struct Probing
{
    Probing() { QObject::connect(&session, &Session::feedDelivered, &state, &FeedState::apply); }
    Session session;
    FeedState state{0};
    ReachabilityView view{&session, &state};
};

quint16 refusedPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost))
        return 0;
    return server.serverPort(); // nothing listens once it closes
}

QString labelText(const QWidget &parent, const QString &name)
{
    const auto *label = parent.findChild<QLabel *>(name);
    return label ? label->text() : QString();
}

} // namespace

void tst_ReachabilityView::refusedPortShowsARefusedVerdict()
{
    quint16 port = 0;
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        port = server.serverPort();
    }
    Probing probing;
    ReachabilityView &view = probing.view;
    view.setPoolSettings(poolFor(port));
    view.setProtocol(std::nullopt);
    view.show();
    auto *run = view.findChild<QPushButton *>(u"runProbeButton"_s);
    QVERIFY(run && run->isEnabled());
    QSignalSpy finished(&view, &ReachabilityView::probeFinished);
    QTest::mouseClick(run, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, Timeout);

    QCOMPARE(view.verdict().failure, ProbeFailure::Refused);
    const QString verdict = labelText(view, u"verdictLabel"_s);
    QVERIFY2(verdict.startsWith(u"UNREACHABLE (refused at connect): "_s), qPrintable(verdict));
    QVERIFY(verdict.contains(u"the connection was refused"_s));
    QVERIFY(labelText(view, u"explanationLabel"_s).contains(u"Next: "_s));
    QVERIFY(run->isEnabled());
}

void tst_ReachabilityView::reachableLabFillsTableAndChart()
{
    LabThread lab;
    QCOMPARE(lab.start(LabSettings()), QStringList());
    Probing probing;
    ReachabilityView &view = probing.view;
    view.setPoolSettings(poolFor(lab.port()));
    view.setProtocol(ProtocolKind::Http);
    auto *table = view.findChild<QTableView *>(u"probeTable"_s);
    QVERIFY(table);
    QAbstractItemModelTester tester(table->model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy finished(&view, &ReachabilityView::probeFinished);
    for (int i = 1; i <= 2; ++i) {
        view.runProbe();
        QVERIFY(view.isProbing());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), i, Timeout);
    }
    QCOMPARE(view.verdict().status, ProbeVerdict::Status::Reachable);
    QVERIFY(labelText(view, u"verdictLabel"_s).startsWith(u"REACHABLE: "_s));
    const QAbstractItemModel *model = table->model();
    QCOMPARE(model->rowCount(), 3); // resolve, connect, response
    QCOMPARE(model->index(1, ProbeTableModel::StepColumn).data().toString(), u"connect"_s);
    QCOMPARE(model->index(1, ProbeTableModel::ResultColumn).data().toString(), u"ok"_s);
    QCOMPARE(model->index(2, ProbeTableModel::SentColumn).data().toString(), u"4/4"_s);
    QVERIFY(!model->index(2, ProbeTableModel::MeanColumn).data().toString().isEmpty());
}

void tst_ReachabilityView::idleCutoffRecommendationIsApplied()
{
    LabThread lab;
    LabSettings labSettings;
    labSettings.idleCloseMs = 1000;
    QCOMPARE(lab.start(labSettings), QStringList());
    Probing probing;
    ReachabilityView &view = probing.view;
    // As the window's pool is: min idle, whose connections the idle timeout spares.
    PoolSettings pool = poolFor(lab.port());
    pool.minIdle = 2;
    pool.idleTimeoutMs = 30'000;
    pool.maxLifetimeMs = 120'000;
    view.setPoolSettings(pool);
    view.setProtocol(ProtocolKind::Http);
    auto *find = view.findChild<QPushButton *>(u"findIdleCutoffButton"_s);
    auto *apply = view.findChild<QPushButton *>(u"applyRecommendationButton"_s);
    QVERIFY(find && apply);
    QVERIFY(!apply->isEnabled());
    // In a dock as low as a 1280x720 window leaves it, scrolled to the finder: its buttons,
    // disabled once clicked, must not hand the focus on to a widget further down, which the
    // scroll area would scroll to.
    QScrollArea area;
    area.setWidget(&view);
    area.setWidgetResizable(true);
    area.resize(1270, 150);
    area.show();
    QVERIFY(QTest::qWaitForWindowExposed(&area));
    area.ensureWidgetVisible(find);
    const int scrolled = area.verticalScrollBar()->value();
    QTest::mouseClick(find, Qt::LeftButton);
    QVERIFY(view.isFindingIdleCutoff());
    QTRY_VERIFY_WITH_TIMEOUT(apply->isEnabled(), Timeout);
    QCOMPARE(area.verticalScrollBar()->value(), scrolled);
    QCOMPARE(view.idleCutoff().drop, IdleCutoffResult::Fate::Fin);
    const QString found = labelText(view, u"idleCutoffLabel"_s);
    QVERIFY(found.contains(u"FIN"_s));
    QVERIFY2(found.contains(u"still answered after"_s) || found.contains(u"failed after"_s),
             qPrintable(found));
    QVERIFY(!found.contains(u"Usable after"_s));

    QSignalSpy applied(&view, &ReachabilityView::recommendationApplied);
    area.ensureWidgetVisible(apply);
    const int atApply = area.verticalScrollBar()->value();
    QTest::mouseClick(apply, Qt::LeftButton);
    QCOMPARE(applied.size(), 1);
    const auto changes = applied.constFirst().constFirst().toJsonObject();
    QVERIFY(changes.value(u"idle_timeout_ms"_s).toInteger() < 1000);
    QCOMPARE(changes.value(u"min_idle"_s), QJsonValue(0));
    QVERIFY(!changes.contains(u"max_lifetime_ms"_s)); // a lifetime under 1 s: constant redials
    QStringList errors;
    const PoolSettings settings = PoolSettings::fromJson(changes, &errors, view.poolSettings());
    QCOMPARE(errors, QStringList());
    QCOMPARE(settings.validate(), QStringList());
    QCOMPARE(settings.port, int(lab.port()));
    QCOMPARE(settings.maxLifetimeMs, 120'000);
    // Once the pool runs on them there is nothing left to apply, and the view says why.
    view.setPoolSettings(settings);
    QVERIFY(!apply->isEnabled());
    QCOMPARE(area.verticalScrollBar()->value(), atApply);
    QVERIFY(apply->toolTip().contains(u"Nothing to change"_s));
    QVERIFY(labelText(view, u"idleCutoffLabel"_s).contains(u"already keep clear"_s));

    view.setProtocol(std::nullopt);
    QVERIFY(!find->isEnabled()); // an idle connection is only usable if it answers a request
    area.takeWidget(); // the view belongs to probing
}

void tst_ReachabilityView::resultsOfAnotherTargetAreMarkedStale()
{
    const quint16 port = refusedPort();
    QVERIFY(port);
    Probing probing;
    ReachabilityView &view = probing.view;
    view.setPoolSettings(poolFor(port));
    view.setProtocol(std::nullopt);
    QSignalSpy finished(&view, &ReachabilityView::probeFinished);
    view.runProbe();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, Timeout);
    const QString red = labelText(view, u"verdictLabel"_s);
    QVERIFY(red.startsWith(u"UNREACHABLE"_s));
    QVERIFY(!view.isResultStale());

    // Another target: the red verdict is not its verdict.
    LabThread lab;
    QCOMPARE(lab.start(LabSettings()), QStringList());
    view.setPoolSettings(poolFor(lab.port()));
    QVERIFY(view.isResultStale());
    const QString stale = labelText(view, u"verdictLabel"_s);
    QVERIFY2(stale.startsWith(u"Not the current target"_s), qPrintable(stale));
    QVERIFY(stale.contains(u"127.0.0.1:%1"_s.arg(port)));
    QVERIFY(stale.contains(u"127.0.0.1:%1"_s.arg(lab.port())));
    QVERIFY(!stale.contains(u"UNREACHABLE"_s));
    QVERIFY(!view.findChild<QLabel *>(u"explanationLabel"_s)->isVisibleTo(&view));
    // The same target again: the result is its own once more.
    view.setPoolSettings(poolFor(port));
    QVERIFY(!view.isResultStale());
    QCOMPARE(labelText(view, u"verdictLabel"_s), red);
    // TLS is another target too: what a plain connection met says nothing about a TLS one.
    PoolSettings tls = poolFor(port);
    tls.tls = true;
    view.setPoolSettings(tls);
    QVERIFY(view.isResultStale());
    // A probe of the new target is its own.
    view.setPoolSettings(poolFor(lab.port()));
    view.runProbe();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, Timeout);
    QVERIFY(!view.isResultStale());
    QVERIFY(labelText(view, u"verdictLabel"_s).startsWith(u"REACHABLE"_s));
}

void tst_ReachabilityView::cutoffOfAnotherTargetCannotBeApplied()
{
    LabThread lab;
    LabSettings labSettings;
    labSettings.idleCloseMs = 1000;
    QCOMPARE(lab.start(labSettings), QStringList());
    Probing probing;
    ReachabilityView &view = probing.view;
    view.setPoolSettings(poolFor(lab.port()));
    view.setProtocol(ProtocolKind::Http);
    auto *apply = view.findChild<QPushButton *>(u"applyRecommendationButton"_s);
    view.findIdleCutoff();
    QTRY_VERIFY_WITH_TIMEOUT(apply->isEnabled(), Timeout);
    QVERIFY(!view.isCutoffStale());

    // Pointed at a real server: the lab's cutoff says nothing about it.
    PoolSettings real = poolFor(6379);
    view.setPoolSettings(real);
    QVERIFY(view.isCutoffStale());
    QVERIFY(!apply->isEnabled());
    QVERIFY2(apply->toolTip().contains(u"Measured on 127.0.0.1:%1"_s.arg(lab.port())),
             qPrintable(apply->toolTip()));
    QVERIFY(apply->toolTip().contains(u"127.0.0.1:6379"_s));
    QVERIFY(labelText(view, u"idleCutoffLabel"_s).contains(u"Not the current target"_s));
    // Back on the lab it applies again.
    view.setPoolSettings(poolFor(lab.port()));
    QVERIFY(!view.isCutoffStale());
    QVERIFY(apply->isEnabled());
    QVERIFY(!labelText(view, u"idleCutoffLabel"_s).contains(u"Not the current target"_s));
}

void tst_ReachabilityView::probeFromTheBannerRevealsTheVerdict()
{
    const quint16 port = refusedPort();
    QVERIFY(port);
    Session session;
    FeedState state{0};
    QObject::connect(&session, &Session::feedDelivered, &state, &FeedState::apply);
    // As in the window's dock: the view scrolls, and was scrolled down to the cutoff finder.
    QScrollArea area;
    auto *view = new ReachabilityView(&session, &state);
    area.setWidget(view);
    area.setWidgetResizable(true);
    area.resize(900, 220);
    area.show();
    QVERIFY(QTest::qWaitForWindowExposed(&area));
    view->setPoolSettings(poolFor(port));
    view->setProtocol(std::nullopt);
    QScrollBar *bar = area.verticalScrollBar();
    QTRY_VERIFY(bar->maximum() > 0);
    bar->setValue(bar->maximum());
    auto *verdict = view->findChild<QLabel *>(u"verdictLabel"_s);
    const auto verdictInView = [&] {
        const QRect shown(view->mapFrom(area.viewport(), QPoint(0, 0)), area.viewport()->size());
        return shown.contains(verdict->geometry());
    };
    QVERIFY(!verdictInView());

    QSignalSpy finished(view, &ReachabilityView::probeFinished);
    view->runProbeAndReveal();
    QTRY_VERIFY(verdictInView());
    // Scrolled away while it runs (four attempts 200 ms apart), it is brought back with the
    // answer.
    QVERIFY(finished.isEmpty());
    bar->setValue(bar->maximum());
    QVERIFY(!verdictInView());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, Timeout);
    QTRY_VERIFY(verdictInView());
    QVERIFY(labelText(*view, u"verdictLabel"_s).startsWith(u"UNREACHABLE"_s));
}

QTEST_MAIN(tst_ReachabilityView)
#include "tst_reachabilityview.moc"

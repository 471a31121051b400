#include "feedstate.h"
#include "labthread.h"
#include "probetablemodel.h"
#include "reachabilityview.h"
#include "session.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QPushButton>
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
    view.setPoolSettings(poolFor(lab.port()));
    view.setProtocol(ProtocolKind::Http);
    auto *find = view.findChild<QPushButton *>(u"findIdleCutoffButton"_s);
    auto *apply = view.findChild<QPushButton *>(u"applyRecommendationButton"_s);
    QVERIFY(find && apply);
    QVERIFY(!apply->isEnabled());
    QTest::mouseClick(find, Qt::LeftButton);
    QVERIFY(view.isFindingIdleCutoff());
    QTRY_VERIFY_WITH_TIMEOUT(apply->isEnabled(), Timeout);
    QCOMPARE(view.idleCutoff().drop, IdleCutoffResult::Fate::Fin);
    QVERIFY(labelText(view, u"idleCutoffLabel"_s).contains(u"FIN"_s));

    QSignalSpy applied(&view, &ReachabilityView::recommendationApplied);
    QTest::mouseClick(apply, Qt::LeftButton);
    QCOMPARE(applied.size(), 1);
    const auto changes = applied.constFirst().constFirst().toJsonObject();
    QVERIFY(changes.value(u"idle_timeout_ms"_s).toInteger() < 1000);
    QStringList errors;
    const PoolSettings settings = PoolSettings::fromJson(changes, &errors, view.poolSettings());
    QCOMPARE(errors, QStringList());
    QCOMPARE(settings.validate(), QStringList());
    QCOMPARE(settings.port, int(lab.port()));

    view.setProtocol(std::nullopt);
    QVERIFY(!find->isEnabled()); // an idle connection is only usable if it answers a request
}

QTEST_MAIN(tst_ReachabilityView)
#include "tst_reachabilityview.moc"

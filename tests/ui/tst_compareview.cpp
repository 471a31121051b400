#include "compareview.h"
#include "feedstate.h"
#include "session.h"

#include <QChartView>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QTest>
#include <QValueAxis>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

constexpr int Patience = 40'000; // ms: two halves and a loaded CI machine
// The Compare tab's room at 1280x720, as a screenshot of the window shows it: the bottom dock
// less its title and tabs.
constexpr QSize DockAt1280(1280, 155);

bool isRoundStep(double step)
{
    const double mantissa = step / std::pow(10.0, std::floor(std::log10(step)));
    return std::abs(mantissa - 1) < 1e-9 || std::abs(mantissa - 2) < 1e-9
        || std::abs(mantissa - 5) < 1e-9;
}

} // namespace

class tst_CompareView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fitsTheDockAt1280_data();
    void fitsTheDockAt1280();
};

void tst_CompareView::fitsTheDockAt1280_data()
{
    QTest::addColumn<bool>("tls");
    QTest::newRow("plain") << false;
    QTest::newRow("tls") << true;
}

// After a run, the sentence, every row of the table and a chart with readable round ticks
// fit the dock at 1280x720 without scrolling.
void tst_CompareView::fitsTheDockAt1280()
{
    Session session;
    const quint32 pool = session.open(SessionProfile::embeddedDefault(), true);
    FeedState state(pool);
    bool started = false;
    connect(&session, &Session::feedDelivered, &state, [&](const SessionFeed &feed) {
        state.apply(feed);
        for (const SessionReply &reply : feed.replies)
            started = started || (reply.action == u"add_pool"_s && reply.ok());
    });
    auto *view = new CompareView(&session, &state);
    QScrollArea area; // as MainWindow wraps the dock's view
    area.setWidget(view);
    area.setWidgetResizable(true);
    area.setFrameShape(QFrame::NoFrame);
    area.resize(DockAt1280);
    area.show();
    QTRY_VERIFY_WITH_TIMEOUT(started, Patience);
    QFETCH(bool, tls);
    if (tls) {
        session.targetLab(pool, true);
        QTRY_VERIFY_WITH_TIMEOUT(state.profile().pool.tls && state.stats().tlsTime.count() > 0,
                                 Patience);
    }
    view->findChild<QDoubleSpinBox *>(u"compareSeconds"_s)->setValue(1);
    QTest::mouseClick(view->runButton(), Qt::LeftButton);
    QVERIFY(view->isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(!view->isRunning(), Patience);
    QVERIFY2(view->resultText().contains(u"times</b> as long"_s), qPrintable(view->resultText()));
    // Over TLS the sentence says what the TLS handshake adds to each new connection.
    QCOMPARE(view->resultText().contains(u"TLS handshake"_s), tls);

    auto *table = view->findChild<QLabel *>(u"compareResult"_s);
    QTRY_VERIFY(table->height() >= table->sizeHint().height());
    QCOMPARE(area.verticalScrollBar()->maximum(), 0);
    QVERIFY(table->geometry().bottom() < area.viewport()->height());
    auto *summary = view->findChild<QLabel *>(u"compareSummary"_s);
    QVERIFY(summary->height() >= summary->heightForWidth(summary->width()));

    auto *chart = view->findChild<QChartView *>();
    QVERIFY(chart->chart()->plotArea().height() >= 60);
    const auto axes = chart->chart()->axes(Qt::Vertical);
    QCOMPARE(axes.size(), 1);
    auto *y = qobject_cast<QValueAxis *>(axes.first());
    QVERIFY2(isRoundStep(y->tickInterval()), qPrintable(QString::number(y->tickInterval())));
    QVERIFY(y->max() / y->tickInterval() <= chart->chart()->plotArea().height() / 20);
    const double ticks = y->max() / y->tickInterval();
    QVERIFY(std::abs(ticks - std::round(ticks)) < 1e-9);
    // Every tick printed as it is: no 14.5 shown among whole numbers, no 2.5 rounded to 3.
    const QByteArray format = y->labelFormat().toLatin1();
    for (double value = 0; value <= y->max(); value += y->tickInterval()) {
        const QString label = QString::asprintf(format.constData(), value);
        QVERIFY2(label.endsWith(u" ms"_s), qPrintable(label));
        QCOMPARE(label.section(u' ', 0, 0).toDouble(), value);
    }
}

QTEST_MAIN(tst_CompareView)
#include "tst_compareview.moc"

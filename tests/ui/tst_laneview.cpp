#include "connectionledger.h"
#include "laneview.h"
#include "monotonicclock.h"

#include <QFontMetrics>
#include <QScrollBar>
#include <QTest>

using namespace Qt::StringLiterals;

// The lanes after an unpooled run: a wall of closed single-use connections and a few live ones.
// The live ones come first; the closed ones fold into one row that says how many and why.
class tst_LaneView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void liveConnectionsComeFirst();
    void closedLanesFoldIntoASummaryRow();
    void clickingTheSummaryShowsTheClosedLanesNewestFirst();
    void hideClosedDropsThemAndTheRow();
    void selectingAClosedConnectionShowsItsLane();
    void summaryTextFitsWithoutCuttingOff();
};

namespace {

constexpr qint64 Ms = 1'000'000;

PoolEvent poolEvent(EventKind kind, quint64 id, qint64 timeNs)
{
    PoolEvent e;
    e.kind = kind;
    e.connectionId = id;
    e.generation = 1;
    e.timeNs = timeNs;
    return e;
}

// A connection dialed at startNs and used once; closed at closeNs for reason unless closeNs is 0.
void addLife(QList<PoolEvent> &events, quint64 id, qint64 startNs, qint64 closeNs,
             EvictionReason reason = EvictionReason::SingleUse)
{
    events << poolEvent(EventKind::DialStarted, id, startNs);
    PoolEvent connected = poolEvent(EventKind::DialSucceeded, id, startNs + 2 * Ms);
    connected.address = u"127.0.0.1:8080"_s;
    events << connected << poolEvent(EventKind::Acquired, id, startNs + 3 * Ms)
           << poolEvent(EventKind::Released, id, startNs + 10 * Ms);
    if (closeNs) {
        PoolEvent closed = poolEvent(EventKind::Evicted, id, closeNs);
        closed.reason = reason;
        events << closed;
    }
}

// Connections 1 and 2 live, 3..52 closed after one use each (unpooled), 53 and 54 closed by
// the peer, then 55 live: the order a pool gives ids in.
struct Unpooled
{
    Unpooled()
    {
        const qint64 now = MonotonicClock::nowNs();
        QList<PoolEvent> events;
        addLife(events, 1, now - 1900 * Ms, 0);
        addLife(events, 2, now - 1800 * Ms, 0);
        for (quint64 id = 3; id <= 52; ++id) {
            const qint64 start = now - 1700 * Ms + qint64(id) * 20 * Ms;
            addLife(events, id, start, start + 12 * Ms);
        }
        addLife(events, 53, now - 500 * Ms, now - 300 * Ms, EvictionReason::PeerClosed);
        addLife(events, 54, now - 480 * Ms, now - 200 * Ms, EvictionReason::PeerClosed);
        addLife(events, 55, now - 100 * Ms, 0);
        ledger.addEvents(events);
        view.resize(900, 400);
        view.show();
        view.refresh();
    }
    ConnectionLedger ledger;
    LaneView view{&ledger};
};

QPoint rowCentre(const LaneView &view, int row)
{
    // The time axis is 22 px tall; rows below it. The first row of a short list is tall.
    const int rows = view.shownLaneCount();
    const int height = std::clamp((view.viewport()->height() - 22) / std::max(1, rows), 16, 32);
    return {view.viewport()->width() / 2, 22 + row * height + height / 2};
}

} // namespace

void tst_LaneView::liveConnectionsComeFirst()
{
    Unpooled u;
    QCOMPARE(u.view.rowConnection(0), quint64(1));
    QCOMPARE(u.view.rowConnection(1), quint64(2));
    QCOMPARE(u.view.rowConnection(2), quint64(55));
    QCOMPARE(u.view.summaryRow(), 3);
    QCOMPARE(u.view.verticalScrollBar()->value(), 0);
}

void tst_LaneView::closedLanesFoldIntoASummaryRow()
{
    Unpooled u;
    QVERIFY(!u.view.isClosedExpanded());
    QCOMPARE(u.view.closedCount(), 52);
    // Three live lanes and the summary: everything fits, nothing to scroll.
    QCOMPARE(u.view.shownLaneCount(), 4);
    QCOMPARE(u.view.verticalScrollBar()->maximum(), 0);
    QCOMPARE(u.view.rowConnection(3), quint64(0));

    QVERIFY(!u.view.grab().isNull());
    // The row says how many closed and why, most first.
    ClosedLanes closed;
    for (int i = 0; i < u.ledger.count(); ++i) {
        if (u.ledger.at(i).closed)
            closed.add(i, u.ledger.at(i));
    }
    const QString text = closed.summary(u.view.fontMetrics(), 2000, false);
    QVERIFY2(text.startsWith(u"52 closed: 50 single use · 2 peer closed"_s), qPrintable(text));
    QVERIFY(text.endsWith(u"(click to show them)"_s));
    const QString tip = closed.toolTip(false);
    QVERIFY(tip.contains(u"50 single use"_s));
    QVERIFY(tip.contains(u"2 peer closed"_s));
}

void tst_LaneView::clickingTheSummaryShowsTheClosedLanesNewestFirst()
{
    Unpooled u;
    QTest::mouseClick(u.view.viewport(), Qt::LeftButton, {}, rowCentre(u.view, 3));
    QVERIFY(u.view.isClosedExpanded());
    QCOMPARE(u.view.shownLaneCount(), 3 + 1 + 52);
    QCOMPARE(u.view.summaryRow(), 3);
    // The live ones stay on top; below the row, the closes that just happened first.
    QCOMPARE(u.view.rowConnection(0), quint64(1));
    QCOMPARE(u.view.rowConnection(4), quint64(54));
    QCOMPARE(u.view.rowConnection(5), quint64(53));
    QCOMPARE(u.view.rowConnection(6), quint64(52));
    QCOMPARE(u.view.rowConnection(3 + 52), quint64(3));
    QVERIFY(!u.view.grab().isNull());
    // A second click folds them again.
    QTest::mouseClick(u.view.viewport(), Qt::LeftButton, {}, rowCentre(u.view, 3));
    QVERIFY(!u.view.isClosedExpanded());
    QCOMPARE(u.view.shownLaneCount(), 4);
}

void tst_LaneView::hideClosedDropsThemAndTheRow()
{
    Unpooled u;
    u.view.setHideClosed(true);
    QCOMPARE(u.view.shownLaneCount(), 3);
    QCOMPARE(u.view.summaryRow(), -1);
    u.view.setHideClosed(false);
    QCOMPARE(u.view.summaryRow(), 3);

    // A connection that closes moves from the live ones into the summary.
    PoolEvent closed = poolEvent(EventKind::Evicted, 2, MonotonicClock::nowNs());
    closed.reason = EvictionReason::IdleTimeout;
    u.ledger.addEvents({closed});
    u.view.refresh();
    QCOMPARE(u.view.rowConnection(1), quint64(55));
    QCOMPARE(u.view.summaryRow(), 2);
    QCOMPARE(u.view.closedCount(), 53);
}

void tst_LaneView::selectingAClosedConnectionShowsItsLane()
{
    Unpooled u;
    u.view.setHighlightedConnection(20);
    QVERIFY(u.view.isClosedExpanded());
    bool found = false;
    for (int row = 0; row < u.view.shownLaneCount(); ++row)
        found = found || u.view.rowConnection(row) == 20;
    QVERIFY(found);
    // A live one leaves the closed lanes as they were.
    u.view.setClosedExpanded(false);
    u.view.setHighlightedConnection(55);
    QVERIFY(!u.view.isClosedExpanded());
}

void tst_LaneView::summaryTextFitsWithoutCuttingOff()
{
    ConnectionLedger ledger;
    const qint64 now = MonotonicClock::nowNs();
    QList<PoolEvent> events;
    const QList<EvictionReason> reasons{
        EvictionReason::SingleUse,   EvictionReason::PeerClosed,       EvictionReason::IdleTimeout,
        EvictionReason::MaxLifetime, EvictionReason::StaleCheckFailed, EvictionReason::Cleared};
    quint64 id = 1;
    for (int i = 0; i < reasons.size(); ++i) {
        for (int n = 0; n <= reasons.size() - i; ++n, ++id)
            addLife(events, id, now - 900 * Ms + qint64(id) * Ms, now - 100 * Ms, reasons[i]);
    }
    ledger.addEvents(events);
    ClosedLanes closed;
    for (int i = 0; i < ledger.count(); ++i)
        closed.add(i, ledger.at(i));
    const QFontMetrics metrics(QFont{});
    // A narrow view: the reasons that do not fit are counted, not cut off.
    const int width = metrics.horizontalAdvance(u"27 closed: 7 single use · 6 peer closed · 4 "
                                                "more reasons  (click to show them)"_s)
        + 4;
    const QString text = closed.summary(metrics, width, false);
    QVERIFY2(metrics.horizontalAdvance(text) <= width, qPrintable(text));
    QVERIFY2(text.contains(u"more reasons"_s), qPrintable(text));
    QVERIFY(!text.contains(u"…"_s));
    QVERIFY(closed.summary(metrics, 5000, false).contains(u"2 flushed"_s));
}

QTEST_MAIN(tst_LaneView)
#include "tst_laneview.moc"

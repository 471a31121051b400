#include "axisticks.h"
#include "chartview.h"
#include "feedcodec.h"
#include "feedstate.h"
#include "legend.h"
#include "presentation.h"
#include "scrollingchart.h"
#include "timelinecharts.h"

#include <QSignalSpy>
#include <QTest>
#include <QValueAxis>

#include <cmath>
#include <memory>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

constexpr quint32 Pool = 1;
constexpr qint64 Epoch = 1'000'000'000'000;
constexpr qint64 Second = 1'000'000'000;
// The charts' width in the window at 1280x720: the screen less the controls dock.
constexpr int WidthAt1280 = 1280 - 330;

qint64 at(double seconds)
{
    return Epoch + qint64(seconds * 1e9);
}

// The timelines as the window has them, on a FeedState fed by hand.
struct Fixture
{
    explicit Fixture(int maxConnections = 8)
    {
        state = std::make_unique<FeedState>(Pool);
        applyConfig(maxConnections);
        charts = std::make_unique<TimelineCharts>(state.get());
        charts->setEpochNs(Epoch);
        charts->resize(WidthAt1280, 260);
        charts->show();
    }

    void applyConfig(int maxConnections)
    {
        SessionFeed feed;
        PoolFeed pool;
        pool.pool = Pool;
        PoolConfig config;
        config.settings.maxConnections = maxConnections;
        config.targetsLab = true;
        pool.config = config;
        feed.pools.append(pool);
        state->apply(feed);
    }

    void applyLabListening(std::optional<bool> listening, bool restartReply = false)
    {
        SessionFeed feed;
        feed.lab.listening = listening;
        if (restartReply)
            feed.replies.append({7, 0, u"restart_lab"_s, {}});
        state->apply(feed);
    }

    // A snapshot every 100 ms from one second to another, as the pool sends them.
    void snapshots(double from, double to, int inUse = 2)
    {
        for (double t = from; t <= to + 1e-9; t += 0.1) {
            PoolSnapshot snapshot;
            snapshot.timeNs = at(t);
            snapshot.stats.inUse = inUse;
            snapshot.stats.idle = 1;
            charts->addSnapshot(snapshot);
        }
    }

    void flushAll() const
    {
        for (ScrollingChart *chart : {charts->occupancyChart(), charts->latencyChart(),
                                      charts->ratesChart(), charts->failuresChart()})
            chart->flush();
    }

    std::unique_ptr<FeedState> state;
    std::unique_ptr<TimelineCharts> charts;
};

PoolEvent poolEvent(EventKind kind, double seconds, EvictionReason reason = EvictionReason::None)
{
    PoolEvent e;
    e.kind = kind;
    e.timeNs = at(seconds);
    e.reason = reason;
    e.poolId = Pool;
    return e;
}

LoadProgress progress(double seconds, int completed)
{
    LoadProgress p;
    p.timeNs = at(seconds);
    p.intervalNs = 250'000'000;
    p.intervalCompleted = quint64(completed);
    for (int i = 0; i < completed; ++i) {
        p.intervalLatency.record(5'000'000 + i * 10'000);
        p.intervalAcquireWait.record(20'000);
    }
    return p;
}

// CIE 1976 difference of two colours, about 2.3 for a just noticeable one.
double deltaE(const QColor &a, const QColor &b)
{
    const auto lab = [](const QColor &c) {
        const auto linear = [](double v) {
            return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
        };
        const double r = linear(c.redF()), g = linear(c.greenF()), bl = linear(c.blueF());
        const double x = (0.4124 * r + 0.3576 * g + 0.1805 * bl) / 0.95047;
        const double y = 0.2126 * r + 0.7152 * g + 0.0722 * bl;
        const double z = (0.0193 * r + 0.1192 * g + 0.9505 * bl) / 1.08883;
        const auto f
            = [](double t) { return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16 / 116.0; };
        return std::array{116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))};
    };
    const auto p = lab(a);
    const auto q = lab(b);
    return std::hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

} // namespace

class tst_TimelineCharts : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundSteps_data();
    void roundSteps();
    void axesTickInRoundSteps();
    void aNewRangeNeverMakesThousandsOfTicks();
    void legendNamesAreWholeAt1280();
    void reasonColoursAreDistinct();
    void latencyBreaksWhereThereIsNoData();
    void maxConnectionsFollowsSettings();
    void markersForFlushesSettingsAndRestarts();
    void aRestartUnderWayIsShadedUpToNow();
    void aComparisonIsASpan();
    void failureSeriesCountTheFeedsProgress();
    void crosshairSpansEveryChart();
    void snapshotsReachTheScreenInBatches();
};

void tst_TimelineCharts::roundSteps_data()
{
    QTest::addColumn<double>("maximum");
    QTest::addColumn<int>("maxTicks");
    QTest::addColumn<bool>("counts");
    QTest::addColumn<QString>("labels");
    // What the issue saw: "0, 3, 5, 8, 10" connections, "0, 14.5, 29 ms", "1.25, 2.5 /s".
    QTest::newRow("10 connections") << 10.0 << 4 << true << u"0 5 10"_s;
    QTest::newRow("10 connections, taller") << 10.0 << 6 << true << u"0 2 4 6 8 10"_s;
    QTest::newRow("29 ms") << 29.0 << 4 << false << u"0 10 20 30"_s;
    QTest::newRow("2.5 /s counted") << 2.5 << 4 << true << u"0 1 2 3"_s;
    QTest::newRow("2.5 ms") << 2.5 << 5 << false << u"0.0 0.5 1.0 1.5 2.0 2.5"_s;
    QTest::newRow("0.3 ms") << 0.3 << 3 << false << u"0.0 0.1 0.2 0.3"_s;
    QTest::newRow("8 connections") << 8.8 << 5 << true << u"0 2 4 6 8 10"_s;
    QTest::newRow("nothing yet") << 0.0 << 4 << true << u"0 1"_s;
}

void tst_TimelineCharts::roundSteps()
{
    QFETCH(double, maximum);
    QFETCH(int, maxTicks);
    QFETCH(bool, counts);
    QFETCH(QString, labels);
    const AxisTicks ticks = AxisTicks::upTo(maximum, maxTicks, counts);
    QStringList printed;
    const QByteArray format = ticks.labelFormat({}).toLatin1();
    for (double value = 0; value <= ticks.top + ticks.step / 2; value += ticks.step)
        printed << QString::asprintf(format.constData(), value);
    QCOMPARE(printed.join(u' '), labels);
    const double mantissa = ticks.step / std::pow(10.0, std::floor(std::log10(ticks.step)));
    QVERIFY2(std::abs(mantissa - 1) < 1e-9 || std::abs(mantissa - 2) < 1e-9
                 || std::abs(mantissa - 5) < 1e-9,
             qPrintable(QString::number(ticks.step)));
}

// The charts' own axes, fed what the issue saw, tick on 1, 2 or 5 and print every tick whole.
void tst_TimelineCharts::axesTickInRoundSteps()
{
    Fixture f;
    QVERIFY(QTest::qWaitForWindowExposed(f.charts.get()));
    f.snapshots(0.1, 5, 3);
    for (int i = 1; i <= 20; ++i)
        f.charts->addProgress(progress(i * 0.25, 4));
    f.flushAll();
    for (ScrollingChart *chart : {f.charts->occupancyChart(), f.charts->latencyChart(),
                                  f.charts->ratesChart(), f.charts->failuresChart()}) {
        QValueAxis *y = chart->valueAxis();
        const double step = y->tickInterval();
        const double mantissa = step / std::pow(10.0, std::floor(std::log10(step)));
        QVERIFY2(std::abs(mantissa - 1) < 1e-9 || std::abs(mantissa - 2) < 1e-9
                     || std::abs(mantissa - 5) < 1e-9,
                 qPrintable(QString::number(step)));
        QCOMPARE(y->tickAnchor(), 0.0);
        const double ticks = y->max() / step;
        QVERIFY(std::abs(ticks - std::round(ticks)) < 1e-9);
        QCOMPARE(y->labelFormat().left(4), u"%.%1f"_s.arg(AxisTicks::decimalsOf(step)));
        const double timeStep = chart->timeAxis()->tickInterval();
        QVERIFY2(timeStep == 5 || timeStep == 10 || timeStep == 20,
                 qPrintable(QString::number(timeStep)));
    }
    // Connections are whole: the occupancy axis never steps by less than one.
    QVERIFY(f.charts->occupancyChart()->valueAxis()->tickInterval() >= 1);
    QCOMPARE(f.charts->occupancyChart()->valueTicks().decimals, 0);
}

// The ticks a QValueAxis with dynamic ticks would make at each step of a change.
struct CountingAxis
{
    double low = 0;
    double high = 1;
    double interval = 0.2;
    double peakTicks = 0;

    double min() const { return low; }
    double max() const { return high; }
    double tickInterval() const { return interval; }
    void setRange(double a, double b)
    {
        low = a;
        high = b;
        count();
    }
    void setTickInterval(double step)
    {
        interval = step;
        count();
    }
    void count() { peakTicks = std::max(peakTicks, (high - low) / interval); }
};

void tst_TimelineCharts::aNewRangeNeverMakesThousandsOfTicks()
{
    CountingAxis axis; // 0..1 ms in steps of 0.2, then a thousand connections
    AxisTicks::setRange(&axis, 0, 1000, 200);
    QVERIFY(axis.peakTicks <= 5);
    AxisTicks::setRange(&axis, 0, 1, 0.2); // and back
    QVERIFY(axis.peakTicks <= 5);
    QCOMPARE(axis.max(), 1.0);
    QCOMPARE(axis.tickInterval(), 0.2);
}

// Every reason that can close a connection at once: each name is in the legend, whole and
// inside it, at the width the charts have at 1280x720.
void tst_TimelineCharts::legendNamesAreWholeAt1280()
{
    Fixture f;
    QList<PoolEvent> events;
    for (int reason = 1; reason <= int(EvictionReason::Shutdown); ++reason)
        events << poolEvent(EventKind::Evicted, 1.5, EvictionReason(reason));
    events << poolEvent(EventKind::DialStarted, 1.5) << poolEvent(EventKind::DialFailed, 1.6);
    f.charts->addEvents(events);
    f.snapshots(0.1, 3);
    f.flushAll();
    QVERIFY(QTest::qWaitForWindowExposed(f.charts.get()));
    ScrollingChart *rates = f.charts->ratesChart();
    QTRY_VERIFY(rates->legend()->height()
                >= rates->legend()->heightForWidth(rates->legend()->width()));
    QVERIFY2(rates->width() < WidthAt1280 / 3, qPrintable(QString::number(rates->width())));
    Legend *legend = rates->legend();
    QCOMPARE(legend->count(), 2 + int(EvictionReason::Shutdown));
    const QFontMetrics metrics(legend->font());
    for (int key = 0; key < legend->count(); ++key) {
        QVERIFY2(legend->isShown(key), qPrintable(legend->text(key)));
        const QRect rect = legend->keyRect(key);
        QVERIFY2(legend->rect().contains(rect), qPrintable(legend->text(key)));
        QVERIFY(rect.width() > metrics.horizontalAdvance(legend->text(key)));
        QVERIFY(!legend->text(key).contains(u'…'));
    }
    for (int reason = 1; reason <= int(EvictionReason::Shutdown); ++reason) {
        const QString name = Presentation::reasonLabel(EvictionReason(reason));
        bool found = false;
        for (int key = 0; key < legend->count(); ++key)
            found = found || legend->text(key) == name;
        QVERIFY2(found, qPrintable(name));
    }
    // Once they left the window, reasons that no longer occur leave the legend.
    f.snapshots(3.1, 70);
    rates->flush();
    int shown = 0;
    for (int key = 0; key < legend->count(); ++key)
        shown += legend->isShown(key);
    QCOMPARE(shown, 2);
}

void tst_TimelineCharts::reasonColoursAreDistinct()
{
    QList<QPair<QString, QColor>> colours{
        {u"dials"_s, Presentation::activityColor(Presentation::Activity::Dialing)},
        {u"dial failures"_s, TimelineCharts::dialFailureColor()}};
    for (int reason = 1; reason <= int(EvictionReason::Shutdown); ++reason)
        colours.append({Presentation::reasonLabel(EvictionReason(reason)),
                        Presentation::reasonColor(EvictionReason(reason))});
    for (qsizetype i = 0; i < colours.size(); ++i) {
        for (qsizetype j = i + 1; j < colours.size(); ++j) {
            const double difference = deltaE(colours[i].second, colours[j].second);
            QVERIFY2(difference >= 25,
                     qPrintable(u"%1 and %2: %3"_s.arg(colours[i].first, colours[j].first)
                                    .arg(difference, 0, 'f', 1)));
        }
    }
}

void tst_TimelineCharts::latencyBreaksWhereThereIsNoData()
{
    Fixture f;
    ScrollingChart *latency = f.charts->latencyChart();
    const int p50 = f.charts->latencySeries();
    for (double t = 0.25; t <= 10; t += 0.25)
        f.charts->addProgress(progress(t, 25));
    f.snapshots(0.1, 10);
    latency->flush();
    QCOMPARE(latency->shownRunCount(p50), 1);
    // A 30 s outage: the driver reports every 250 ms, no request completes.
    for (double t = 10.25; t <= 40; t += 0.25)
        f.charts->addProgress(progress(t, 0));
    for (double t = 40.25; t <= 50; t += 0.25)
        f.charts->addProgress(progress(t, 25));
    f.snapshots(10.1, 50);
    latency->flush();
    QCOMPARE(latency->shownRunCount(p50), 2);
    QVERIFY(std::isnan(latency->valueAt(p50, 25)));
    QVERIFY(latency->valueAt(p50, 45) > 4);
    // A lone interval with requests between gaps is drawn as a dot.
    f.charts->addProgress(progress(60, 25));
    f.snapshots(50.1, 70);
    latency->flush();
    QCOMPARE(latency->shownRunCount(p50), 3);
    // A request every 2.5 s (more gaps than pieces allowed), then a 15 s outage: the line
    // breaks at its widest gaps only, which is the outage.
    for (double t = 70; t <= 145; t += 2.5)
        f.charts->addProgress(progress(t, 1));
    for (double t = 160; t <= 165; t += 0.25)
        f.charts->addProgress(progress(t, 25));
    f.snapshots(70.1, 165);
    latency->flush();
    QCOMPARE(latency->shownRunCount(p50), 2);
    QVERIFY(std::isnan(latency->valueAt(p50, 152)));
}

void tst_TimelineCharts::maxConnectionsFollowsSettings()
{
    Fixture f(8);
    ScrollingChart *occupancy = f.charts->occupancyChart();
    const int max = f.charts->maxConnectionsSeries();
    f.snapshots(0.1, 5);
    occupancy->flush();
    QCOMPARE(occupancy->valueAt(max, 4), 8.0);
    QVERIFY(occupancy->valueAxis()->max() >= 8);
    QVERIFY(!occupancy->isAboveScale(max));
    Legend *legend = occupancy->legend();
    const auto legendHas = [legend](const QString &text) {
        for (int key = 0; key < legend->count(); ++key) {
            if (legend->text(key) == text)
                return true;
        }
        return false;
    };
    QVERIFY(legendHas(u"max connections (8)"_s));

    // As the pool settings panel sends it: the feed's config has the new value.
    f.applyConfig(3);
    f.snapshots(5.1, 10);
    occupancy->flush();
    QCOMPARE(occupancy->valueAt(max, 4), 8.0);
    QCOMPARE(occupancy->valueAt(max, 9), 3.0);
    QVERIFY(legendHas(u"max connections (3)"_s));

    // Far above what is used, the line does not flatten the others; the legend says so.
    f.applyConfig(1000);
    f.snapshots(10.1, 80);
    occupancy->flush();
    QVERIFY(occupancy->isAboveScale(max));
    QVERIFY(occupancy->valueAxis()->max() < 100);
    QVERIFY(legendHas(u"max connections (1000), above the scale"_s));
}

void tst_TimelineCharts::markersForFlushesSettingsAndRestarts()
{
    Fixture f;
    f.snapshots(0.1, 2);
    PoolEvent cleared = poolEvent(EventKind::Cleared, 2.05);
    cleared.generation = 2;
    PoolEvent settings = poolEvent(EventKind::SettingsChanged, 2.5);
    settings.message = u"max_connections"_s;
    f.charts->addEvents({cleared});
    QCOMPARE(f.charts->markers().size(), 1);
    QCOMPARE(f.charts->markers()[0].kind, ChartMarker::Kind::Flush);
    QVERIFY(std::abs(f.charts->markers()[0].x - 2.05) < 1e-6);
    f.charts->addEvents({settings});
    f.snapshots(2.1, 4);
    // A restart: the lab stops listening, and listens again a second later.
    f.applyLabListening(true);
    f.applyLabListening(false, true);
    f.snapshots(4.1, 5);
    f.applyLabListening(true);
    f.snapshots(5.1, 6);
    f.flushAll();
    const QList<ChartMarker> &markers = f.charts->markers();
    QCOMPARE(markers.size(), 3);
    QCOMPARE(markers[1].kind, ChartMarker::Kind::Settings);
    QVERIFY(markers[1].description().contains(u"max_connections"_s));
    QCOMPARE(markers[2].kind, ChartMarker::Kind::LabDown);
    QVERIFY(std::abs(markers[2].x - 4.0) < 0.15);
    QVERIFY(std::abs(markers[2].endX - 5.0) < 0.15);
    for (ScrollingChart *chart : {f.charts->occupancyChart(), f.charts->latencyChart(),
                                  f.charts->ratesChart(), f.charts->failuresChart()})
        QCOMPARE(chart->view()->markers().size(), 3);
    // A restart with no down time is over within one feed: only its reply says so.
    f.snapshots(6.1, 8);
    f.applyLabListening(std::nullopt, true);
    QCOMPARE(markers.size(), 4);
    QCOMPARE(markers[3].kind, ChartMarker::Kind::LabDown);
    QCOMPARE(markers[3].endX, markers[3].x);
}

void tst_TimelineCharts::aRestartUnderWayIsShadedUpToNow()
{
    Fixture f;
    QVERIFY(QTest::qWaitForWindowExposed(f.charts.get()));
    f.applyLabListening(true);
    f.snapshots(0.1, 20);
    f.applyLabListening(false, true); // down since 20 s, and still down
    f.snapshots(20.1, 30);
    f.flushAll();
    ChartView *view = f.charts->failuresChart()->view();
    const QRectF plot = view->chart()->plotArea();
    const QImage image = view->grab().toImage();
    const auto pixelAt = [&](double seconds) {
        const QPointF scene(view->positionOf(seconds), plot.top() + plot.height() / 2);
        return image.pixelColor(view->mapFromScene(scene));
    };
    // The axis runs to 60 s before a whole window has passed: what is right of now has not
    // happened, and is not shaded as down.
    // (Away from the grid lines at every 10 s.)
    QVERIFY(pixelAt(25) != pixelAt(45));
    QCOMPARE(pixelAt(45), pixelAt(55));
    QCOMPARE(pixelAt(15), pixelAt(55));
}

// The workload waits while a comparison runs: its charts' gap is marked as the comparison.
void tst_TimelineCharts::aComparisonIsASpan()
{
    Fixture f;
    const auto update = [&](ComparisonUpdate::Phase phase, bool finished) {
        SessionFeed feed;
        ComparisonUpdate u;
        u.comparison = 9;
        u.phase = phase;
        if (finished) {
            u.pooled = ComparisonUpdate::Half();
            u.unpooled = ComparisonUpdate::Half();
        }
        feed.comparisons << u;
        f.state->apply(feed);
    };
    f.snapshots(0.1, 2);
    update(ComparisonUpdate::Phase::Pooled, false);
    f.snapshots(2.1, 4);
    update(ComparisonUpdate::Phase::Unpooled, false); // the same span goes on
    f.snapshots(4.1, 6);
    QCOMPARE(f.charts->markers().size(), 1);
    QVERIFY(std::isnan(f.charts->markers()[0].endX));
    update(ComparisonUpdate::Phase::Unpooled, true);
    f.flushAll();
    const QList<ChartMarker> &markers = f.charts->markers();
    QCOMPARE(markers.size(), 1);
    QCOMPARE(markers[0].kind, ChartMarker::Kind::Comparison);
    QVERIFY(markers[0].isSpan());
    QVERIFY(std::abs(markers[0].x - 2.0) < 0.15);
    QVERIFY(std::abs(markers[0].endX - 6.0) < 0.15);
    QVERIFY(markers[0].description().contains(u"Compare"_s));
    QCOMPARE(f.charts->latencyChart()->view()->markers().size(), 1);
}

// The failure series count what the feed's progress reports said, each in its second.
void tst_TimelineCharts::failureSeriesCountTheFeedsProgress()
{
    Fixture f;
    SessionFeed feed;
    PoolFeed pool;
    pool.pool = Pool;
    for (int i = 1; i <= 8; ++i) { // 0.25 s .. 2 s
        LoadProgress p = progress(i * 0.25, 2);
        p.intervalFailed = 3;
        p.intervalAcquireTimeouts = 2;
        p.intervalRequestTimeouts = 1;
        p.intervalStaleRetries = i <= 4 ? 1 : 0;
        pool.workload.append(p);
    }
    feed.pools.append(pool);
    QString error;
    const auto decoded = FeedCodec::decodeLine(FeedCodec::encodeLine(feed), &error);
    QVERIFY2(decoded, qPrintable(error));
    f.charts->addSnapshot(PoolSnapshot{at(0.1), {}, {}});
    for (const LoadProgress &p : decoded->pool(Pool)->workload)
        f.charts->addProgress(p);
    f.snapshots(2.1, 4);
    ScrollingChart *failures = f.charts->failuresChart();
    failures->flush();
    using F = TimelineCharts::Failure;
    // The second ending at 1 s had the reports of 0.25, 0.5 and 0.75 s, the one ending at 2 s
    // those of 1, 1.25, 1.5 and 1.75 s; the report at 2 s is counted in the next.
    QCOMPARE(failures->valueAt(f.charts->failureSeries(F::Failed), 1), 9.0);
    QCOMPARE(failures->valueAt(f.charts->failureSeries(F::Failed), 2), 12.0);
    QCOMPARE(failures->valueAt(f.charts->failureSeries(F::AcquireTimeouts), 2), 8.0);
    QCOMPARE(failures->valueAt(f.charts->failureSeries(F::RequestTimeouts), 2), 4.0);
    QCOMPARE(failures->valueAt(f.charts->failureSeries(F::StaleRetries), 1), 3.0);
    QCOMPARE(failures->valueAt(f.charts->failureSeries(F::StaleRetries), 2), 1.0);
    QCOMPARE(failures->valueAt(f.charts->failureSeries(F::Failed), 3), 3.0);
    QCOMPARE(failures->valueAt(f.charts->failureSeries(F::Failed), 4), 0.0);
    QVERIFY(failures->valueAxis()->max() >= 12);
}

void tst_TimelineCharts::crosshairSpansEveryChart()
{
    Fixture f;
    f.snapshots(0.1, 30);
    f.flushAll();
    QVERIFY(QTest::qWaitForWindowExposed(f.charts.get()));
    ChartView *latency = f.charts->latencyChart()->view();
    const QRectF plot = latency->chart()->plotArea();
    const QPoint middle = latency->mapFromScene(plot.center());
    QTest::mouseMove(latency->viewport(), middle);
    QTRY_VERIFY(!std::isnan(latency->crosshair()));
    const double x = latency->crosshair();
    QVERIFY(x > 5 && x < 55);
    for (ScrollingChart *chart :
         {f.charts->occupancyChart(), f.charts->ratesChart(), f.charts->failuresChart()})
        QCOMPARE(chart->view()->crosshair(), x);
    // The values at that time are in each legend, after the names.
    QCOMPARE(f.charts->occupancyChart()->valueAt(0, x), 2.0);
    QCOMPARE(f.charts->occupancyChart()->legend()->value(0), u"2"_s);
    QCOMPARE(f.charts->latencyChart()->legend()->value(0), u"–"_s); // no requests
    f.charts->showCrosshair(qQNaN());
    QVERIFY(std::isnan(f.charts->occupancyChart()->view()->crosshair()));
    QVERIFY(f.charts->occupancyChart()->legend()->value(0).isEmpty());
}

// Ten snapshots a second reach the screen on the refresh timer, not one by one; a pause
// holds them, and resuming shows what came.
void tst_TimelineCharts::snapshotsReachTheScreenInBatches()
{
    Fixture f;
    QVERIFY(QTest::qWaitForWindowExposed(f.charts.get()));
    ScrollingChart *occupancy = f.charts->occupancyChart();
    QTRY_VERIFY(!occupancy->isDirty());
    const int before = occupancy->flushCount();
    f.snapshots(0.1, 2);
    QCOMPARE(occupancy->flushCount(), before);
    QVERIFY(occupancy->isDirty());
    QTRY_COMPARE(occupancy->flushCount(), before + 1);
    const int shown = occupancy->shownPointCount(0);
    QVERIFY(shown > 5);

    f.charts->setPaused(true);
    f.snapshots(2.1, 4);
    QVERIFY(occupancy->isDirty());
    const int paused = occupancy->flushCount();
    f.charts->setPaused(false);
    QCOMPARE(occupancy->flushCount(), paused + 1);
    QVERIFY(!occupancy->isDirty());
    QVERIFY(occupancy->shownPointCount(0) > shown);
}

QTEST_MAIN(tst_TimelineCharts)
#include "tst_timelinecharts.moc"

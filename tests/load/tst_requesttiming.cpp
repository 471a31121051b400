// Where a request's time goes, and how fast requests go: the timing split of each request
// against the embedded lab on real sockets, the one definition of the request rate, and a rate
// cap that does not make up for an outage in a burst.
#include "connectionpool.h"
#include "labcertificate.h"
#include "labthread.h"
#include "loaddriver.h"
#include "monotonicclock.h"
#include "poolobserver.h"
#include "requestrate.h"

#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <map>

using namespace Qt::StringLiterals;

namespace {

constexpr int Patience = 20'000;
constexpr qint64 SetupDelayMs = 20;
constexpr qint64 LatencyMs = 2;

PoolSettings poolFor(quint16 port)
{
    PoolSettings s;
    s.host = u"127.0.0.1"_s;
    s.port = port;
    s.dnsRefreshMs = 0;
    s.backoffInitialMs = 10;
    s.backoffMaxMs = 50;
    return s;
}

LabSettings labWith(bool tls)
{
    LabSettings lab;
    lab.protocol = ProtocolKind::Http;
    lab.setupDelayMs = SetupDelayMs;
    lab.latencyMs = LatencyMs;
    lab.tls = tls;
    return lab;
}

// What the pool said about each connection's dial.
class DialRecorder : public PoolObserver
{
public:
    void eventRecorded(const PoolEvent &event) override
    {
        if (event.kind == EventKind::DialSucceeded)
            succeeded[event.connectionId] = event;
    }
    std::map<quint64, PoolEvent> succeeded;
};

LoadProgress progressAt(qint64 endNs, qint64 lengthNs, quint64 ok, quint64 failed)
{
    LoadProgress p;
    p.timeNs = endNs;
    p.intervalNs = lengthNs;
    p.intervalCompleted = ok + failed;
    p.intervalFailed = failed;
    return p;
}

} // namespace

class tst_RequestTiming : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void phasesAddUpToTheTotal_data();
    void phasesAddUpToTheTotal();
    void progressCarriesASampleOfRecentRequests();
    void rateIsSuccessesOverTheLastSecond();
    void failedRequestsAreNotInTheRate();
    void noBurstAfterAnOutage();
    void resetStatisticsStartsTheTotalsAgain();
};

void tst_RequestTiming::initTestCase()
{
    qRegisterMetaType<RequestRecord>();
}

void tst_RequestTiming::phasesAddUpToTheTotal_data()
{
    QTest::addColumn<bool>("pooled");
    QTest::addColumn<bool>("tls");
    QTest::newRow("pooled") << true << false;
    QTest::newRow("unpooled") << false << false;
    QTest::newRow("pooled over TLS") << true << true;
    QTest::newRow("unpooled over TLS") << false << true;
}

void tst_RequestTiming::phasesAddUpToTheTotal()
{
    QFETCH(bool, pooled);
    QFETCH(bool, tls);
    LabThread lab;
    QCOMPARE(lab.start(labWith(tls)), QStringList());
    PoolSettings settings = poolFor(lab.port());
    settings.maxConnections = 2;
    settings.tls = tls;
    if (tls)
        settings.caFile = LabCertificate::certificatePath();
    ConnectionPool pool(settings);
    DialRecorder dials;
    pool.addObserver(&dials);
    LoadDriver driver(&pool);
    QSignalSpy finished(&driver, &LoadDriver::finished);
    LoadSettings load;
    load.protocol.kind = ProtocolKind::Http;
    load.concurrency = 2;
    load.requests = 30;
    load.pooled = pooled;
    QCOMPARE(driver.setSettings(load), QStringList());
    std::vector<RequestRecord> records;
    connect(&driver, &LoadDriver::requestCompleted, this,
            [&](const RequestRecord &r) { records.push_back(r); });
    driver.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, Patience);
    pool.removeObserver(&dials);
    QCOMPARE(records.size(), size_t(30));

    int dialed = 0;
    for (const RequestRecord &r : records) {
        const QString what
            = u"request on connection %1 (use %2): queue %3, resolve %4, connect "
              "%5, tls %6, first byte %7, transfer %8, total %9"_s.arg(r.connectionId)
                  .arg(r.connectionUse)
                  .arg(r.queueNs)
                  .arg(r.dial.resolveNs)
                  .arg(r.dial.connectNs)
                  .arg(r.dial.tlsNs)
                  .arg(r.firstByteNs)
                  .arg(r.transferNs)
                  .arg(r.totalNs);
        QVERIFY2(r.ok(), qPrintable(r.message));
        QVERIFY2(r.queueNs >= 0 && r.dial.resolveNs >= 0 && r.dial.connectNs >= 0
                     && r.dial.tlsNs >= 0 && r.firstByteNs >= 0 && r.transferNs >= 0,
                 qPrintable(what));
        QCOMPARE(r.phasesNs(), r.totalNs);
        QCOMPARE(r.staleAttemptNs, 0);
        QCOMPARE(r.firstByteNs + r.transferNs, r.requestNs);
        // The lab answers no sooner than its latency after the request arrived.
        QVERIFY2(r.firstByteNs >= MonotonicClock::msToNs(LatencyMs), qPrintable(what));
        if (r.reused) {
            QVERIFY2(r.dial == DialTiming(), qPrintable(what));
            continue;
        }
        ++dialed;
        // Dialed for this request, which waited through all of it: the pool's own measure.
        const auto dial = dials.succeeded.find(r.connectionId);
        QVERIFY(dial != dials.succeeded.end());
        QCOMPARE(r.dial.resolveNs + r.dial.connectNs, dial->second.dialNs);
        QCOMPARE(r.dial.tlsNs, dial->second.tlsNs);
        QCOMPARE(r.dial.resolveNs, 0); // a literal address: nothing to look up
        QVERIFY2(r.dial.connectNs > 0, qPrintable(what));
        QVERIFY2((r.dial.tlsNs > 0) == tls, qPrintable(what));
        QVERIFY2(r.dial.totalNs() <= r.acquireWaitNs, qPrintable(what));
        QCOMPARE(r.connectionUse, 1u);
        // The lab holds a new connection's first answer for its setup delay from its accept,
        // which followed the client's connect: the first byte came that long after it.
        QVERIFY2(r.sinceConnectNs + r.firstByteNs >= MonotonicClock::msToNs(SetupDelayMs),
                 qPrintable(what));
    }
    if (pooled)
        QVERIFY2(dialed >= 1 && dialed <= 2, qPrintable(QString::number(dialed)));
    else
        QCOMPARE(dialed, 30);
}

void tst_RequestTiming::progressCarriesASampleOfRecentRequests()
{
    LabThread lab;
    QCOMPARE(lab.start(labWith(false)), QStringList());
    PoolSettings settings = poolFor(lab.port());
    settings.maxConnections = 4;
    ConnectionPool pool(settings);
    LoadDriver driver(&pool);
    driver.setProgressIntervalMs(100'000); // one report, at the end
    QSignalSpy finished(&driver, &LoadDriver::finished);
    QSignalSpy progressed(&driver, &LoadDriver::progressed);
    LoadSettings load;
    load.protocol.kind = ProtocolKind::Http;
    load.concurrency = 4;
    load.requests = 80;
    QCOMPARE(driver.setSettings(load), QStringList());
    driver.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, Patience);
    QCOMPARE(progressed.size(), 1);
    const auto progress = progressed.first().first().value<LoadProgress>();
    QCOMPARE(progress.completed, 80u);
    // Every request up to the first RecentAll, then only the unusual ones: here the dials
    // beyond the first requests, if any.
    QVERIFY2(progress.recentRequests.size() >= LoadProgress::RecentAll
                 && progress.recentRequests.size() <= LoadProgress::RecentLimit,
             qPrintable(QString::number(progress.recentRequests.size())));
    for (qsizetype i = LoadProgress::RecentAll; i < progress.recentRequests.size(); ++i)
        QVERIFY(!progress.recentRequests[i].reused);
    qint64 lastEnd = 0;
    for (const RequestRecord &r : progress.recentRequests) {
        QVERIFY(r.startNs + r.totalNs >= lastEnd); // in the order they ended
        lastEnd = r.startNs + r.totalNs;
    }
}

void tst_RequestTiming::rateIsSuccessesOverTheLastSecond()
{
    RequestRate rate;
    QCOMPARE(rate.okPerSecond(), 0.0);
    const qint64 quarter = 250'000'000;
    qint64 t = 10'000'000'000;
    // 20 ok and 5 failed per quarter second: 80 ok/s and 20 failed/s, never 100 "requests/s".
    for (int i = 0; i < 8; ++i) {
        t += quarter;
        rate.add(progressAt(t, quarter, 20, 5));
    }
    QCOMPARE(rate.coveredNs(), 4 * quarter);
    QCOMPARE(rate.okPerSecond(), 80.0);
    QCOMPARE(rate.failedPerSecond(), 20.0);
    // A short interval (a stop) is one part of the last second, not a rate of its own.
    t += 10'000'000;
    rate.add(progressAt(t, 10'000'000, 3, 0));
    QCOMPARE(rate.coveredNs(), 4 * quarter + 10'000'000);
    QCOMPARE(rate.okPerSecond(), double(80 + 3) * 1e9 / double(4 * quarter + 10'000'000));
    // A report that does not continue the last (a new run, a statistics reset) starts again.
    rate.add(progressAt(t + 2 * quarter, quarter, 10, 0));
    QCOMPARE(rate.coveredNs(), quarter);
    QCOMPARE(rate.okPerSecond(), 40.0);
    rate.clear();
    QCOMPARE(rate.okPerSecond(), 0.0);
}

void tst_RequestTiming::failedRequestsAreNotInTheRate()
{
    LabThread lab;
    LabSettings labSettings = labWith(false);
    labSettings.errorRate = 1; // every answer an error reply or cut short
    QCOMPARE(lab.start(labSettings), QStringList());
    ConnectionPool pool(poolFor(lab.port()));
    LoadDriver driver(&pool);
    driver.setProgressIntervalMs(100);
    RequestRate rate;
    connect(&driver, &LoadDriver::progressed, this, [&](const LoadProgress &p) { rate.add(p); });
    LoadSettings load;
    load.protocol.kind = ProtocolKind::Http;
    load.concurrency = 2;
    load.requests = 0;
    QCOMPARE(driver.setSettings(load), QStringList());
    driver.start();
    QTRY_VERIFY_WITH_TIMEOUT(rate.coveredNs() >= RequestRate::WindowNs, Patience);
    QCOMPARE(rate.okPerSecond(), 0.0);
    QVERIFY(rate.failedPerSecond() > 0);
    QSignalSpy finished(&driver, &LoadDriver::finished);
    driver.stop();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, Patience);
    QCOMPARE(driver.report().ok, 0u);
}

void tst_RequestTiming::noBurstAfterAnOutage()
{
    constexpr double Rate = 100;
    constexpr int Concurrency = 4;
    LabThread lab;
    LabSettings labSettings = labWith(false);
    labSettings.setupDelayMs = 0;
    QCOMPARE(lab.start(labSettings), QStringList());
    ConnectionPool pool(poolFor(lab.port()));
    LoadDriver driver(&pool);
    LoadSettings load;
    load.protocol.kind = ProtocolKind::Http;
    load.concurrency = Concurrency;
    load.ratePerSecond = Rate;
    QCOMPARE(driver.setSettings(load), QStringList());
    driver.start();
    QTRY_VERIFY_WITH_TIMEOUT(lab.counters().requests >= 30, Patience);

    // The lab's own count of the requests it answered, every 50 ms.
    std::vector<std::pair<qint64, quint64>> samples;
    QTimer sampler;
    sampler.setInterval(50);
    connect(&sampler, &QTimer::timeout, this,
            [&] { samples.emplace_back(MonotonicClock::nowNs(), lab.counters().requests); });
    const qint64 restartNs = MonotonicClock::nowNs();
    // A second down: the workers wait for connections, and a cap that caught up would send
    // the hundred requests it missed in a burst once the lab is back.
    lab.restart(1'000);
    sampler.start();
    QTRY_VERIFY_WITH_TIMEOUT(
        !samples.empty() && samples.back().first - restartNs >= 4'000'000'000LL, Patience);
    sampler.stop();
    QSignalSpy finished(&driver, &LoadDriver::finished);
    driver.stop();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, Patience);

    double worst = 0;
    qint64 worstAtMs = 0;
    for (size_t i = 0; i < samples.size(); ++i) {
        for (size_t j = i + 1; j < samples.size(); ++j) {
            const qint64 spanNs = samples[j].first - samples[i].first;
            if (spanNs < 1'000'000'000)
                continue;
            const double perSecond
                = double(samples[j].second - samples[i].second) * 1e9 / double(spanNs);
            if (perSecond > worst) {
                worst = perSecond;
                worstAtMs = (samples[i].first - restartNs) / 1'000'000;
            }
            break;
        }
    }
    // The cap, the requests held through the outage, and a little for timers.
    QVERIFY2(
        worst <= Rate + Concurrency + Rate * 0.05,
        qPrintable(u"%1 requests/s in the second from %2 ms after the restart"_s.arg(worst).arg(
            worstAtMs)));
    // Not a pass for want of requests: the lab was down, then served at about the cap again.
    const auto at = [&](qint64 ms) {
        for (const auto &[timeNs, count] : samples)
            if (timeNs - restartNs >= ms * 1'000'000)
                return count;
        return samples.back().second;
    };
    QVERIFY2(at(900) - at(100) <= 2, qPrintable(QString::number(at(900) - at(100))));
    QVERIFY2(at(3'900) - at(2'400) >= quint64(Rate),
             qPrintable(QString::number(at(3'900) - at(2'400))));
}

void tst_RequestTiming::resetStatisticsStartsTheTotalsAgain()
{
    LabThread lab;
    QCOMPARE(lab.start(labWith(false)), QStringList());
    ConnectionPool pool(poolFor(lab.port()));
    LoadDriver driver(&pool);
    driver.setProgressIntervalMs(50);
    QSignalSpy progressed(&driver, &LoadDriver::progressed);
    LoadSettings load;
    load.protocol.kind = ProtocolKind::Http;
    load.concurrency = 2;
    QCOMPARE(driver.setSettings(load), QStringList());
    driver.start();
    QTRY_VERIFY_WITH_TIMEOUT(driver.report().ok >= 20, Patience);
    const qint64 resetNs = MonotonicClock::nowNs();
    pool.resetStatistics();
    driver.resetStatistics();
    QCOMPARE(driver.report().ok, 0u);
    QVERIFY(pool.statisticsSinceNs() >= resetNs);
    progressed.clear();
    QTRY_VERIFY_WITH_TIMEOUT(!progressed.isEmpty(), Patience);
    const auto first = progressed.first().first().value<LoadProgress>();
    // The first report after the reset counts from it, and says which statistics it belongs to.
    QCOMPARE(first.statisticsSinceNs, pool.statisticsSinceNs());
    QVERIFY(first.timeNs - first.intervalNs >= resetNs);
    QCOMPARE(first.completed, first.intervalCompleted);
    QSignalSpy finished(&driver, &LoadDriver::finished);
    driver.stop();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, Patience);
    QVERIFY(driver.report().ok > 0);
    QVERIFY(driver.report().durationS < double(MonotonicClock::nowNs() - resetNs) / 1e9 + 0.001);
}

QTEST_GUILESS_MAIN(tst_RequestTiming)
#include "tst_requesttiming.moc"

// The Session as its front ends use it: commands that return at once and are answered in the
// feed, one feed about 30 times a second carrying every event in order, pools on the lab, runs,
// comparisons and probes, against the real lab on loopback.
#include "connectionpool.h"
#include "feedcodec.h"
#include "poolfeedbuffer.h"
#include "session.h"
#include "testserver.h"

#include <QElapsedTimer>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

constexpr int Patience = 20'000; // ms: generous, for a loaded CI machine

// Everything the session delivered, for assertions.
class FeedLog : public QObject
{
public:
    explicit FeedLog(Session &session)
    {
        connect(&session, &Session::feedDelivered, this,
                [this](const SessionFeed &feed) { feeds.append(feed); });
    }

    const SessionReply *reply(quint64 command) const
    {
        for (const SessionFeed &feed : feeds) {
            for (const SessionReply &reply : feed.replies) {
                if (reply.command == command)
                    return &reply;
            }
        }
        return nullptr;
    }
    const SessionReply *replyTo(const QString &action, quint32 pool) const
    {
        for (const SessionFeed &feed : feeds) {
            for (const SessionReply &reply : feed.replies) {
                if (reply.action == action && reply.pool == pool)
                    return &reply;
            }
        }
        return nullptr;
    }
    int replies(quint64 command) const
    {
        int count = 0;
        for (const SessionFeed &feed : feeds)
            count += int(
                std::count_if(feed.replies.begin(), feed.replies.end(),
                              [command](const SessionReply &r) { return r.command == command; }));
        return count;
    }
    // The latest snapshot's statistics of the pool, if any came.
    std::optional<PoolStats> stats(quint32 pool) const
    {
        for (auto feed = feeds.rbegin(); feed != feeds.rend(); ++feed) {
            if (const PoolFeed *part = feed->pool(pool); part && part->snapshot)
                return part->snapshot->stats;
        }
        return std::nullopt;
    }
    QList<PoolEvent> events(quint32 pool) const
    {
        QList<PoolEvent> all;
        for (const SessionFeed &feed : feeds) {
            if (const PoolFeed *part = feed.pool(pool))
                all += part->events;
        }
        return all;
    }
    std::optional<LoadReport> report(quint32 pool, quint64 run) const
    {
        for (const SessionFeed &feed : feeds) {
            if (const PoolFeed *part = feed.pool(pool)) {
                for (const RunUpdate &update : part->runs) {
                    if (update.run == run && update.report)
                        return update.report;
                }
            }
        }
        return std::nullopt;
    }
    bool removed(quint32 pool) const
    {
        return std::any_of(feeds.begin(), feeds.end(), [pool](const SessionFeed &feed) {
            const PoolFeed *part = feed.pool(pool);
            return part && part->removed;
        });
    }
    std::optional<quint16> labPort() const
    {
        for (const SessionFeed &feed : feeds) {
            if (feed.lab.settings && feed.lab.settings->port)
                return quint16(feed.lab.settings->port);
        }
        return std::nullopt;
    }

    QList<SessionFeed> feeds;
};

LabSettings quickLab()
{
    LabSettings lab;
    lab.address = QHostAddress(QHostAddress::LocalHost);
    return lab;
}

PoolConfig onTheLab(int requests = 0)
{
    PoolConfig config;
    config.targetsLab = true;
    config.settings.maxConnections = 4;
    config.settings.dnsRefreshMs = 0;
    config.load.concurrency = 4;
    config.load.requests = requests;
    return config;
}

} // namespace

class tst_Session : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aPoolOnTheLabStartsOnceTheLabListens();
    void everyCommandGetsOneReply();
    void feedsAreBatchedAndCarryEveryEventInOrder();
    void removingAPoolDeliversItsLastEvents();
    void aStalledConsumerCostsBoundedMemory();
    void aComparisonReportsBothHalves();
    void resetStatisticsZeroesCountersNotConnections();
    void probesReportThroughTheFeed();
};

void tst_Session::aPoolOnTheLabStartsOnceTheLabListens()
{
    Session session;
    FeedLog log(session);
    const quint32 pool = session.addPool(onTheLab()); // before the lab: it waits
    const quint64 lab = session.startLab(quickLab());
    QTRY_VERIFY_WITH_TIMEOUT(log.reply(lab) && log.labPort(), Patience);
    QVERIFY(log.reply(lab)->ok());
    QTRY_VERIFY_WITH_TIMEOUT(log.replyTo(u"add_pool"_s, pool), Patience);
    QVERIFY(log.replyTo(u"add_pool"_s, pool)->ok());
    const PoolConfig *config = session.config(pool);
    QVERIFY(config);
    QCOMPARE(config->settings.host, u"127.0.0.1"_s);
    QCOMPARE(config->settings.port, int(*log.labPort()));
    QCOMPARE(config->load.protocol.httpHost, u"127.0.0.1"_s);
}

void tst_Session::everyCommandGetsOneReply()
{
    TestServer server;
    QVERIFY(server.listen());
    Session session;
    FeedLog log(session);
    PoolConfig config;
    config.settings.host = u"127.0.0.1"_s;
    config.settings.port = server.port();
    config.settings.dnsRefreshMs = 0;
    const quint32 pool = session.addPool(config);

    PoolSettings bad = config.settings;
    bad.minIdle = 50;
    bad.maxConnections = 5;
    const quint64 refused = session.setPoolSettings(pool, bad);
    PoolSettings good = config.settings;
    good.maxConnections = 3;
    const quint64 applied = session.setPoolSettings(pool, good);
    const quint64 flushed = session.flushPool(pool);
    const quint64 noSuchPool = session.flushPool(99);
    const quint64 noLab = session.restartLab(100);
    for (const quint64 command : {refused, applied, flushed, noSuchPool, noLab})
        QTRY_VERIFY_WITH_TIMEOUT(log.reply(command), Patience);
    QVERIFY(log.reply(refused)->errors.first().startsWith(u"min_idle: 50 is above"_s));
    QVERIFY2(log.reply(applied)->ok(), qPrintable(log.reply(applied)->errors.join(u"; "_s)));
    QVERIFY(log.reply(flushed)->ok());
    QCOMPARE(log.reply(noSuchPool)->errors, QStringList{u"pool 99 is not running"_s});
    QCOMPARE(log.reply(noLab)->errors, QStringList{u"the lab is not running"_s});
    QCOMPARE(session.config(pool)->settings.maxConnections, 3);
    for (const quint64 command : {refused, applied, flushed, noSuchPool, noLab})
        QCOMPARE(log.replies(command), 1);
}

void tst_Session::feedsAreBatchedAndCarryEveryEventInOrder()
{
    Session session;
    FeedLog log(session);
    QElapsedTimer clock;
    clock.start();
    session.startLab(quickLab());
    const quint32 pool = session.addPool(onTheLab());
    QTRY_VERIFY_WITH_TIMEOUT(log.replyTo(u"add_pool"_s, pool), Patience);
    LoadSettings load;
    load.concurrency = 4;
    load.requests = 3'000;
    const quint64 run = session.runWorkload(pool, load);
    QTRY_VERIFY_WITH_TIMEOUT(log.report(pool, run), 60'000);
    const double seconds = double(clock.elapsed()) / 1000.0;
    QCOMPARE(log.report(pool, run)->ok, 3'000u);

    // About 30 feeds a second at most, whatever the pool does.
    QVERIFY2(log.feeds.size() <= int(seconds * 31) + 3,
             qPrintable(u"%1 feeds in %2 s"_s.arg(log.feeds.size()).arg(seconds)));
    // Every event, numbered without a gap, in the order the pool's state changed, and the
    // report after the events that led to it.
    const QList<PoolEvent> events = log.events(pool);
    QVERIFY(events.size() >= 6'000);
    for (qsizetype i = 0; i < events.size(); ++i) {
        QCOMPARE(events[i].sequence, quint64(i + 1));
        QCOMPARE(events[i].poolId, pool);
    }
    const auto acquired = std::count_if(events.begin(), events.end(), [](const PoolEvent &e) {
        return e.kind == EventKind::Acquired;
    });
    QCOMPARE(acquired, 3'000);
    bool sawSnapshot = false;
    for (const SessionFeed &feed : log.feeds) {
        QVERIFY(feed.sequence > 0);
        if (const PoolFeed *part = feed.pool(pool))
            sawSnapshot = sawSnapshot || part->snapshot.has_value();
        // A recording is the feed written down: every live feed reads back as it was.
        const QByteArray line = FeedCodec::encodeLine(feed);
        QString error;
        const std::optional<SessionFeed> read = FeedCodec::decodeLine(line, &error);
        QVERIFY2(read, qPrintable(error));
        QCOMPARE(FeedCodec::encodeLine(*read), line);
    }
    QVERIFY(sawSnapshot);
}

void tst_Session::removingAPoolDeliversItsLastEvents()
{
    TestServer server;
    QVERIFY(server.listen());
    Session session;
    FeedLog log(session);
    PoolConfig config;
    config.settings.host = u"127.0.0.1"_s;
    config.settings.port = server.port();
    config.settings.minIdle = 2;
    config.settings.dnsRefreshMs = 0;
    const quint32 pool = session.addPool(config);
    QTRY_COMPARE_WITH_TIMEOUT(server.open(), 2, Patience);
    const quint64 removal = session.removePool(pool);
    QTRY_VERIFY_WITH_TIMEOUT(log.removed(pool), Patience);
    QVERIFY(log.reply(removal) && log.reply(removal)->ok());
    const QList<PoolEvent> events = log.events(pool);
    const auto shutdowns = std::count_if(events.begin(), events.end(), [](const PoolEvent &e) {
        return e.kind == EventKind::Evicted && e.reason == EvictionReason::Shutdown;
    });
    QCOMPARE(shutdowns, 2);
    QVERIFY(!session.config(pool));
    QTRY_COMPARE_WITH_TIMEOUT(server.open(), 0, Patience);
}

// The pool thread's half alone, with nobody taking: at most the cap waits, the oldest go.
void tst_Session::aStalledConsumerCostsBoundedMemory()
{
    TestServer server;
    QVERIFY(server.listen());
    PoolSettings settings;
    settings.host = u"127.0.0.1"_s;
    settings.port = server.port();
    settings.dnsRefreshMs = 0;
    ConnectionPool pool(settings);
    PoolFeedBuffer::Mailbox mailbox;
    int wakes = 0;
    PoolFeedBuffer buffer(&pool, {33, 0, 100}, mailbox, [&wakes] { ++wakes; });
    bool ready = false;
    pool.acquire(&pool, [&ready](AcquireResult r) { ready = r.ok(); });
    QTRY_VERIFY_WITH_TIMEOUT(ready, Patience);
    for (int i = 0; i < 1'000; ++i) {
        pool.tryAcquire().release();
        if (i % 100 == 0)
            buffer.flush(false);
    }
    buffer.flush(true);
    const PoolFeedBuffer::Delivery delivery = mailbox.take();
    QCOMPARE(wakes, 1); // one wake-up outstanding, however much arrived
    QCOMPARE(delivery.feed.events.size(), 100);
    // pool_created, pool_ready, then the acquire's 5 and 2,000 from the loop.
    QCOMPARE(quint64(delivery.feed.events.size()) + delivery.feed.droppedEvents, 2'007u);
    QCOMPARE(delivery.feed.events.last().kind, EventKind::Released);
    QVERIFY(delivery.feed.snapshot);
}

void tst_Session::aComparisonReportsBothHalves()
{
    Session session;
    FeedLog log(session);
    session.startLab(quickLab());
    const quint32 pool = session.addPool(onTheLab());
    QTRY_VERIFY_WITH_TIMEOUT(log.replyTo(u"add_pool"_s, pool), Patience);
    ComparisonPlan plan;
    plan.pooled.pool = pool;
    plan.pooled.load.concurrency = 2;
    plan.pooled.load.requests = 60;
    plan.unpooled = plan.pooled;
    plan.unpooled.load.pooled = false;
    const quint64 comparison = session.compare(plan);
    const auto finished = [&]() -> const ComparisonUpdate * {
        for (const SessionFeed &feed : log.feeds) {
            for (const ComparisonUpdate &update : feed.comparisons) {
                if (update.comparison == comparison && update.isFinished())
                    return &update;
            }
        }
        return nullptr;
    };
    QTRY_VERIFY_WITH_TIMEOUT(finished(), 60'000);
    const ComparisonUpdate *result = finished();
    QCOMPARE(result->pooled->report.ok, 60u);
    QCOMPARE(result->unpooled->report.ok, 60u);
    QCOMPARE(result->unpooled->dials, 60u); // a new connection per request
    QVERIFY(result->pooled->dials <= 2u);
}

void tst_Session::resetStatisticsZeroesCountersNotConnections()
{
    Session session;
    FeedLog log(session);
    session.startLab(quickLab());
    const quint32 pool = session.addPool(onTheLab());
    QTRY_VERIFY_WITH_TIMEOUT(log.replyTo(u"add_pool"_s, pool), Patience);
    session.startWorkload(pool);
    QTRY_VERIFY_WITH_TIMEOUT(log.stats(pool) && log.stats(pool)->acquisitions >= 200, Patience);
    const PoolStats before = *log.stats(pool);
    QVERIFY(before.open > 0);

    const quint64 reset = session.resetStatistics(pool);
    QTRY_VERIFY_WITH_TIMEOUT(log.reply(reset), Patience);
    QVERIFY(log.reply(reset)->ok());
    QCOMPARE(log.reply(reset)->action, u"reset_statistics"_s);
    // The feed that answers carries a snapshot taken after the reset.
    qsizetype answered = -1;
    for (qsizetype i = 0; i < log.feeds.size(); ++i) {
        for (const SessionReply &reply : log.feeds[i].replies)
            answered = reply.command == reset ? i : answered;
    }
    QVERIFY(answered >= 0);
    const PoolFeed *answer = log.feeds[answered].pool(pool);
    QVERIFY(answer && answer->snapshot);
    const PoolStats after = answer->snapshot->stats;
    QVERIFY(after.sinceNs > before.sinceNs);
    QVERIFY2(after.acquisitions < before.acquisitions,
             qPrintable(u"%1 after, %2 before"_s.arg(after.acquisitions).arg(before.acquisitions)));
    QVERIFY(after.open > 0); // the connections stayed
    QCOMPARE(after.generation, before.generation);

    // The workload's totals count from the reset: reports made before it say so.
    QTRY_VERIFY_WITH_TIMEOUT(log.feeds.size() > answered + 15, Patience);
    bool sawAfter = false;
    for (qsizetype i = answered; i < log.feeds.size(); ++i) {
        const PoolFeed *part = log.feeds[i].pool(pool);
        for (const LoadProgress &progress : part ? part->workload : QList<LoadProgress>()) {
            if (progress.statisticsSinceNs < after.sinceNs)
                continue; // from before the reset, still on its way
            QCOMPARE(progress.statisticsSinceNs, after.sinceNs);
            if (!sawAfter) // the first report after the reset counts only its own interval
                QCOMPARE(progress.completed, progress.intervalCompleted);
            QVERIFY(progress.timeNs - progress.intervalNs >= after.sinceNs);
            sawAfter = true;
        }
    }
    QVERIFY(sawAfter);

    const quint64 missing = session.resetStatistics(99);
    QTRY_VERIFY_WITH_TIMEOUT(log.reply(missing), Patience);
    QCOMPARE(log.reply(missing)->errors, QStringList{u"pool 99 is not running"_s});
}

void tst_Session::probesReportThroughTheFeed()
{
    Session session;
    FeedLog log(session);
    session.startLab(quickLab());
    QTRY_VERIFY_WITH_TIMEOUT(log.labPort(), Patience);
    ProbeSettings settings;
    settings.host = u"127.0.0.1"_s;
    settings.port = *log.labPort();
    settings.count = 2;
    settings.intervalMs = 10;
    Protocol http;
    settings.protocol = http;
    const quint64 command = session.probe(settings);
    const auto finished = [&]() -> std::optional<ProbeResult> {
        for (const SessionFeed &feed : log.feeds) {
            if (feed.probe.finished)
                return feed.probe.finished;
        }
        return std::nullopt;
    };
    QTRY_VERIFY_WITH_TIMEOUT(finished(), Patience);
    QVERIFY(log.reply(command)->ok());
    QCOMPARE(finished()->attempts.size(), 2);
    QVERIFY(finished()->verdict().reachable());
    int attempts = 0;
    bool started = false;
    for (const SessionFeed &feed : log.feeds) {
        attempts += int(feed.probe.attempts.size());
        started = started || feed.probe.started.has_value();
    }
    QCOMPARE(attempts, 2);
    QVERIFY(started);

    ProbeSettings bad = settings;
    bad.port = 0;
    const quint64 refused = session.probe(bad);
    QTRY_VERIFY_WITH_TIMEOUT(log.reply(refused), Patience);
    QVERIFY(!log.reply(refused)->ok());
}

QTEST_GUILESS_MAIN(tst_Session)
#include "tst_session.moc"

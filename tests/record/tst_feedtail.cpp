// FeedTail, what a live window keeps of its recent past: the state every feed left (each
// pool's latest config, snapshot and workload progress, each run's latest, the lab's state; a
// removed pool goes), and for its span the events and the gauges four times a second; as a
// recording it opens, says that older events were left out, and starts at its span's start.
#include "feedtail.h"
#include "replay.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 Second = 1'000'000'000;

SessionFeed feedAt(qint64 timeNs, quint32 pool)
{
    SessionFeed feed;
    feed.sequence = quint64(timeNs / 100'000'000);
    feed.timeNs = timeNs;
    PoolFeed part;
    part.pool = pool;
    PoolEvent event;
    event.poolId = pool;
    event.timeNs = timeNs;
    event.kind = EventKind::Acquired;
    event.connectionId = 1;
    part.events << event;
    feed.pools << part;
    return feed;
}

} // namespace

class tst_FeedTail : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void keepsOnlyItsSpanOfFeeds();
    void foldsWhatLastsOfTheFeedsThatFellOut();
    void aRemovedPoolIsGone();
    void asARecordingItSaysWhatWasLeftOut();
    void keepsTheGaugesFourTimesASecondNotTheSnapshots();
    void theStateNowCountsNoInterval();
};

void tst_FeedTail::keepsOnlyItsSpanOfFeeds()
{
    FeedTail tail(2 * Second);
    for (int i = 0; i <= 50; ++i)
        tail.append(feedAt(qint64(i) * 100'000'000, 1));
    const Recording recording = tail.toRecording(RecordingHeader::now(u"lab"_s, {}));
    // The folded past, then the last two seconds' feeds (3.0 to 5.0 s).
    QCOMPARE(recording.feeds.size(), 1 + 21);
    QCOMPARE(recording.feeds[1].timeNs, 3 * Second);
    QVERIFY(recording.feeds[0].pools.first().events.isEmpty());
}

void tst_FeedTail::foldsWhatLastsOfTheFeedsThatFellOut()
{
    FeedTail tail(Second);
    SessionFeed first = feedAt(0, 1);
    first.lab.settings = LabSettings::embeddedDefault();
    first.lab.settings->port = 4242;
    first.lab.listening = true;
    PoolConfig config;
    config.settings.maxConnections = 7;
    first.pools[0].config = config;
    RunUpdate run;
    run.run = 9;
    run.progress = LoadProgress();
    run.progress->completed = 3;
    first.pools[0].runs << run;
    tail.append(first);
    SessionFeed second = feedAt(100'000'000, 1);
    PoolSnapshot snapshot;
    snapshot.timeNs = second.timeNs;
    snapshot.stats.open = 5;
    second.pools[0].snapshot = snapshot;
    run.progress->completed = 4;
    run.report = LoadReport();
    run.report->ok = 4;
    run.dials = 2;
    second.pools[0].runs << run;
    tail.append(second);
    for (int i = 2; i <= 30; ++i)
        tail.append(feedAt(qint64(i) * 100'000'000, 1));

    const SessionFeed now = tail.stateNow();
    QCOMPARE(now.timeNs, 3 * Second);
    QCOMPARE(now.lab.settings->port, 4242);
    QCOMPARE(now.lab.listening, std::optional<bool>(true));
    QCOMPARE(now.pools.size(), 1);
    const PoolFeed &pool = now.pools.first();
    QVERIFY(pool.events.isEmpty());
    QCOMPARE(pool.config->settings.maxConnections, 7);
    QCOMPARE(pool.snapshot->stats.open, 5);
    QCOMPARE(pool.runs.size(), 1);
    QCOMPARE(pool.runs[0].progress->completed, quint64(4));
    QCOMPARE(pool.runs[0].report->ok, quint64(4));
    QCOMPARE(pool.runs[0].dials, quint64(2));
}

void tst_FeedTail::aRemovedPoolIsGone()
{
    FeedTail tail(Second);
    tail.append(feedAt(0, 1));
    SessionFeed removal = feedAt(100'000'000, 1);
    removal.pools[0].removed = true;
    tail.append(removal);
    tail.append(feedAt(200'000'000, 2));
    const SessionFeed now = tail.stateNow();
    QCOMPARE(now.pools.size(), 1);
    QCOMPARE(now.pools[0].pool, 2u);
}

void tst_FeedTail::asARecordingItSaysWhatWasLeftOut()
{
    FeedTail tail(Second);
    tail.append(feedAt(0, 1));
    QCOMPARE(tail.toRecording(RecordingHeader::now(u"lab"_s, {})).notice(), QString());
    for (int i = 1; i <= 20; ++i)
        tail.append(feedAt(qint64(i) * 100'000'000, 1));
    const Recording recording = tail.toRecording(RecordingHeader::now(u"lab"_s, {}));
    QVERIFY2(recording.notice().contains(u"last 1 s"_s), qPrintable(recording.notice()));
    const Replay replay(recording);
    QCOMPARE(replay.startNs(), recording.feeds.front().timeNs);
    QCOMPARE(replay.endNs(), 2 * Second);
    // The events left are those of the span.
    QCOMPARE(replay.events(1, 0, 3 * Second).size(), 11);
    tail.clear();
    QVERIFY(tail.isEmpty());
    QVERIFY(tail.stateNow().pools.isEmpty());
}

void tst_FeedTail::keepsTheGaugesFourTimesASecondNotTheSnapshots()
{
    FeedTail tail(10 * Second);
    for (int i = 0; i < 20; ++i) {
        SessionFeed feed = feedAt(qint64(i) * 100'000'000, 1);
        PoolSnapshot snapshot;
        snapshot.timeNs = feed.timeNs;
        snapshot.stats.open = i;
        snapshot.stats.dials = 99;
        feed.pools[0].snapshot = snapshot;
        tail.append(feed);
    }
    const Recording recording = tail.toRecording(RecordingHeader::now(u"lab"_s, {}));
    QList<int> opens;
    for (const SessionFeed &feed : recording.feeds) {
        if (const PoolFeed *pool = feed.pool(1); pool && pool->snapshot) {
            opens << pool->snapshot->stats.open;
            QCOMPARE(pool->snapshot->stats.dials, quint64(0)); // gauges only
        }
    }
    QCOMPARE(opens, (QList<int>{0, 3, 6, 9, 12, 15, 18}));
    // The state keeps the whole latest snapshot.
    QCOMPARE(tail.stateNow().pools[0].snapshot->stats.dials, quint64(99));
    QCOMPARE(tail.stateNow().pools[0].snapshot->stats.open, 19);
}

void tst_FeedTail::theStateNowCountsNoInterval()
{
    FeedTail tail(Second);
    SessionFeed feed = feedAt(0, 1);
    LoadProgress progress;
    progress.ok = progress.completed = 40;
    progress.intervalNs = 100'000'000;
    progress.intervalCompleted = 4;
    progress.intervalLatency.record(1'000'000);
    feed.pools[0].workload << progress;
    tail.append(feed);
    const SessionFeed state = tail.stateNow();
    const LoadProgress &now = state.pools[0].workload.first();
    QCOMPARE(now.ok, quint64(40));
    QCOMPARE(now.intervalCompleted, quint64(0));
    QCOMPARE(now.intervalNs, 0);
    QCOMPARE(now.intervalLatency.count(), quint64(0));
}

QTEST_GUILESS_MAIN(tst_FeedTail)
#include "tst_feedtail.moc"

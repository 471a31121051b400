// The replay engine on a real recording: a session on the embedded lab (TLS, a workload at
// 100 requests/s) recorded while the lab restarts in the middle. Opened again, the state at a
// moment before, during and after the restart is what the live feeds showed then; the next and
// previous event of a kind are the live ones; and the trace export is well formed.
#include "feedcodec.h"
#include "feedstate.h"
#include "recordingsummary.h"
#include "recordingwriter.h"
#include "replay.h"
#include "session.h"
#include "tracecheck.h"
#include "traceexport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

constexpr int Patience = 30'000; // ms: generous, for a loaded CI machine

struct Row
{
    quint64 id;
    ConnectionState state;
    quint32 generation;
    friend bool operator==(const Row &, const Row &) = default;
};

QList<Row> rowsOf(const PoolSnapshot &snapshot)
{
    QList<Row> rows;
    for (const ConnectionInfo &c : snapshot.connections)
        rows << Row{c.id, c.state, c.generation};
    return rows;
}

QString describe(const QList<Row> &rows)
{
    QStringList parts;
    for (const Row &row : rows)
        parts << u"%1 %2 gen %3"_s.arg(row.id).arg(enumName(row.state)).arg(row.generation);
    return parts.join(u", "_s);
}

} // namespace

class tst_Replay : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void spansTheRecording();
    void stateAtThreeMomentsIsWhatTheLiveFeedsShowed_data();
    void stateAtThreeMomentsIsWhatTheLiveFeedsShowed();
    void nextAndPreviousEventOfAKindAreTheLiveOnes();
    void eventsBetweenTwoMomentsAreTheLiveOnes();
    void traceExportIsWellFormed();
    void summaryCountsAcrossAStatisticsResetFromTheRecordingsStart();

private:
    // The latest snapshot of the pool the live feeds had delivered at timeNs.
    std::optional<PoolSnapshot> liveSnapshot(qint64 timeNs) const;
    QList<PoolEvent> liveEvents() const;
    bool waitFor(const std::function<bool()> &condition);

    QTemporaryDir m_dir;
    QString m_path;
    QList<SessionFeed> m_live;
    quint32 m_pool = 0;
    bool m_labListening = false;
    qint64 m_before = 0, m_during = 0, m_after = 0;
    std::optional<Replay> m_replay;
};

std::optional<PoolSnapshot> tst_Replay::liveSnapshot(qint64 timeNs) const
{
    std::optional<PoolSnapshot> latest;
    for (const SessionFeed &feed : m_live) {
        if (feed.timeNs > timeNs)
            break;
        if (const PoolFeed *part = feed.pool(m_pool); part && part->snapshot)
            latest = part->snapshot;
    }
    return latest;
}

QList<PoolEvent> tst_Replay::liveEvents() const
{
    QList<PoolEvent> events;
    for (const SessionFeed &feed : m_live) {
        if (const PoolFeed *part = feed.pool(m_pool))
            events += part->events;
    }
    return events;
}

bool tst_Replay::waitFor(const std::function<bool()> &condition)
{
    return QTest::qWaitFor(condition, Patience);
}

void tst_Replay::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_path = m_dir.filePath(u"restart.jsonl"_s);
    SessionProfile profile = SessionProfile::embeddedDefault();
    profile.lab.tls = true;
    profile.lab.setupDelayMs = 5;
    profile.lab.latencyMs = 1;
    profile.lab.jitterMs = 0;
    profile.pool.backoffMaxMs = 200; // dials again soon after the lab is back
    profile.load.protocol.kind = profile.lab.protocol;

    RecordingWriter writer; // outlives the session, which may deliver as it ends
    Session session;
    QString error;
    QVERIFY2(writer.open(m_path, RecordingHeader::now(u"lab"_s, profile), &error),
             qPrintable(error));
    connect(&session, &Session::feedDelivered, this, [&](const SessionFeed &feed) {
        QVERIFY(writer.write(feed));
        m_live << feed;
        if (feed.lab.listening)
            m_labListening = *feed.lab.listening;
    });
    m_pool = session.open(profile, true);
    const auto stats = [this] { return liveSnapshot(m_live.last().timeNs)->stats; };
    const auto hasSnapshot
        = [this] { return !m_live.isEmpty() && liveSnapshot(m_live.last().timeNs).has_value(); };
    QVERIFY(waitFor([&] { return hasSnapshot() && stats().open >= 2 && stats().reuses >= 20; }));
    m_before = m_live.last().timeNs;

    session.restartLab(1'500);
    QVERIFY(waitFor([&] { return !m_labListening && stats().dialFailures > 0; }));
    m_during = m_live.last().timeNs;

    const quint64 reusesDuring = stats().reuses;
    QVERIFY(waitFor([&] {
        return m_labListening && stats().open >= 2 && stats().reuses >= reusesDuring + 20;
    }));
    m_after = m_live.last().timeNs;
    session.stopWorkload(m_pool);
    QVERIFY(waitFor([&] { return !m_live.last().pools.isEmpty() && stats().inUse == 0; }));
    writer.close();

    auto recording = Recording::readFile(m_path, &error);
    QVERIFY2(recording, qPrintable(error));
    QCOMPARE(recording->notice(), QString());
    QCOMPARE(recording->feeds.size(), m_live.size());
    // Every feed as it was delivered, its thinned snapshots restored in full.
    for (qsizetype i = 0; i < m_live.size(); ++i)
        QCOMPARE(FeedCodec::encodeLine(recording->feeds[i]), FeedCodec::encodeLine(m_live[i]));
    m_replay.emplace(std::move(*recording));
}

void tst_Replay::spansTheRecording()
{
    QVERIFY(m_replay->startNs() <= m_live.first().timeNs);
    QCOMPARE(m_replay->endNs(), m_live.last().timeNs);
    QVERIFY(m_replay->durationNs() > 1'500'000'000);
    QCOMPARE(m_replay->pools(), QList<quint32>{m_pool});
    QCOMPARE(m_replay->feedAt(m_replay->startNs() - 1), -1);
    QCOMPARE(m_replay->feedAt(m_live.first().timeNs), 0);
    QCOMPARE(m_replay->feedAt(m_replay->endNs() + 1'000'000'000), m_replay->feedCount() - 1);
    QCOMPARE(m_replay->header().settings.lab.tls, true);
    // Before the first feed there is nothing to show yet.
    QVERIFY(m_replay->stateAt(m_replay->startNs() - 1).pools.isEmpty());
}

void tst_Replay::stateAtThreeMomentsIsWhatTheLiveFeedsShowed_data()
{
    QTest::addColumn<int>("moment");
    QTest::newRow("before the restart") << 0;
    QTest::newRow("during") << 1;
    QTest::newRow("after") << 2;
}

void tst_Replay::stateAtThreeMomentsIsWhatTheLiveFeedsShowed()
{
    QFETCH(int, moment);
    const qint64 at = std::array{m_before, m_during, m_after}[moment];
    const std::optional<PoolSnapshot> live = liveSnapshot(at);
    QVERIFY(live);
    const SessionFeed state = m_replay->stateAt(at);
    const PoolFeed *pool = state.pool(m_pool);
    QVERIFY(pool && pool->snapshot && pool->config);
    const PoolSnapshot &replayed = *pool->snapshot;
    QCOMPARE(replayed.timeNs, live->timeNs);
    QVERIFY2(rowsOf(replayed) == rowsOf(*live),
             qPrintable(u"replayed: %1\nlive: %2"_s.arg(describe(rowsOf(replayed)),
                                                        describe(rowsOf(*live)))));
    QCOMPARE(replayed.stats.open, live->stats.open);
    QCOMPARE(replayed.stats.dialFailures, live->stats.dialFailures);
    QCOMPARE(replayed.stats.generation, live->stats.generation);
    QCOMPARE(replayed.stats.acquisitions, live->stats.acquisitions);
    QVERIFY(!pool->workload.isEmpty());

    // What the window's controls would show, from the same state.
    FeedState feedState(m_pool);
    feedState.apply(state);
    QCOMPARE(feedState.isLabListening(), moment != 1);
    QCOMPARE(feedState.isWorkloadRunning(), true);
    QCOMPARE(feedState.stats().open, live->stats.open);
    QVERIFY(feedState.targetsLab());
    QCOMPARE(feedState.profile().lab.tls, true);

    if (moment == 0) {
        QVERIFY(replayed.stats.open >= 2);
        QCOMPARE(replayed.stats.dialFailures, 0u);
    } else if (moment == 1) {
        QVERIFY(replayed.stats.dialFailures > 0);
        QVERIFY(state.lab.counters);
    } else {
        QVERIFY(replayed.stats.open >= 2);
        QVERIFY(replayed.stats.dialFailures
                >= m_replay->stateAt(m_during).pool(m_pool)->snapshot->stats.dialFailures);
    }
}

void tst_Replay::nextAndPreviousEventOfAKindAreTheLiveOnes()
{
    const QList<PoolEvent> live = liveEvents();
    const auto first = [&](EventKind kind, qint64 after) -> std::optional<PoolEvent> {
        for (const PoolEvent &e : live) {
            if (e.kind == kind && e.timeNs > after)
                return e;
        }
        return std::nullopt;
    };
    const auto last = [&](EventKind kind, qint64 before) -> std::optional<PoolEvent> {
        for (auto e = live.rbegin(); e != live.rend(); ++e) {
            if (e->kind == kind && e->timeNs < before)
                return *e;
        }
        return std::nullopt;
    };
    for (const EventKind kind : {EventKind::Evicted, EventKind::DialFailed, EventKind::Acquired,
                                 EventKind::WaiterQueued}) {
        for (const qint64 at : {m_before, m_during, m_after}) {
            const auto next = m_replay->nextEvent(kind, at);
            const auto expected = first(kind, at);
            QCOMPARE(next.has_value(), expected.has_value());
            if (next)
                QCOMPARE(next->sequence, expected->sequence);
            const auto previous = m_replay->previousEvent(kind, at, m_pool);
            const auto expectedPrevious = last(kind, at);
            QCOMPARE(previous.has_value(), expectedPrevious.has_value());
            if (previous)
                QCOMPARE(previous->sequence, expectedPrevious->sequence);
        }
    }
    // The first dial failure is the restart's, and none came before it.
    const auto failure = m_replay->nextEvent(EventKind::DialFailed, m_before);
    QVERIFY(failure && failure->timeNs <= m_during);
    QVERIFY(!m_replay->previousEvent(EventKind::DialFailed, m_before));
    const auto eviction = m_replay->nextEvent(EventKind::Evicted, m_before);
    QVERIFY(eviction && eviction->timeNs <= m_during);
    QVERIFY(!m_replay->nextEvent(EventKind::DialFailed, m_before, m_pool + 1));
}

void tst_Replay::eventsBetweenTwoMomentsAreTheLiveOnes()
{
    QList<quint64> expected;
    for (const PoolEvent &e : liveEvents()) {
        if (e.timeNs >= m_before && e.timeNs < m_after)
            expected << e.sequence;
    }
    QList<quint64> replayed;
    for (const PoolEvent &e : m_replay->events(m_pool, m_before, m_after))
        replayed << e.sequence;
    QVERIFY(!expected.isEmpty());
    QCOMPARE(replayed, expected);
    QVERIFY(m_replay->events(m_pool, m_after, m_before).isEmpty());
}

void tst_Replay::traceExportIsWellFormed()
{
    const QByteArray json = TraceExport::toJson(*m_replay);
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    QVERIFY2(document.isObject(), qPrintable(parseError.errorString()));
    const QJsonObject trace = document.object();
    const QStringList problems = traceProblems(trace);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.mid(0, 10).join(u'\n')));

    const TraceSummary summary = summarize(trace);
    for (const QString &name : {u"dialing"_s, u"tls"_s, u"idle"_s, u"in use"_s})
        QVERIFY2(summary.sliceNames.contains(name), qPrintable(summary.sliceNames.join(u", "_s)));
    QVERIFY2(summary.instantNames.contains(u"dial failed: refused"_s),
             qPrintable(summary.instantNames.join(u", "_s)));
    QVERIFY2(std::any_of(summary.instantNames.begin(), summary.instantNames.end(),
                         [](const QString &name) { return name.startsWith(u"evicted: "_s); }),
             qPrintable(summary.instantNames.join(u", "_s)));
    QVERIFY(summary.asyncSlices > 0);
    // Five gauges for each snapshot of the pool.
    int snapshots = 0;
    for (const SessionFeed &feed : m_live)
        snapshots += feed.pool(m_pool) && feed.pool(m_pool)->snapshot ? 1 : 0;
    QCOMPARE(summary.counters, 5 * snapshots);
    QCOMPARE(summary.processNames.size(), 1);
    QVERIFY2(summary.processNames.first().startsWith(u"pool %1: 127.0.0.1:"_s.arg(m_pool)),
             qPrintable(summary.processNames.first()));
    QVERIFY2(summary.threadNames.contains(u"connection 1 (generation 0)"_s)
                 || summary.threadNames.contains(u"connection 1 (generation 1)"_s),
             qPrintable(summary.threadNames.join(u", "_s)));

    // Microseconds from the recording's start: the last event within its span.
    double latest = 0;
    for (const QJsonValue &e : trace[u"traceEvents"_s].toArray())
        latest = std::max(latest, e[u"ts"_s].toDouble() + e[u"dur"_s].toDouble());
    QVERIFY(latest > 1.5e6);
    QVERIFY(latest <= double(m_replay->durationNs()) / 1000.0 + 1);
}

void tst_Replay::summaryCountsAcrossAStatisticsResetFromTheRecordingsStart()
{
    // A pool whose statistics began before the recording (dials 100 at its first snapshot),
    // then a reset: what the recording saw is 3 dials before the reset and 2 after.
    constexpr qint64 Start = 10'000'000'000;
    Recording recording;
    recording.header = RecordingHeader::now(u"lab"_s, SessionProfile::embeddedDefault());
    recording.header.startNs = Start;
    const auto add = [&](qint64 timeNs, qint64 sinceNs, quint64 dials, quint64 completed) {
        SessionFeed feed;
        feed.timeNs = timeNs;
        PoolFeed part;
        part.pool = 1;
        PoolSnapshot snapshot;
        snapshot.timeNs = timeNs;
        snapshot.stats.sinceNs = sinceNs;
        snapshot.stats.dials = dials;
        snapshot.stats.open = int(dials % 7);
        part.snapshot = snapshot;
        LoadProgress progress;
        progress.intervalNs = 100'000'000;
        progress.intervalCompleted = completed;
        part.workload << progress;
        feed.pools << part;
        recording.feeds << feed;
    };
    add(Start, 1'000, 100, 4);
    add(Start + 100'000'000, 1'000, 103, 5);
    add(Start + 200'000'000, Start + 150'000'000, 2, 6);
    const RecordingSummary summary = RecordingSummary::of(Replay(recording));
    QCOMPARE(summary.pool, 1u);
    QCOMPARE(summary.dials, quint64(5));
    // Every interval's requests count, the first snapshot's too.
    QCOMPARE(summary.requests, quint64(15));
    QCOMPARE(summary.loadSeconds, 0.3);
    QCOMPARE(summary.peakOpen, 5); // 103 % 7: the gauges seen, not the pool's older peak
}

QTEST_GUILESS_MAIN(tst_Replay)
#include "tst_replay.moc"

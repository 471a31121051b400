// Recordings as files: the header and the feed lines RecordingWriter writes read back the same,
// a file cut off mid-line opens up to its last complete line and says where it ends, and
// anything else that is not a recording (a damaged line, a newer version, a PNG, an empty
// file) is refused with one message naming the line and what was wrong.
#include "feedcodec.h"
#include "recording.h"
#include "recordingwriter.h"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

SessionFeed sampleFeed(quint64 sequence)
{
    SessionFeed feed;
    feed.sequence = sequence;
    feed.timeNs = 1'000'000'000 + qint64(sequence) * 33'000'000;
    PoolFeed pool;
    pool.pool = 1;
    PoolEvent event;
    event.sequence = sequence;
    event.poolId = 1;
    event.timeNs = feed.timeNs - 1'000;
    event.kind = EventKind::Acquired;
    event.connectionId = 7;
    event.generation = 1;
    event.reused = true;
    pool.events << event;
    PoolSnapshot snapshot;
    snapshot.timeNs = feed.timeNs;
    ConnectionInfo connection;
    connection.id = 7;
    connection.state = ConnectionState::InUse;
    connection.generation = 1;
    snapshot.connections << connection;
    snapshot.stats.open = 1;
    snapshot.stats.inUse = 1;
    snapshot.stats.acquisitions = sequence;
    pool.snapshot = snapshot;
    feed.pools << pool;
    return feed;
}

RecordingHeader sampleHeader()
{
    SessionProfile settings = SessionProfile::embeddedDefault();
    settings.lab.latencyMs = 12;
    return RecordingHeader::now(u"lab"_s, settings);
}

QByteArray sampleFile()
{
    QByteArray data = sampleHeader().encodeLine();
    for (quint64 sequence = 1; sequence <= 3; ++sequence)
        data += FeedCodec::encodeLine(sampleFeed(sequence));
    return data;
}

// The file's lines, each with its '\n'.
QList<QByteArray> linesOf(const QByteArray &data)
{
    QList<QByteArray> lines;
    for (const QByteArray &line : data.split('\n')) {
        if (!line.isEmpty())
            lines << line + '\n';
    }
    return lines;
}

} // namespace

class tst_Recording : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void writtenFileReadsBackTheSame();
    void cutOffFileOpensUpToItsLastCompleteLine();
    void lastLineWithoutNewlineIsKeptWhenWhole();
    void snapshotsAreThinnedAndRestoredExactly();
    void aCarryWithNothingBeforeIsRefused();
    void refused_data();
    void refused();
    void missingFileIsRefused();
    void unwritableFileIsRefused();

private:
    QTemporaryDir m_dir;
};

void tst_Recording::writtenFileReadsBackTheSame()
{
    const QString path = m_dir.filePath(u"written.jsonl"_s);
    const RecordingHeader header = sampleHeader();
    RecordingWriter writer;
    QString error;
    QVERIFY2(writer.open(path, header, &error), qPrintable(error));
    for (quint64 sequence = 1; sequence <= 3; ++sequence)
        QVERIFY(writer.write(sampleFeed(sequence)));
    // Flushed per line: readable before the writer closes, as after a crash.
    const auto recording = Recording::readFile(path, &error);
    QVERIFY2(recording, qPrintable(error));
    QCOMPARE(recording->notice(), QString());
    QCOMPARE(recording->header.version, RecordingHeader::Version);
    QCOMPARE(recording->header.poolscopeVersion, header.poolscopeVersion);
    QVERIFY(!recording->header.poolscopeVersion.isEmpty());
    QCOMPARE(recording->header.startNs, header.startNs);
    QCOMPARE(recording->header.startedAt, header.startedAt);
    QCOMPARE(recording->header.target, u"lab"_s);
    // As a profile file keeps them: on the lab, the pool's host and port are the lab's.
    QCOMPARE(recording->header.settings.toJson(), header.settings.toJson());
    QCOMPARE(recording->feeds.size(), 3);
    for (qsizetype i = 0; i < 3; ++i)
        QCOMPARE(FeedCodec::encodeLine(recording->feeds[i]),
                 FeedCodec::encodeLine(sampleFeed(quint64(i + 1))));
    QCOMPARE(QFileInfo(path).size(), writer.bytesWritten());
}

void tst_Recording::cutOffFileOpensUpToItsLastCompleteLine()
{
    const QByteArray whole = sampleFile();
    const QList<QByteArray> lines = linesOf(whole);
    QCOMPARE(lines.size(), 4);
    // Cut in the middle of line 4, the third feed.
    const QByteArray cut = whole.left(whole.size() - lines[3].size() / 2);
    QString error;
    const auto recording = Recording::fromData(cut, u"cut.jsonl"_s, &error);
    QVERIFY2(recording, qPrintable(error));
    QCOMPARE(recording->feeds.size(), 2);
    QCOMPARE(recording->feeds.last().sequence, 2u);
    QVERIFY2(recording->notice().startsWith(u"cut.jsonl ends in the middle of line 4 ("_s),
             qPrintable(recording->notice()));
    QVERIFY2(recording->notice().endsWith(u"opened up to line 3, the last complete one"_s),
             qPrintable(recording->notice()));

    // Cut within the header, nothing is left to open.
    const auto headerOnly = Recording::fromData(whole.left(20), u"cut.jsonl"_s, &error);
    QVERIFY(!headerOnly);
    QVERIFY2(error.startsWith(u"cut.jsonl: ends in the middle of line 1, the header"_s),
             qPrintable(error));
}

void tst_Recording::lastLineWithoutNewlineIsKeptWhenWhole()
{
    QByteArray data = sampleFile();
    data.chop(1);
    QString error;
    const auto recording = Recording::fromData(data, u"whole.jsonl"_s, &error);
    QVERIFY2(recording, qPrintable(error));
    QCOMPARE(recording->feeds.size(), 3);
    QCOMPARE(recording->notice(), QString());
}

namespace {

// A pool whose snapshots gain a closed connection now and then (and forget the oldest, as the
// pool does past its limit), whose histograms grow, and whose statistics are reset once.
QList<SessionFeed> growingFeeds()
{
    QList<SessionFeed> feeds;
    QList<ConnectionInfo> closed;
    PoolStats stats;
    for (quint64 sequence = 1; sequence <= 40; ++sequence) {
        SessionFeed feed;
        feed.sequence = sequence;
        feed.timeNs = qint64(sequence) * 100'000'000;
        PoolFeed pool;
        pool.pool = 3;
        if (sequence % 3 == 0) {
            ConnectionInfo gone;
            gone.id = 100 + sequence;
            gone.state = ConnectionState::Closed;
            gone.closeReason = EvictionReason::IdleTimeout;
            gone.closeMessage = u"idle for 30000 ms"_s;
            gone.closedNs = feed.timeNs;
            closed << gone;
            if (closed.size() > 4)
                closed.removeFirst();
        }
        stats.holdTime.record(qint64(sequence) * 1'000'000);
        stats.idleAtReuse.record(qint64(sequence) * 7'000);
        stats.acquisitions = sequence;
        if (sequence == 25)
            stats = PoolStats(); // reset: the histograms start again
        if (sequence % 2 == 0) {
            PoolSnapshot snapshot;
            snapshot.timeNs = feed.timeNs;
            snapshot.connections = closed;
            ConnectionInfo open;
            open.id = 1;
            open.state = ConnectionState::Idle;
            open.useCount = sequence;
            snapshot.connections << open;
            snapshot.stats = stats;
            pool.snapshot = snapshot;
        }
        feed.pools << pool;
        feeds << feed;
    }
    return feeds;
}

} // namespace

void tst_Recording::snapshotsAreThinnedAndRestoredExactly()
{
    const QString path = m_dir.filePath(u"thinned.jsonl"_s);
    const QList<SessionFeed> feeds = growingFeeds();
    RecordingWriter writer;
    QString error;
    QVERIFY(writer.open(path, sampleHeader(), &error));
    qint64 whole = sampleHeader().encodeLine().size();
    for (const SessionFeed &feed : feeds) {
        QVERIFY(writer.write(feed));
        whole += FeedCodec::encodeLine(feed).size();
    }
    writer.close();
    const auto recording = Recording::readFile(path, &error);
    QVERIFY2(recording, qPrintable(error));
    QCOMPARE(recording->feeds.size(), feeds.size());
    for (qsizetype i = 0; i < feeds.size(); ++i)
        QCOMPARE(FeedCodec::encodeLine(recording->feeds[i]), FeedCodec::encodeLine(feeds[i]));

    // Each thinned line is still a feed line, shorter than the whole one.
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = linesOf(file.readAll());
    QVERIFY(QFileInfo(path).size() < whole);
    int carried = 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        QVERIFY2(FeedCodec::decodeLine(lines[i], &error), qPrintable(error));
        carried += lines[i].contains("\"carried\"") ? 1 : 0;
    }
    QVERIFY(carried > 10);
}

void tst_Recording::aCarryWithNothingBeforeIsRefused()
{
    const QByteArray line = "{\"pools\":[{\"pool\":3,\"snapshot\":{\"carried\":{\"closed\":2},"
                            "\"t_ns\":5}}],\"seq\":1,\"t_ns\":5,\"v\":1}\n";
    QString error;
    QVERIFY(!Recording::fromData(sampleHeader().encodeLine() + line, u"F"_s, &error));
    QCOMPARE(error,
             u"F: line 2: pools[0].snapshot.carried: carries from an earlier snapshot of "
             "the pool, and none came before"_s);
}

void tst_Recording::refused_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("message");
    const QList<QByteArray> lines = linesOf(sampleFile());
    const QString accepted = u"accepted: a PoolScope recording (poolscope run --record), JSON "
                             "lines starting with {\"format\":\"poolscope-recording\",...}"_s;

    QTest::newRow("empty") << QByteArray() << u"F: the file is empty; "_s + accepted;
    QTest::newRow("blank lines") << QByteArray("\n\n  \n")
                                 << u"F: the file is empty; "_s + accepted;
    QByteArray png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    QTest::newRow("png") << png << u"F: a PNG image, not a recording; "_s + accepted;
    QTest::newRow("events file")
        << QByteArray("{\"seq\":1,\"pool\":1,\"t_ns\":5,\"kind\":\"dial_started\"}\n")
        << u"F: line 1: not a recording header; accepted: a PoolScope recording, whose first "
           "line is {\"format\":\"poolscope-recording\",\"version\":1,...}"_s;
    QTest::newRow("text") << QByteArray("hello\nworld\n")
                          << u"F: line 1: not a recording header; accepted: a PoolScope "
                             "recording, whose first line is {\"format\":\"poolscope-recording\","
                             "\"version\":1,...}"_s;

    QByteArray future = lines[0];
    future.replace("\"version\":1", "\"version\":2");
    QTest::newRow("future format") << future + lines[1]
                                   << u"F: line 1: format version 2 is newer than this "
                                      "PoolScope reads (1)"_s;
    QByteArray futureFeed = lines[2];
    futureFeed.replace("\"v\":1", "\"v\":2");
    QTest::newRow("future feed") << lines[0] + lines[1] + futureFeed + lines[3]
                                 << u"F: line 3: version 2 is newer than this PoolScope reads "
                                    "(1)"_s;
    QTest::newRow("wrong type") << lines[0] + lines[1] + "{\"v\":1,\"seq\":\"x\"}\n"
                                << u"F: line 3: seq: \"x\" is not accepted; accepted: a whole "
                                   "number from 0 to 9223372036854775807"_s;
    QTest::newRow("damaged") << lines[0] + "{\"v\":1,\"seq\":2,]\n" + lines[2]
                             << u"F: line 2: not valid JSON: "_s;
    QTest::newRow("blank line") << lines[0] + "\n" + lines[1]
                                << u"F: line 2: an empty line; accepted: one feed, a JSON "
                                   "object, per line"_s;
    QByteArray badSettings = lines[0];
    badSettings.replace("\"max_connections\":8", "\"max_connections\":0");
    QTest::newRow("bad settings") << badSettings << u"F: line 1: settings.pool.max_connections"_s;
}

void tst_Recording::refused()
{
    QFETCH(QByteArray, data);
    QFETCH(QString, message);
    QString error;
    const auto recording = Recording::fromData(data, u"F"_s, &error);
    QVERIFY(!recording);
    QVERIFY2(error.startsWith(message), qPrintable(error));
    QVERIFY2(!error.contains(u'\n'), qPrintable(error));
}

void tst_Recording::missingFileIsRefused()
{
    const QString path = m_dir.filePath(u"none.jsonl"_s);
    QString error;
    QVERIFY(!Recording::readFile(path, &error));
    QVERIFY2(error.startsWith(path + u": cannot read: "_s), qPrintable(error));
}

void tst_Recording::unwritableFileIsRefused()
{
    const QString path = m_dir.filePath(u"no/such/dir/rec.jsonl"_s);
    RecordingWriter writer;
    QString error;
    QVERIFY(!writer.open(path, sampleHeader(), &error));
    QVERIFY2(error.startsWith(u"cannot write \"%1\": "_s.arg(path)), qPrintable(error));
}

QTEST_GUILESS_MAIN(tst_Recording)
#include "tst_recording.moc"

// End to end: "poolscope run --record FILE" writes a recording while the run goes (and one that
// opens after Ctrl+C), "poolscope export --trace OUT FILE" turns it into a trace, and bad
// arguments or files get one line and exit status 2. "poolscope compare A B" sets two
// recordings side by side with the figures their runs reported.
#include "../record/tracecheck.h"
#include "recording.h"
#include "replay.h"

#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/types.h>

using namespace Qt::StringLiterals;

namespace {

constexpr int Timeout = 60'000;

struct Result
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Result finish(QProcess &process)
{
    Result result;
    if (!process.waitForFinished(Timeout)) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

Result poolscope(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(POOLSCOPE_BINARY), arguments);
    return finish(process);
}

int lineCount(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? int(file.readAll().count('\n')) : 0;
}

} // namespace

class tst_RecordCommand : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void runRecordsEveryFeed();
    void interruptedRunLeavesARecordingThatOpens();
    void exportWritesAWellFormedTrace();
    void exportOfACutOffRecordingWarns();
    void compareAgreesWithTheRunsReports();
    void badArguments_data();
    void badArguments();

private:
    QString path(const QString &name) const { return m_dir.filePath(name); }

    QTemporaryDir m_dir;
};

void tst_RecordCommand::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QFile png(path(u"shot.png"_s));
    QVERIFY(png.open(QIODevice::WriteOnly));
    png.write(QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
    png.close();
    QFile empty(path(u"empty.jsonl"_s));
    QVERIFY(empty.open(QIODevice::WriteOnly));
}

void tst_RecordCommand::runRecordsEveryFeed()
{
    const QString recording = path(u"run.jsonl"_s);
    const Result r = poolscope({u"run"_s, u"--lab"_s, u"--duration"_s, u"1"_s, u"--rate"_s,
                                u"100"_s, u"--report"_s, u"json"_s, u"--record"_s, recording});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject report = QJsonDocument::fromJson(r.out).object();
    QString error;
    const auto read = Recording::readFile(recording, &error);
    QVERIFY2(read, qPrintable(error));
    QCOMPARE(read->notice(), QString());
    QCOMPARE(read->header.target, u"lab"_s);
    QVERIFY(read->header.settings.targetsLab);
    QCOMPARE(read->header.settings.load.ratePerSecond, 100.0);
    QVERIFY(!read->header.poolscopeVersion.isEmpty());
    QVERIFY(read->feeds.size() > 10);

    // The run's report is in the recording, the same the command printed.
    const Replay replay(*read);
    const SessionFeed end = replay.stateAt(replay.endNs());
    std::optional<LoadReport> recorded;
    for (int i = 0; i < replay.feedCount() && !recorded; ++i) {
        for (const PoolFeed &pool : replay.feed(i).pools) {
            for (const RunUpdate &run : pool.runs) {
                if (run.report)
                    recorded = run.report;
            }
        }
    }
    QVERIFY(recorded);
    QCOMPARE(qint64(recorded->ok), report[u"requests"_s][u"ok"_s].toInteger());
    QVERIFY(recorded->ok > 50);
    QVERIFY(replay.nextEvent(EventKind::Acquired, replay.startNs()));
    QVERIFY(end.lab.settings && end.lab.settings->port != 0);
}

void tst_RecordCommand::interruptedRunLeavesARecordingThatOpens()
{
    const QString recording = path(u"interrupted.jsonl"_s);
    QProcess process;
    process.start(QStringLiteral(POOLSCOPE_BINARY),
                  {u"run"_s, u"--lab"_s, u"--duration"_s, u"60"_s, u"--rate"_s, u"100"_s,
                   u"--record"_s, recording});
    QVERIFY(process.waitForStarted());
    // Flushed line by line: the file grows while the run goes.
    QTRY_VERIFY_WITH_TIMEOUT(lineCount(recording) > 20, Timeout);
    ::kill(pid_t(process.processId()), SIGINT);
    const Result r = finish(process);
    QVERIFY2(r.exitCode == 0 || r.exitCode == 1, r.err.constData());
    QString error;
    const auto read = Recording::readFile(recording, &error);
    QVERIFY2(read, qPrintable(error));
    QCOMPARE(read->notice(), QString());
    QVERIFY(read->feeds.size() > 20);
}

void tst_RecordCommand::exportWritesAWellFormedTrace()
{
    const QString recording = path(u"export.jsonl"_s);
    const Result run = poolscope({u"run"_s, u"--lab"_s, u"--requests"_s, u"200"_s, u"--rate"_s,
                                  u"200"_s, u"--min-idle"_s, u"2"_s, u"--record"_s, recording});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QString trace = path(u"trace.json"_s);
    const Result r = poolscope({u"export"_s, u"--trace"_s, trace, recording});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(QString::fromUtf8(r.out).startsWith(u"poolscope export: wrote "_s + trace),
             r.out.constData());
    QFile file(trace);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject object = QJsonDocument::fromJson(file.readAll()).object();
    const QStringList problems = traceProblems(object);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.mid(0, 10).join(u'\n')));
    const TraceSummary summary = summarize(object);
    QVERIFY(summary.sliceNames.contains(u"in use"_s));
    QVERIFY(summary.counters > 0);
    // The run's pool goes when it ends: its connections' evictions are in the trace.
    QVERIFY2(summary.instantNames.contains(u"evicted: shutdown"_s),
             qPrintable(summary.instantNames.join(u", "_s)));
}

void tst_RecordCommand::exportOfACutOffRecordingWarns()
{
    const QString whole = path(u"whole.jsonl"_s);
    const Result run
        = poolscope({u"run"_s, u"--lab"_s, u"--requests"_s, u"50"_s, u"--record"_s, whole});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QFile in(whole);
    QVERIFY(in.open(QIODevice::ReadOnly));
    const QByteArray data = in.readAll();
    const int lines = int(data.count('\n'));
    const QString cut = path(u"cut.jsonl"_s);
    QFile out(cut);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(data.left(data.size() - 10));
    out.close();
    const Result r = poolscope({u"export"_s, u"--trace"_s, path(u"cut.json"_s), cut});
    QCOMPARE(r.exitCode, 0);
    const QString expected
        = u"poolscope export: warning: %1 ends in the middle of line %2"_s.arg(cut).arg(lines);
    QVERIFY2(QString::fromUtf8(r.err).startsWith(expected), r.err.constData());
    QVERIFY(QFile::exists(path(u"cut.json"_s)));
}

void tst_RecordCommand::compareAgreesWithTheRunsReports()
{
    QJsonObject reports[2];
    const QString files[2] = {path(u"pooled.jsonl"_s), path(u"unpooled.jsonl"_s)};
    for (int i = 0; i < 2; ++i) {
        QStringList arguments{u"run"_s, u"--lab"_s,    u"--requests"_s, u"150"_s,      u"--rate"_s,
                              u"300"_s, u"--report"_s, u"json"_s,       u"--record"_s, files[i]};
        if (i == 1)
            arguments << u"--no-pool"_s;
        const Result run = poolscope(arguments);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        reports[i] = QJsonDocument::fromJson(run.out).object();
    }
    const Result r = poolscope({u"compare"_s, files[0], files[1], u"--report"_s, u"json"_s});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject comparison = QJsonDocument::fromJson(r.out).object();
    const QJsonObject sides[2]
        = {comparison[u"first"_s].toObject(), comparison[u"second"_s].toObject()};
    for (int i = 0; i < 2; ++i) {
        const QJsonObject &side = sides[i];
        const QJsonObject &report = reports[i];
        QCOMPARE(side[u"file"_s].toString(), files[i]);
        QCOMPARE(side[u"ok"_s].toInteger(), report[u"requests"_s][u"ok"_s].toInteger());
        QCOMPARE(side[u"dials"_s].toInteger(), report[u"connections"_s][u"dialed"_s].toInteger());
        QCOMPARE(side[u"reuses"_s].toInteger(), report[u"connections"_s][u"reused"_s].toInteger());
        // The same histogram, merged from the progress reports' intervals (the report rounds
        // to a microsecond).
        const double p50 = side[u"latency_p50_ms"_s].toDouble();
        QVERIFY2(qAbs(p50 - report[u"latency_ms"_s][u"p50"_s].toDouble()) < 0.0006,
                 qPrintable(QString::number(p50)));
    }
    QCOMPARE(sides[1][u"dials"_s].toInteger(), 150);
    const double p50Ratio = comparison[u"ratios"_s][u"latency_p50_ms"_s].toDouble();
    QCOMPARE(p50Ratio,
             sides[1][u"latency_p50_ms"_s].toDouble() / sides[0][u"latency_p50_ms"_s].toDouble());
    // Zero stale retries on both sides: no ratio, rather than a division by zero.
    QVERIFY(comparison[u"ratios"_s][u"stale_retries"_s].isNull());

    const Result text = poolscope({u"compare"_s, files[0], files[1]});
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(text.out.contains("second ÷ first") && text.out.contains("latency_p50_ms"),
             text.out.constData());
}

void tst_RecordCommand::badArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const QString out = path(u"out.json"_s);
    const QString usage = u"accepted: poolscope export --trace OUT.json FILE, FILE a recording "
                          "from poolscope run --record"_s;
    const QString notRecording = u"; accepted: a PoolScope recording (poolscope run --record), "
                                 "JSON lines starting with {\"format\":\"poolscope-recording\","
                                 "...}"_s;
    const QString unwritable = path(u"no/such/dir/rec.jsonl"_s);
    QTest::newRow("record unwritable")
        << QStringList{u"run"_s, u"--lab"_s, u"--record"_s, unwritable}
        << u"poolscope run: --record: cannot write \"%1\": "_s.arg(unwritable);
    QTest::newRow("record is the output")
        << QStringList{u"run"_s, u"--lab"_s, u"--record"_s, out, u"--output"_s, out}
        << u"poolscope run: --output and --record both name \"%1\"; give each its own file"_s.arg(
               out);
    QTest::newRow("record is the events")
        << QStringList{u"run"_s, u"--lab"_s, u"--events"_s, out, u"--record"_s, out}
        << u"poolscope run: --events and --record both name \"%1\"; give each its own file"_s.arg(
               out);
    QTest::newRow("record without a file")
        << QStringList{u"run"_s, u"--lab"_s, u"--record"_s} << u"poolscope run: --record: "_s;
    QTest::newRow("export without --trace") << QStringList{u"export"_s, path(u"shot.png"_s)}
                                            << u"poolscope export: --trace: missing; "_s + usage;
    QTest::newRow("export without a recording")
        << QStringList{u"export"_s, u"--trace"_s, out}
        << u"poolscope export: the recording: missing; "_s + usage;
    QTest::newRow("export of two")
        << QStringList{u"export"_s, u"--trace"_s, out, u"a.jsonl"_s, u"b.jsonl"_s}
        << u"poolscope export: 2 recordings given (\"a.jsonl\", \"b.jsonl\"); accepted: one, "
           "poolscope export --trace OUT.json FILE"_s;
    QTest::newRow("export of a missing file")
        << QStringList{u"export"_s, u"--trace"_s, out, path(u"none.jsonl"_s)}
        << u"poolscope export: %1: cannot read: "_s.arg(path(u"none.jsonl"_s));
    QTest::newRow("export of a png")
        << QStringList{u"export"_s, u"--trace"_s, out, path(u"shot.png"_s)}
        << u"poolscope export: %1: a PNG image, not a recording"_s.arg(path(u"shot.png"_s))
            + notRecording;
    QTest::newRow("export of an empty file")
        << QStringList{u"export"_s, u"--trace"_s, out, path(u"empty.jsonl"_s)}
        << u"poolscope export: %1: the file is empty"_s.arg(path(u"empty.jsonl"_s)) + notRecording;
    QTest::newRow("export onto the recording")
        << QStringList{u"export"_s, u"--trace"_s, path(u"empty.jsonl"_s), path(u"empty.jsonl"_s)}
        << u"poolscope export: --trace and the recording both name"_s;
    const QString compareUsage = u"accepted: poolscope compare FIRST SECOND, two recordings"_s;
    QTest::newRow("compare one") << QStringList{u"compare"_s, path(u"empty.jsonl"_s)}
                                 << u"poolscope compare: 1 recording given; "_s + compareUsage;
    QTest::newRow("compare a png")
        << QStringList{u"compare"_s, path(u"shot.png"_s), path(u"empty.jsonl"_s)}
        << u"poolscope compare: %1: a PNG image, not a recording"_s.arg(path(u"shot.png"_s));
    QTest::newRow("compare bad format")
        << QStringList{u"compare"_s, u"a"_s, u"b"_s, u"--report"_s, u"xml"_s}
        << u"poolscope compare: --report: \"xml\" is not a format; accepted: text or json"_s;
    QTest::newRow("export unknown option")
        << QStringList{u"export"_s, u"--chrome"_s, path(u"empty.jsonl"_s)}
        << u"poolscope export: "_s;
}

void tst_RecordCommand::badArguments()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Result r = poolscope(arguments);
    QCOMPARE(r.exitCode, 2);
    const QString err = QString::fromUtf8(r.err);
    QVERIFY2(err.startsWith(message), qPrintable(err));
    QCOMPARE(err.count(u'\n'), 1);
    QVERIFY(!QFile::exists(path(u"out.json"_s)));
}

QTEST_GUILESS_MAIN(tst_RecordCommand)
#include "tst_recordcommand.moc"

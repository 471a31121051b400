// What a recording costs to open and scrub: a synthetic 10-minute recording at the window's
// default workload (100 requests/s on 8 connections, a feed every 33 ms, a snapshot every
// 100 ms), written with RecordingWriter, or a real one given as the argument, then read
// (Recording), indexed (Replay), scrubbed (stateAt at random moments), searched (nextEvent)
// and exported as a trace. Reading the file's bytes alone is the baseline for opening it.
#include "recording.h"
#include "recordingwriter.h"
#include "replay.h"
#include "traceexport.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

constexpr int Seconds = 600;
constexpr int FeedsPerSecond = 30;
constexpr int RequestsPerSecond = 100;
constexpr int Connections = 8;
constexpr qint64 Start = 1'000'000'000'000;

PoolEvent event(EventKind kind, qint64 t, quint64 conn, quint64 *sequence)
{
    PoolEvent e;
    e.sequence = ++*sequence;
    e.poolId = 1;
    e.timeNs = t;
    e.kind = kind;
    e.connectionId = conn;
    e.generation = 1;
    if (kind == EventKind::Acquired) {
        e.reused = true;
        e.waitNs = 2'000;
        e.idleNs = 5'000'000;
    } else if (kind == EventKind::Released) {
        e.holdNs = 5'300'000;
    }
    return e;
}

SessionFeed feedAt(int index, quint64 *sequence, quint64 *requests)
{
    SessionFeed feed;
    feed.sequence = quint64(index + 1);
    feed.timeNs = Start + qint64(index) * 1'000'000'000 / FeedsPerSecond;
    PoolFeed pool;
    pool.pool = 1;
    const quint64 due = quint64(index + 1) * RequestsPerSecond / FeedsPerSecond;
    for (; *requests < due; ++*requests) {
        const quint64 conn = 1 + *requests % Connections;
        pool.events << event(EventKind::Acquired, feed.timeNs - 6'000'000, conn, sequence)
                    << event(EventKind::Released, feed.timeNs - 700'000, conn, sequence);
    }
    if (index % 3 == 0) {
        PoolSnapshot snapshot;
        snapshot.timeNs = feed.timeNs;
        for (int c = 1; c <= Connections; ++c) {
            ConnectionInfo info;
            info.id = quint64(c);
            info.state = c == 1 ? ConnectionState::InUse : ConnectionState::Idle;
            info.generation = 1;
            info.peerAddress = QHostAddress(QHostAddress::LocalHost);
            info.peerPort = 41234;
            info.localPort = quint16(50000 + c);
            info.createdNs = Start;
            info.useCount = *requests / Connections;
            info.bytesIn = qint64(info.useCount) * 180;
            info.bytesOut = qint64(info.useCount) * 60;
            info.rttUs = 40;
            info.rttVarUs = 10;
            info.retransmits = 0;
            snapshot.connections << info;
        }
        snapshot.stats.open = Connections;
        snapshot.stats.idle = Connections - 1;
        snapshot.stats.inUse = 1;
        snapshot.stats.acquisitions = *requests;
        snapshot.stats.releases = *requests;
        snapshot.stats.reuses = *requests;
        for (int i = 0; i < 50; ++i)
            snapshot.stats.holdTime.record(5'000'000 + i * 10'000);
        pool.snapshot = snapshot;
    }
    if (index % 10 == 0) {
        LoadProgress progress;
        progress.timeNs = feed.timeNs;
        progress.running = true;
        progress.completed = *requests;
        progress.ok = *requests;
        progress.intervalCompleted = 33;
        pool.workload << progress;
    }
    feed.pools << pool;
    return feed;
}

void print(const char *name, double value, const char *unit)
{
    std::printf("%s: %.3f %s\n", name, value, unit);
}

// Writes the synthetic recording to path; false and a message on stderr when it cannot.
bool writeSynthetic(const QString &path)
{
    RecordingWriter writer;
    QString error;
    if (!writer.open(path, RecordingHeader::now(u"lab"_s, SessionProfile::embeddedDefault()),
                     &error)) {
        std::fprintf(stderr, "bench_record: %s\n", qPrintable(error));
        return false;
    }
    quint64 sequence = 0;
    quint64 requests = 0;
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < Seconds * FeedsPerSecond; ++i)
        writer.write(feedAt(i, &sequence, &requests));
    writer.close();
    print("write, per feed", double(timer.nsecsElapsed()) / 1e3 / (Seconds * FeedsPerSecond), "us");
    print("events", double(sequence), "");
    return true;
}

} // namespace

// bench_record [FILE]: the synthetic recording, or a real one (poolscope run --record FILE).
int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    const QStringList arguments = QCoreApplication::arguments();
    const QString path = arguments.size() > 1 ? arguments[1] : dir.filePath(u"bench.jsonl"_s);
    if (arguments.size() <= 1 && !writeSynthetic(path))
        return 1;
    print("file size", double(QFileInfo(path).size()) / 1e6, "MB");
    QString error;
    QElapsedTimer timer;
    timer.start();
    QFile file(path);
    file.open(QIODevice::ReadOnly);
    const QByteArray bytes = file.readAll();
    print("baseline: read the bytes", double(timer.nsecsElapsed()) / 1e6, "ms");

    timer.restart();
    auto recording = Recording::fromData(bytes, path, &error);
    print("open (parse every line)", double(timer.nsecsElapsed()) / 1e6, "ms");
    if (!recording) {
        std::fprintf(stderr, "bench_record: %s\n", qPrintable(error));
        return 1;
    }
    timer.restart();
    const Replay replay(std::move(*recording));
    print("index (Replay)", double(timer.nsecsElapsed()) / 1e6, "ms");

    constexpr int Seeks = 10'000;
    QRandomGenerator random(42);
    qint64 connections = 0;
    timer.restart();
    for (int i = 0; i < Seeks; ++i) {
        const qint64 at = replay.startNs() + qint64(random.bounded(double(replay.durationNs())));
        const SessionFeed state = replay.stateAt(at);
        if (!state.pools.isEmpty() && state.pools.first().snapshot)
            connections += state.pools.first().snapshot->connections.size();
    }
    print("stateAt, per seek", double(timer.nsecsElapsed()) / 1e3 / Seeks, "us");
    timer.restart();
    qint64 found = 0;
    for (int i = 0; i < Seeks; ++i) {
        const qint64 at = replay.startNs() + qint64(random.bounded(double(replay.durationNs())));
        found += replay.nextEvent(EventKind::Released, at).has_value() ? 1 : 0;
    }
    print("nextEvent, per search", double(timer.nsecsElapsed()) / 1e3 / Seeks, "us");
    timer.restart();
    const qint64 window = 10'000'000'000; // the 10 s an event log might show around the cursor
    qint64 shown = 0;
    for (int i = 0; i < 1'000; ++i) {
        const qint64 at = replay.startNs() + qint64(random.bounded(double(replay.durationNs())));
        shown += replay.events(replay.pools().value(0), at - window, at).size();
    }
    print("events of 10 s, per seek", double(timer.nsecsElapsed()) / 1e3 / 1'000, "us");
    timer.restart();
    const QByteArray trace = TraceExport::toJson(replay);
    print("trace export", double(timer.nsecsElapsed()) / 1e6, "ms");
    print("trace size", double(trace.size()) / 1e6, "MB");
    // Keeps the loops' results alive.
    return connections > 0 && found > 0 && shown > 0 ? 0 : 1;
}

// bench_cpu: what the window costs a desktop that keeps it open all day. Starts `poolscope`
// with no arguments (the window on the embedded lab, running the default workload: 100
// requests/s) under an Xvfb of its own, with a HOME of its own so no kept settings apply, lets
// it warm up and reads every thread's CPU time and the resident memory from /proc. Then, as
// the baseline measured in the same run, the same workload on the same pool settings without
// the window: `poolscope run --lab`. The ratio between the two is what the window adds.
//
//   bench_cpu [--seconds N] [--warmup N]
//
// Prints the CPU share (percent of one core) of each thread and of the process, for the
// window and the headless run, window_vs_headless_cpu, the X server's share (what the
// window's drawing costs the display, outside the process), and the window's resident memory
// at the start and the end of the measurement. A long run (--seconds 600: the ten-minute
// memory check) reports the memory once a minute on stderr. Without Xvfb it says so and skips.
#include "sessionprofile.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QMap>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <cstdio>
#include <optional>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

struct Options
{
    int seconds = 20;
    int warmup = 10;
};

std::optional<Options> parse(const QStringList &arguments)
{
    Options o;
    const auto fail = [](const QString &message) {
        std::fprintf(stderr, "bench_cpu: %s\n", qPrintable(message));
        return std::nullopt;
    };
    if (arguments.size() % 2 == 0)
        return fail(u"%1: missing value"_s.arg(arguments.constLast()));
    for (qsizetype i = 1; i + 1 < arguments.size(); i += 2) {
        const QString &name = arguments[i];
        bool ok = false;
        const int value = arguments[i + 1].toInt(&ok);
        if (name == u"--seconds") {
            if (!ok || value < 5 || value > 86'400)
                return fail(u"--seconds: \"%1\" is not accepted; accepted: 5 to 86400"_s.arg(
                    arguments[i + 1]));
            o.seconds = value;
        } else if (name == u"--warmup") {
            if (!ok || value < 1 || value > 600)
                return fail(u"--warmup: \"%1\" is not accepted; accepted: 1 to 600"_s.arg(
                    arguments[i + 1]));
            o.warmup = value;
        } else {
            return fail(u"unknown option %1; accepted: --seconds, --warmup"_s.arg(name));
        }
    }
    return o;
}

// CPU time (user + system) in clock ticks, from a /proc/.../stat line: the fields after the
// name, which is in parentheses and may hold spaces ("pool 1", "Thread (pooled)").
struct Stat
{
    QString name;
    qint64 ticks = -1;
};

Stat readStat(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray line = file.readAll();
    const qsizetype open = line.indexOf('(');
    const qsizetype close = line.lastIndexOf(')');
    if (open < 0 || close < open)
        return {};
    const QList<QByteArray> fields = line.mid(close + 2).split(' ');
    // After the name: state is field 3 of stat(5), utime 14 and stime 15.
    if (fields.size() < 13)
        return {};
    return {QString::fromUtf8(line.mid(open + 1, close - open - 1)),
            fields[11].toLongLong() + fields[12].toLongLong()};
}

struct Sample
{
    qint64 processTicks = -1; // every thread, those that ended included
    QMap<qint64, Stat> threads; // by thread id
    double rssMb = 0;
};

Sample sample(qint64 pid)
{
    Sample s;
    const QString dir = u"/proc/%1"_s.arg(pid);
    s.processTicks = readStat(dir + u"/stat"_s).ticks;
    for (const QString &task : QDir(dir + u"/task"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot))
        s.threads.insert(task.toLongLong(), readStat(u"%1/task/%2/stat"_s.arg(dir, task)));
    QFile status(dir + u"/status"_s);
    if (status.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith("VmRSS:"))
                s.rssMb = line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
        }
    }
    return s;
}

struct Share
{
    QMap<QString, double> threads; // percent of one core, by thread name
    double total = 0;
};

Share share(const Sample &before, const Sample &after, double seconds)
{
    const double perTick = 100.0 / double(sysconf(_SC_CLK_TCK)) / seconds;
    Share result;
    for (auto it = after.threads.begin(); it != after.threads.end(); ++it) {
        // A thread that started meanwhile counts from zero.
        const qint64 start = before.threads.value(it.key()).ticks;
        result.threads[it->name] += double(it->ticks - std::max<qint64>(0, start)) * perTick;
    }
    result.total = double(after.processTicks - before.processTicks) * perTick;
    return result;
}

// Waits, running the event loop, and stops early when the process ended.
bool waitWhileRunning(QProcess &process, int ms)
{
    process.waitForStarted();
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < ms) {
        if (process.state() != QProcess::Running)
            return false;
        process.waitForFinished(int(std::min<qint64>(200, ms - clock.elapsed())));
    }
    return process.state() == QProcess::Running;
}

void stop(QProcess &process)
{
    if (process.state() == QProcess::NotRunning)
        return;
    process.terminate();
    if (!process.waitForFinished(5'000)) {
        process.kill();
        process.waitForFinished(5'000);
    }
}

struct Measurement
{
    Share cpu;
    double rssStartMb = 0;
    double rssEndMb = 0;
    double xPercent = 0; // the X server's share, when there is one
};

// Measures the process for o.seconds after o.warmup; a line a minute on stderr when long.
std::optional<Measurement> measure(QProcess &process, const char *what, const Options &o,
                                   qint64 xPid)
{
    if (!waitWhileRunning(process, o.warmup * 1000)) {
        std::fprintf(stderr, "bench_cpu: %s exited during the warm-up (%s): %s\n", what,
                     qPrintable(process.errorString()),
                     qPrintable(QString::fromUtf8(process.readAllStandardError()).trimmed()));
        return std::nullopt;
    }
    const qint64 pid = process.processId();
    const Sample before = sample(pid);
    const Stat xBefore = xPid ? readStat(u"/proc/%1/stat"_s.arg(xPid)) : Stat();
    for (int done = 0; done < o.seconds;) {
        const int step = std::min(60, o.seconds - done);
        if (!waitWhileRunning(process, step * 1000)) {
            std::fprintf(stderr, "bench_cpu: %s exited during the measurement\n", what);
            return std::nullopt;
        }
        done += step;
        if (o.seconds > 60)
            std::fprintf(stderr, "bench_cpu: %s after %d s: rss %.1f MB\n", what, done,
                         sample(pid).rssMb);
    }
    const Sample after = sample(pid);
    Measurement m{share(before, after, o.seconds), before.rssMb, after.rssMb};
    if (xPid) {
        const Stat xAfter = readStat(u"/proc/%1/stat"_s.arg(xPid));
        m.xPercent = double(xAfter.ticks - xBefore.ticks) * 100.0 / double(sysconf(_SC_CLK_TCK))
            / o.seconds;
    }
    return m;
}

// An X server of its own on a display it picks (-displayfd), or nullopt and why not.
std::optional<QString> startXvfb(QProcess &xvfb, QString *why)
{
    xvfb.start(u"Xvfb"_s,
               {u"-displayfd"_s, u"1"_s, u"-screen"_s, u"0"_s, u"1600x1000x24"_s, u"-nolisten"_s,
                u"tcp"_s});
    QElapsedTimer clock;
    clock.start();
    QByteArray out;
    while (!out.contains('\n') && clock.elapsed() < 20'000) {
        if (!xvfb.waitForReadyRead(500) && xvfb.state() != QProcess::Running)
            break;
        out += xvfb.readAllStandardOutput();
    }
    bool ok = false;
    const int display = out.trimmed().toInt(&ok);
    if (!ok) {
        *why = u"Xvfb did not start: %1"_s.arg(QString::fromUtf8(xvfb.readAllStandardError()));
        return std::nullopt;
    }
    return u":%1"_s.arg(display);
}

void printShares(const Share &window, const Share &headless)
{
    QStringList names = window.threads.keys();
    for (const QString &name : headless.threads.keys()) {
        if (!names.contains(name))
            names << name;
    }
    std::printf("%-20s %8s %9s\n", "thread", "window", "headless");
    for (const QString &name : std::as_const(names)) {
        const double w = window.threads.value(name);
        const double h = headless.threads.value(name);
        if (w >= 0.05 || h >= 0.05)
            std::printf("%-20s %7.1f%% %8.1f%%\n", qPrintable(name), w, h);
    }
    std::printf("%-20s %7.1f%% %8.1f%%\n\n", "process", window.total, headless.total);
}

// "pool 1" -> pool_1, for the name: value lines.
QString key(const QString &name)
{
    QString k = name.toLower();
    for (QChar &c : k) {
        if (!c.isLetterOrNumber())
            c = u'_';
    }
    return k;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const std::optional<Options> parsed = parse(QCoreApplication::arguments());
    if (!parsed)
        return 2;
    const Options &o = *parsed;
    if (QStandardPaths::findExecutable(u"Xvfb"_s).isEmpty()) {
        std::printf("bench_cpu: skipped: Xvfb is not installed (apt-get install xvfb)\n");
        return 0;
    }
    QProcess xvfb;
    QString why;
    const std::optional<QString> display = startXvfb(xvfb, &why);
    if (!display) {
        std::fprintf(stderr, "bench_cpu: %s\n", qPrintable(why));
        return 1;
    }
    std::printf("bench_cpu: the window under Xvfb %s (1600x1000), %d s warm-up, %d s measured; "
                "then poolscope run --lab, the same workload without a window\n\n",
                qPrintable(*display), o.warmup, o.seconds);
    std::fflush(stdout);

    // A HOME of its own: the window opens on the defaults, as on a first launch.
    QTemporaryDir home;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"HOME"_s, home.path());
    environment.insert(u"XDG_CONFIG_HOME"_s, home.filePath(u".config"_s));
    environment.insert(u"XDG_RUNTIME_DIR"_s, home.path());
    environment.insert(u"DISPLAY"_s, *display);
    environment.insert(u"QT_QPA_PLATFORM"_s, u"xcb"_s);
    QProcess window;
    window.setProcessEnvironment(environment);
    window.setProcessChannelMode(QProcess::ForwardedOutputChannel);
    window.start(QStringLiteral(POOLSCOPE_BINARY), {});
    const std::optional<Measurement> windowed = measure(window, "the window", o, xvfb.processId());
    stop(window);
    stop(xvfb);
    if (!windowed)
        return 1;

    // The same pool settings and workload, as the window's defaults have them.
    const SessionProfile profile = SessionProfile::embeddedDefault();
    QJsonObject settings = profile.pool.toJson();
    for (const QString &target : {u"host"_s, u"port"_s, u"tls"_s})
        settings.remove(target);
    QFile settingsFile(home.filePath(u"pool.json"_s));
    if (!settingsFile.open(QIODevice::WriteOnly)
        || settingsFile.write(QJsonDocument(settings).toJson()) < 0) {
        std::fprintf(stderr, "bench_cpu: cannot write %s\n", qPrintable(settingsFile.fileName()));
        return 1;
    }
    settingsFile.close();
    const Options baseline{std::min(o.seconds, 20), std::min(o.warmup, 5)};
    QProcess headless;
    headless.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    headless.start(QStringLiteral(POOLSCOPE_BINARY),
                   {u"run"_s, u"--lab"_s, u"--settings"_s, settingsFile.fileName(), u"--protocol"_s,
                    enumName(profile.load.protocol.kind), u"--concurrency"_s,
                    QString::number(profile.load.concurrency), u"--rate"_s,
                    QString::number(profile.load.ratePerSecond), u"--duration"_s,
                    QString::number(baseline.warmup + baseline.seconds + 5)});
    const std::optional<Measurement> bare = measure(headless, "poolscope run", baseline, 0);
    stop(headless);
    if (!bare)
        return 1;

    const Share &windowShare = windowed->cpu;
    const Share &headlessShare = bare->cpu;
    printShares(windowShare, headlessShare);
    for (auto it = windowShare.threads.begin(); it != windowShare.threads.end(); ++it) {
        if (*it >= 0.05)
            std::printf("window_cpu_percent_%s: %.2f\n", qPrintable(key(it.key())), *it);
    }
    std::printf("window_cpu_percent: %.2f\n", windowShare.total);
    std::printf("headless_cpu_percent: %.2f\n", headlessShare.total);
    std::printf("window_vs_headless_cpu: %.2f\n",
                headlessShare.total > 0 ? windowShare.total / headlessShare.total : 0.0);
    std::printf("xvfb_cpu_percent: %.2f\n", windowed->xPercent);
    std::printf("window_rss_mb_start: %.1f\n", windowed->rssStartMb);
    std::printf("window_rss_mb_end: %.1f\n", windowed->rssEndMb);
    std::printf("window_rss_mb_per_minute: %.2f\n",
                (windowed->rssEndMb - windowed->rssStartMb) * 60.0 / o.seconds);
    return 0;
}

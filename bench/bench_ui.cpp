// bench_ui: feeds the inspector window a synthetic pool of 1,000 connections doing 20,000
// events a second, in the batches and at the pace the window takes them (10 a second,
// a snapshot every 100 ms, load progress every 250 ms), and measures what each delivery costs
// the window: applying it to every model, store and chart, then repainting.
//
//   bench_ui [--seconds N] [--rate EVENTS_PER_S] [--connections N] [--tab NAME]
//
// Prints ui_refresh_ms_p50/p99/max (apply a delivery, then let Qt lay out and repaint what
// changed, as it does between deliveries), ui_full_repaint_ms_p99 (the same, then the whole
// window repainted whether it changed or not: a worst case) and ui_peak_rss_mb. Targets: p99 <= 16
// ms, <= 300 MB. On stderr, a line per minute with the last minute's figures.
// Runs on the offscreen platform unless QT_QPA_PLATFORM says otherwise.

#include "connectionspanel.h"
#include "mainwindow.h"
#include "monotonicclock.h"
#include "session.h"

#include <QApplication>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <sys/resource.h>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

// As the window asks the session for its feed.
constexpr int DeliveryIntervalMs = MainWindow::FeedIntervalMs;
constexpr qint64 SnapshotIntervalNs = 100'000'000;
constexpr qint64 ProgressIntervalNs = 250'000'000;
// A long run reports each minute on stderr, so memory can be seen to stay flat.
constexpr size_t ReportEvery = 60 * 1000 / DeliveryIntervalMs;

struct Options
{
    double seconds = 30;
    double rate = 20'000;
    int connections = 1'000;
    QString tab = u"connectionsDock"_s;
};

// Options, or nullopt after a line on stderr that says what was wrong and what is accepted.
std::optional<Options> parse(const QStringList &arguments)
{
    Options o;
    const auto fail = [](const QString &message) {
        std::fprintf(stderr, "bench_ui: %s\n", qPrintable(message));
        return std::nullopt;
    };
    if (arguments.size() % 2 == 0)
        return fail(u"%1: missing value"_s.arg(arguments.constLast()));
    for (qsizetype i = 1; i + 1 < arguments.size(); i += 2) {
        const QString &name = arguments[i];
        const QString &value = arguments[i + 1];
        bool ok = false;
        if (name == u"--seconds") {
            o.seconds = value.toDouble(&ok);
            if (!ok || o.seconds <= 0 || o.seconds > 86'400)
                return fail(
                    u"--seconds: \"%1\" is not accepted; accepted: above 0, up to 86400"_s.arg(
                        value));
        } else if (name == u"--rate") {
            o.rate = value.toDouble(&ok);
            if (!ok || o.rate <= 0 || o.rate > 10'000'000)
                return fail(
                    u"--rate: \"%1\" is not accepted; accepted: above 0, up to 10000000 events/s"_s
                        .arg(value));
        } else if (name == u"--connections") {
            o.connections = value.toInt(&ok);
            if (!ok || o.connections < 1 || o.connections > 10'000)
                return fail(
                    u"--connections: \"%1\" is not accepted; accepted: 1 to 10000"_s.arg(value));
        } else if (name == u"--tab") {
            o.tab = value + u"Dock"_s;
        } else {
            return fail(
                u"unknown option %1; accepted: --seconds, --rate, --connections, --tab"_s.arg(
                    name));
        }
    }
    return o;
}

double peakRssMb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0; // kilobytes on Linux
}

double lastMinute(const std::vector<double> &samples, double q)
{
    std::vector<double> last(samples.end() - qsizetype(ReportEvery), samples.end());
    std::sort(last.begin(), last.end());
    return last[size_t(q * double(last.size() - 1))];
}

void reportWindow(const std::vector<double> &samples, const std::vector<double> &fullSamples,
                  quint64 events)
{
    std::fprintf(stderr,
                 "bench_ui: after %zu batches (%llu events): last minute p50 %.2f ms, p99 %.2f "
                 "ms, full repaint p99 %.2f ms; peak rss %.0f MB\n",
                 samples.size(), static_cast<unsigned long long>(events), lastMinute(samples, 0.5),
                 lastMinute(samples, 0.99), lastMinute(fullSamples, 0.99), peakRssMb());
}

// A pool that is never idle: every event is a lease taken or given back on a random
// connection, and one in a thousand closes a connection, which is replaced by a fresh dial.
class SyntheticPool
{
public:
    explicit SyntheticPool(int connections)
    {
        for (int i = 0; i < connections; ++i)
            dial(MonotonicClock::nowNs(), nullptr);
    }

    QList<PoolEvent> events(int count, qint64 fromNs, qint64 toNs)
    {
        QList<PoolEvent> batch;
        batch.reserve(count + 16);
        const qint64 step = count ? (toNs - fromNs) / count : 0;
        for (int i = 0; i < count; ++i) {
            const qint64 t = fromNs + step * i;
            const size_t index = m_random.bounded(quint32(m_open.size()));
            Connection &c = m_open[index];
            PoolEvent e;
            e.timeNs = t;
            e.connectionId = c.id;
            e.generation = 1;
            if (m_random.bounded(1000) == 0) {
                e.kind = EventKind::Evicted;
                e.reason = EvictionReason(1 + m_random.bounded(5));
                e.ageNs = t - c.createdNs;
                m_closed.push_back(info(c, t, true));
                batch << e;
                m_open[index] = m_open.back();
                m_open.pop_back();
                dial(t, &batch);
                continue;
            }
            if (c.inUse) {
                e.kind = EventKind::Released;
                e.holdNs = t - c.since;
            } else {
                e.kind = EventKind::Acquired;
                e.reused = true;
                e.idleNs = t - c.since;
                ++c.uses;
            }
            c.inUse = !c.inUse;
            c.since = t;
            batch << e;
            ++m_leases;
        }
        return batch;
    }

    PoolSnapshot snapshot(qint64 nowNs)
    {
        PoolSnapshot s;
        s.timeNs = nowNs;
        s.connections.reserve(qsizetype(m_open.size() + m_closed.size()));
        // The pool remembers the last 256 closings.
        while (m_closed.size() > 256)
            m_closed.erase(m_closed.begin());
        for (const ConnectionInfo &closed : m_closed)
            s.connections << closed;
        int inUse = 0;
        for (const Connection &c : m_open) {
            s.connections << info(c, nowNs, false);
            inUse += c.inUse;
        }
        s.stats.open = int(m_open.size());
        s.stats.inUse = inUse;
        s.stats.idle = s.stats.open - inUse;
        s.stats.generation = 1;
        s.stats.dials = m_nextId - 1;
        s.stats.acquisitions = m_leases / 2;
        s.stats.reuses = m_leases / 2;
        s.stats.dialTime.record(120'000);
        s.stats.acquireWait.record(2'000);
        return s;
    }

    LoadProgress progress(qint64 nowNs, qint64 intervalNs)
    {
        LoadProgress p;
        p.timeNs = nowNs;
        p.intervalNs = intervalNs;
        p.running = true;
        p.inFlight = int(m_open.size() / 2);
        for (int i = 0; i < 500; ++i) {
            p.intervalLatency.record(2'000'000 + m_random.bounded(3'000'000));
            p.intervalAcquireWait.record(m_random.bounded(50'000));
        }
        p.intervalCompleted = 500;
        return p;
    }

private:
    struct Connection
    {
        quint64 id = 0;
        qint64 createdNs = 0;
        qint64 since = 0;
        quint64 uses = 0;
        bool inUse = false;
    };

    void dial(qint64 t, QList<PoolEvent> *batch)
    {
        Connection c;
        c.id = m_nextId++;
        c.createdNs = t;
        c.since = t;
        m_open.push_back(c);
        if (!batch)
            return;
        PoolEvent started;
        started.kind = EventKind::DialStarted;
        started.timeNs = t;
        started.connectionId = c.id;
        started.generation = 1;
        PoolEvent succeeded = started;
        succeeded.kind = EventKind::DialSucceeded;
        succeeded.dialNs = 120'000;
        succeeded.address = u"127.0.0.1:4000"_s;
        *batch << started << succeeded;
    }

    static ConnectionInfo info(const Connection &c, qint64 nowNs, bool closed)
    {
        ConnectionInfo info;
        info.id = c.id;
        info.state = closed ? ConnectionState::Closed
                            : (c.inUse ? ConnectionState::InUse : ConnectionState::Idle);
        info.generation = 1;
        info.peerAddress = QHostAddress(QHostAddress::LocalHost);
        info.peerPort = 4000;
        info.localPort = quint16(30'000 + c.id % 30'000);
        info.createdNs = c.createdNs;
        info.connectedNs = c.createdNs + 120'000;
        info.lastAcquiredNs = c.since;
        info.lastReleasedNs = c.since;
        info.closedNs = closed ? nowNs : 0;
        info.closeReason = closed ? EvictionReason::PeerClosed : EvictionReason::None;
        info.useCount = c.uses;
        info.bytesIn = qint64(c.uses) * 100;
        info.bytesOut = qint64(c.uses) * 60;
        info.rttUs = 30;
        return info;
    }

    QRandomGenerator m_random{42};
    std::vector<Connection> m_open;
    std::vector<ConnectionInfo> m_closed;
    quint64 m_nextId = 1;
    quint64 m_leases = 0;
};

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setStyle(u"Fusion"_s);
    const std::optional<Options> parsed = parse(QApplication::arguments());
    if (!parsed)
        return 2;
    const Options &options = *parsed;

    // The session is not started: the window is fed by the synthetic pool instead, through the
    // same door as the session's feed.
    Session session;
    constexpr quint32 PoolId = 1;
    MainWindow window(&session, PoolId);
    window.resize(1600, 1000);
    window.show();
    auto *dock = window.findChild<QDockWidget *>(options.tab);
    if (!dock) {
        QStringList names;
        for (const QDockWidget *each : window.findChildren<QDockWidget *>())
            names << each->objectName().chopped(4);
        std::fprintf(stderr, "bench_ui: --tab: \"%s\" is not a view; accepted: %s\n",
                     qPrintable(options.tab.chopped(4)), qPrintable(names.join(u", "_s)));
        return 2;
    }
    dock->raise();
    window.connectionsPanel()->setFocus();

    SyntheticPool pool(options.connections);
    std::vector<double> samples;
    std::vector<double> fullSamples;
    samples.reserve(size_t(options.seconds * 1000 / DeliveryIntervalMs) + 16);
    fullSamples.reserve(samples.capacity());
    quint64 events = 0;
    qint64 lastNs = MonotonicClock::nowNs();
    qint64 lastSnapshotNs = lastNs;
    qint64 lastProgressNs = lastNs;
    const qint64 endNs = lastNs + qint64(options.seconds * 1e9);
    double carry = 0;

    QTimer timer;
    timer.setTimerType(Qt::PreciseTimer);
    timer.setInterval(DeliveryIntervalMs);
    QObject::connect(&timer, &QTimer::timeout, &app, [&] {
        const qint64 now = MonotonicClock::nowNs();
        // As many events as the rate asks for the time that passed, however late this tick.
        carry += options.rate * double(now - lastNs) / 1e9;
        const int count = int(carry);
        carry -= count;
        const QList<PoolEvent> batch = pool.events(count, lastNs, now);
        lastNs = now;
        SessionFeed feed;
        feed.timeNs = now;
        PoolFeed &part = feed.pools.emplace_back();
        part.pool = PoolId;
        part.events = batch;
        if (now - lastSnapshotNs >= SnapshotIntervalNs) {
            part.snapshot = pool.snapshot(now);
            lastSnapshotNs = now;
        }
        if (now - lastProgressNs >= ProgressIntervalNs) {
            part.workload << pool.progress(now, now - lastProgressNs);
            lastProgressNs = now;
        }

        // What one delivery costs the window: the batch into every view, then the event loop's
        // posted work, which is where Qt lays out and repaints what changed.
        QElapsedTimer clock;
        clock.start();
        window.showFeed(feed);
        QCoreApplication::sendPostedEvents();
        samples.push_back(double(clock.nsecsElapsed()) / 1e6);
        // And the worst case: on top of that, the whole window repainted, changed or not.
        window.repaint();
        fullSamples.push_back(double(clock.nsecsElapsed()) / 1e6);
        events += quint64(batch.size());
        if (samples.size() % ReportEvery == 0)
            reportWindow(samples, fullSamples, events);
        if (now >= endNs)
            QCoreApplication::quit();
    });
    timer.start();
    QApplication::exec();

    const auto percentile = [](std::vector<double> &values, double q) {
        std::sort(values.begin(), values.end());
        return values.empty() ? 0.0 : values[size_t(q * double(values.size() - 1))];
    };
    std::printf("ui_batches: %zu\n", samples.size());
    std::printf("ui_events_per_s: %.0f\n", double(events) / options.seconds);
    std::printf("ui_refresh_ms_p50: %.2f\n", percentile(samples, 0.50));
    std::printf("ui_refresh_ms_p99: %.2f\n", percentile(samples, 0.99));
    std::printf("ui_refresh_ms_max: %.2f\n", percentile(samples, 1.0));
    std::printf("ui_full_repaint_ms_p99: %.2f\n", percentile(fullSamples, 0.99));
    std::printf("ui_peak_rss_mb: %.0f\n", peakRssMb());
    return 0;
}

// The pool's own cost: an acquire + release of an idle connection (tryAcquire, the path every
// pooled request takes when a connection is idle), with and without an event observer; the
// same through acquire(), whose callback comes from the event loop; and the memory one idle
// connection takes in this process. The server runs in a forked child so its sockets do not
// count.
#include "connectionpool.h"
#include "holdingserver.h"
#include "monotonicclock.h"
#include "poolfeedbuffer.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <malloc.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

constexpr int PairsPerSample = 1'000;
constexpr int Samples = 300;
constexpr int IdleConnections = 1'000;

void waitUntil(const std::function<bool()> &condition)
{
    QElapsedTimer timer;
    timer.start();
    while (!condition() && timer.elapsed() < 30'000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
}

size_t heapInUse()
{
    return mallinfo2().uordblks;
}

// Median over samples of the mean time per pair within a sample.
template<typename Pair>
double medianPairNs(PoolFeedBuffer *buffer, PoolFeedBuffer::Mailbox *mailbox, Pair pair)
{
    std::vector<double> perPair;
    perPair.reserve(Samples);
    for (int s = 0; s < Samples; ++s) {
        const qint64 start = MonotonicClock::nowNs();
        for (int i = 0; i < PairsPerSample; ++i)
            pair();
        perPair.push_back(double(MonotonicClock::nowNs() - start) / PairsPerSample);
        if (buffer) {
            // What the buffer's timer and the session do ~30 times a second, outside the
            // timed loop.
            buffer->flush(false);
            mailbox->take();
        }
    }
    std::sort(perPair.begin(), perPair.end());
    return perPair[perPair.size() / 2];
}

} // namespace

int main(int argc, char *argv[])
{
    quint16 port = 0;
    const pid_t server = startHoldingServer(&port);
    if (server < 0) {
        std::fprintf(stderr, "bench_pool: could not start the holding server\n");
        return 1;
    }
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);

    QCoreApplication app(argc, argv);
    PoolSettings settings;
    settings.host = u"127.0.0.1"_s;
    settings.port = port;
    settings.maxConnections = IdleConnections;
    settings.maxConcurrentDials = 64;
    settings.dnsRefreshMs = 0;

    // Latency: one idle connection, acquired and released over and over.
    double withObserver = 0;
    double withoutObserver = 0;
    double queued = 0;
    {
        ConnectionPool pool(settings);
        bool ready = false;
        pool.acquire(nullptr, [&](AcquireResult r) { ready = r.ok(); });
        waitUntil([&] { return ready; });
        const auto tryPair = [&pool] { pool.tryAcquire().release(); };
        withoutObserver = medianPairNs(nullptr, nullptr, tryPair);
        PoolFeedBuffer::Mailbox mailbox;
        auto *buffer = new PoolFeedBuffer(&pool, {33, 0, 10'000'000}, mailbox, [] {});
        withObserver = medianPairNs(buffer, &mailbox, tryPair);
        // The callback runs from the event loop: the pair includes one pass of it.
        queued = medianPairNs(buffer, &mailbox, [&pool] {
            bool done = false;
            pool.acquire(nullptr, [&done](AcquireResult r) {
                r.lease.release();
                done = true;
            });
            while (!done)
                QCoreApplication::processEvents();
        });
        delete buffer;
    }

    // Memory: what 1,000 idle connections add to this process's heap.
    double bytesPerIdle = 0;
    {
        const size_t before = heapInUse();
        auto pool = std::make_unique<ConnectionPool>(settings);
        std::vector<PoolLease> leases;
        leases.reserve(IdleConnections);
        for (int i = 0; i < IdleConnections; ++i)
            pool->acquire(nullptr, [&](AcquireResult r) { leases.push_back(std::move(r.lease)); });
        waitUntil([&] { return leases.size() == size_t(IdleConnections); });
        leases.clear();
        waitUntil([&] { return pool->stats().idle == IdleConnections; });
        QCoreApplication::processEvents();
        const size_t after = heapInUse();
        bytesPerIdle = double(after - before) / IdleConnections;
        if (pool->stats().idle != IdleConnections)
            std::fprintf(stderr, "bench_pool: only %d idle connections\n", pool->stats().idle);
    }

    ::kill(server, SIGKILL);
    ::waitpid(server, nullptr, 0);

    std::printf("acquire_release_ns: %.0f\n", withObserver);
    std::printf("acquire_release_no_observer_ns: %.0f\n", withoutObserver);
    std::printf("acquire_release_queued_ns: %.0f\n", queued);
    std::printf("observer_overhead_ratio: %.2f\n", withObserver / withoutObserver);
    std::printf("bytes_per_idle_connection: %.0f\n", bytesPerIdle);
    return 0;
}

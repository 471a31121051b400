// What observing costs: 1,000 loopback connections held open, 2,000 sockets in the kernel's
// table (this process's ends and a forked child's), read ten times a second by an Observer
// following this process (its /proc/PID/fd, the table and the tracker) and by one following
// the destination (no /proc), for 3 s each. The baseline is what netstat reads for the same
// table, /proc/net/tcp and tcp6, at the same rate. CPU is this thread's, per reading.
#include "observer.h"
#include "openfilelimit.h"
#include "sockettable.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QTimer>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <netinet/in.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

constexpr int Connections = 1'000;
constexpr int IntervalMs = 100;
constexpr int Readings = 30;

// A child process that accepts connections and holds them, reading nothing.
pid_t startHoldingServer(quint16 *port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    if (::bind(fd, reinterpret_cast<sockaddr *>(&address), length) != 0 || ::listen(fd, 4096) != 0
        || ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) != 0)
        return -1;
    *port = ntohs(address.sin_port);
    const pid_t pid = ::fork();
    if (pid == 0) {
        std::vector<int> held;
        for (;;) {
            const int client = ::accept(fd, nullptr, nullptr);
            if (client >= 0)
                held.push_back(client);
        }
    }
    ::close(fd);
    return pid;
}

std::vector<int> connectAll(quint16 port)
{
    std::vector<int> fds;
    for (int i = 0; i < Connections; ++i) {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0)
            break;
        fds.push_back(fd);
    }
    return fds;
}

// This thread's CPU time, and of it the kernel's.
struct Cpu
{
    double totalUs = 0;
    double systemUs = 0;
};

Cpu threadCpu()
{
    rusage usage;
    ::getrusage(RUSAGE_THREAD, &usage);
    const auto us = [](const timeval &t) { return double(t.tv_sec) * 1e6 + double(t.tv_usec); };
    return {us(usage.ru_utime) + us(usage.ru_stime), us(usage.ru_stime)};
}

// Runs start, then the event loop until done() has been called Readings times; this thread's
// CPU per reading, in microseconds.
Cpu cpuPerReading(const std::function<void(const std::function<void()> &done)> &start)
{
    QEventLoop loop;
    int readings = 0;
    const Cpu before = threadCpu();
    start([&] {
        if (++readings == Readings)
            loop.quit();
    });
    loop.exec();
    const Cpu after = threadCpu();
    return {(after.totalUs - before.totalUs) / Readings,
            (after.systemUs - before.systemUs) / Readings};
}

Cpu observe(const ObserveSelection &selection, int *followed)
{
    Observer observer(selection);
    observer.setIntervalMs(IntervalMs);
    return cpuPerReading([&](const std::function<void()> &done) {
        QObject::connect(&observer, &Observer::observed, [followed, done](const ObservedFeed &f) {
            *followed = f.findings.open;
            done();
        });
        QString error;
        if (!observer.start(&error)) {
            std::fprintf(stderr, "bench_observe: %s\n", qPrintable(error));
            std::exit(1);
        }
    });
}

Cpu readProcNetTcp(qsizetype *bytes)
{
    QTimer timer;
    timer.setInterval(IntervalMs);
    timer.setTimerType(Qt::PreciseTimer);
    return cpuPerReading([&](const std::function<void()> &done) {
        QObject::connect(&timer, &QTimer::timeout, [bytes, done] {
            *bytes = 0;
            for (const char *path : {"/proc/net/tcp", "/proc/net/tcp6"}) {
                QFile file(QString::fromLatin1(path));
                if (file.open(QIODevice::ReadOnly))
                    *bytes += file.readAll().size();
            }
            done();
        });
        timer.start();
    });
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    raiseOpenFileLimit();
    quint16 port = 0;
    const pid_t server = startHoldingServer(&port);
    if (server < 0) {
        std::fprintf(stderr, "bench_observe: could not start the holding server\n");
        return 1;
    }
    const std::vector<int> fds = connectAll(port);
    if (int(fds.size()) < Connections) {
        std::fprintf(stderr, "bench_observe: only %d connections (open-file limit?)\n",
                     int(fds.size()));
        ::kill(server, SIGKILL);
        return 1;
    }

    qsizetype procBytes = 0;
    const Cpu baseline = readProcNetTcp(&procBytes);
    ObserveSelection byPid;
    byPid.pid = QCoreApplication::applicationPid();
    int followedByPid = 0;
    const Cpu pid = observe(byPid, &followedByPid);
    QString error;
    const ObserveSelection byTarget
        = *ObserveSelection::parseDestination(u"127.0.0.1:%1"_s.arg(port), &error);
    int followedByTarget = 0;
    const Cpu target = observe(byTarget, &followedByTarget);
    QList<ObservedSocket> rows;
    SocketTable().read(&rows);

    for (const int fd : fds)
        ::close(fd);
    ::kill(server, SIGKILL);
    ::waitpid(server, nullptr, 0);

    std::printf("held_sockets: %d (table: %lld TCP sockets in all)\n", 2 * Connections,
                static_cast<long long>(rows.size()));
    std::printf("followed_by_pid: %d\n", followedByPid);
    std::printf("followed_by_target: %d\n", followedByTarget);
    std::printf("observe_pid_cpu_us_per_poll: %.0f (kernel %.0f)\n", pid.totalUs, pid.systemUs);
    std::printf("observe_target_cpu_us_per_poll: %.0f (kernel %.0f)\n", target.totalUs,
                target.systemUs);
    std::printf("proc_net_tcp_cpu_us_per_poll: %.0f (kernel %.0f; %lld bytes, no TCP_INFO)\n",
                baseline.totalUs, baseline.systemUs, static_cast<long long>(procBytes));
    std::printf("observe_pid_core_percent_at_10hz: %.1f\n", pid.totalUs * 10 / 1e4);
    std::printf("observe_target_core_percent_at_10hz: %.1f\n", target.totalUs * 10 / 1e4);
    std::printf("observe_pid_vs_proc_net_tcp_ratio: %.2f\n", pid.totalUs / baseline.totalUs);
    std::printf("observe_target_vs_proc_net_tcp_ratio: %.2f\n", target.totalUs / baseline.totalUs);
    return 0;
}

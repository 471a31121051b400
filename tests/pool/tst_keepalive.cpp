// TCP keepalive against a flow that a firewall silently forgot, made real: the test moves into
// a network namespace of its own and takes its loopback down, so every packet, the keepalive
// probes among them, is dropped without a FIN or an RST. Skipped, saying why, where a
// namespace cannot be made (it needs CAP_SYS_ADMIN).
#include "connectionpool.h"
#include "poolobserver.h"
#include "testserver.h"

#include <QTest>

#include <cerrno>
#include <cstring>
#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

bool setLoopbackUp(bool up)
{
    const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    ifreq request{};
    std::strncpy(request.ifr_name, "lo", IFNAMSIZ - 1);
    bool done = ::ioctl(fd, SIOCGIFFLAGS, &request) == 0;
    if (done) {
        request.ifr_flags = short(up ? request.ifr_flags | IFF_UP : request.ifr_flags & ~IFF_UP);
        done = ::ioctl(fd, SIOCSIFFLAGS, &request) == 0;
    }
    ::close(fd);
    return done;
}

class Evictions : public PoolObserver
{
public:
    void eventRecorded(const PoolEvent &event) override
    {
        if (event.kind == EventKind::Evicted)
            events.push_back(event);
    }
    std::vector<PoolEvent> events;
};

} // namespace

class tst_KeepAlive : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void unansweredProbesAreAKeepaliveTimeoutNotAPeerClose();
};

void tst_KeepAlive::initTestCase()
{
    if (::unshare(CLONE_NEWNET) != 0)
        QSKIP(qPrintable(
            u"no network namespace of its own could be made (unshare: %1); "
            "run as root for this test"_s.arg(QString::fromLocal8Bit(std::strerror(errno)))));
    QVERIFY2(setLoopbackUp(true), std::strerror(errno));
}

void tst_KeepAlive::unansweredProbesAreAKeepaliveTimeoutNotAPeerClose()
{
    TestServer server;
    QVERIFY(server.listen());
    PoolSettings settings;
    settings.host = u"127.0.0.1"_s;
    settings.port = server.port();
    settings.maxConnections = 1;
    settings.minIdle = 1;
    settings.keepAlive = true;
    settings.keepAliveIdleS = 1;
    settings.keepAliveIntervalS = 1;
    settings.keepAliveCount = 1;
    ConnectionPool pool(settings);
    Evictions evictions;
    pool.addObserver(&evictions);
    QTRY_COMPARE_WITH_TIMEOUT(pool.stats().idle, 1, 30'000);

    QVERIFY2(setLoopbackUp(false), std::strerror(errno)); // the flow is forgotten
    QTRY_VERIFY_WITH_TIMEOUT(!evictions.events.empty(), 60'000);
    pool.removeObserver(&evictions);
    const PoolEvent &evicted = evictions.events.front();
    QCOMPARE(evicted.reason, EvictionReason::KeepAliveTimeout);
    QVERIFY2(evicted.message.contains(u"keepalive"_s) && evicted.message.contains(u"ETIMEDOUT"_s),
             qPrintable(evicted.message));
    QVERIFY(evicted.idleNs >= 1'000'000'000); // idle at least until the first probe
}

QTEST_GUILESS_MAIN(tst_KeepAlive)
#include "tst_keepalive.moc"

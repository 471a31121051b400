// Re-resolution every dns_refresh_ms really asks the resolver again. The test moves into a
// mount namespace of its own and puts its own hosts file and nsswitch.conf ("hosts: files", so
// nothing here can reach a DNS server) over the system's; then it moves the name from
// 127.0.0.1 to 127.0.0.2. Qt's QHostInfo cache answered with the old address for 60 s.
// Skipped, saying why, where a mount namespace cannot be made (it needs CAP_SYS_ADMIN).
#include "connectionpool.h"
#include "poolobserver.h"
#include "testserver.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <cstring>
#include <sched.h>
#include <sys/mount.h>

using namespace Qt::StringLiterals;

namespace {

const QString Name = u"backend.poolscope-dns-refresh"_s;

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path); // written in place: the bind mount shows this inode
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(content) >= 0
        && file.flush();
}

class Recorder : public PoolObserver
{
public:
    void eventRecorded(const PoolEvent &event) override { events.push_back(event); }
    const PoolEvent *first(EventKind kind, EvictionReason reason = EvictionReason::None) const
    {
        for (const PoolEvent &e : events) {
            if (e.kind == kind && (reason == EvictionReason::None || e.reason == reason))
                return &e;
        }
        return nullptr;
    }
    std::vector<PoolEvent> events;
};

} // namespace

class tst_DnsRefresh : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void aMovedNameIsSeenAtTheNextRefresh();

private:
    QTemporaryDir m_dir;
    QString m_hosts;
};

void tst_DnsRefresh::initTestCase()
{
    QVERIFY(m_dir.isValid());
    if (::unshare(CLONE_NEWNS) != 0)
        QSKIP(qPrintable(u"no mount namespace of its own could be made (unshare: %1); run as "
                         "root for this test"_s.arg(QString::fromLocal8Bit(std::strerror(errno)))));
    QVERIFY2(::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0,
             std::strerror(errno));
    m_hosts = m_dir.filePath(u"hosts"_s);
    const QString nsswitch = m_dir.filePath(u"nsswitch.conf"_s);
    QVERIFY(writeFile(m_hosts, "127.0.0.1 " + Name.toLatin1() + "\n"));
    QVERIFY(writeFile(nsswitch, "hosts: files\n"));
    QVERIFY2(
        ::mount(QFile::encodeName(m_hosts).constData(), "/etc/hosts", nullptr, MS_BIND, nullptr)
            == 0,
        std::strerror(errno));
    QVERIFY2(::mount(QFile::encodeName(nsswitch).constData(), "/etc/nsswitch.conf", nullptr,
                     MS_BIND, nullptr)
                 == 0,
             std::strerror(errno));
}

void tst_DnsRefresh::aMovedNameIsSeenAtTheNextRefresh()
{
    TestServer first;
    QVERIFY(first.listen(QHostAddress(u"127.0.0.1"_s)));
    TestServer second;
    QVERIFY(second.listen(QHostAddress(u"127.0.0.2"_s), first.port()));
    PoolSettings settings;
    settings.host = Name;
    settings.port = first.port();
    settings.maxConnections = 2;
    settings.minIdle = 1;
    settings.dnsRefreshMs = 200;
    ConnectionPool pool(settings);
    Recorder recorder;
    pool.addObserver(&recorder);
    QTRY_COMPARE_WITH_TIMEOUT(first.accepted(), 1, 20'000);
    const PoolEvent *resolved = recorder.first(EventKind::Resolved);
    QVERIFY(resolved);
    QVERIFY2(resolved->message.contains(u"127.0.0.1 (system resolver)"_s),
             qPrintable(resolved->message));
    // Several refreshes with the same answer move nothing.
    QTRY_VERIFY_WITH_TIMEOUT(
        std::count_if(recorder.events.begin(), recorder.events.end(),
                      [](const PoolEvent &e) { return e.kind == EventKind::Resolved; })
            >= 3,
        20'000);
    QVERIFY(!recorder.first(EventKind::Evicted));

    QVERIFY(writeFile(m_hosts, "127.0.0.2 " + Name.toLatin1() + "\n"));
    // Well within Qt's 60 s cache: the next refresh, 200 ms on, sees the move.
    QTRY_VERIFY_WITH_TIMEOUT(recorder.first(EventKind::Evicted, EvictionReason::AddressChanged),
                             20'000);
    QTRY_COMPARE_WITH_TIMEOUT(second.accepted(), 1, 20'000);
    pool.removeObserver(&recorder);
    QVERIFY2(recorder.first(EventKind::Evicted, EvictionReason::AddressChanged)
                 ->message.contains(u"no longer resolves to 127.0.0.1"_s),
             qPrintable(recorder.first(EventKind::Evicted)->message));
}

QTEST_GUILESS_MAIN(tst_DnsRefresh)
#include "tst_dnsrefresh.moc"

// The socket-table reader and the tracker: netlink bytes recorded from a kernel and made up,
// the live table with loopback connections of the test's own, and the tracker's inferences on
// rows made up poll by poll.
#include "connectiontracker.h"
#include "endpoint.h"
#include "observer.h"
#include "observesummary.h"
#include "processsockets.h"
#include "sockdiagbytes.h"
#include "sockdiagparser.h"
#include "sockettable.h"

#include <QFile>
#include <QJsonArray>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <cerrno>
#include <cstring>
#include <limits>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

using namespace Qt::StringLiterals;

namespace {

quint64 inodeOf(qintptr descriptor)
{
    struct stat status;
    return ::fstat(int(descriptor), &status) == 0 ? status.st_ino : 0;
}

const ObservedSocket *find(const QList<ObservedSocket> &rows, quint16 localPort, quint16 remotePort)
{
    for (const ObservedSocket &row : rows) {
        if (row.localPort == localPort && row.remotePort == remotePort)
            return &row;
    }
    return nullptr;
}

// Rows made up for the tracker.
ObservedSocket row(quint64 cookie, TcpState state, quint16 localPort, quint16 remotePort,
                   qint64 bytes = 0)
{
    ObservedSocket r;
    r.cookie = cookie;
    r.inode = state == TcpState::TimeWait ? 0 : 1000 + cookie;
    r.state = state;
    r.localAddress = QHostAddress(u"127.0.0.1"_s);
    r.localPort = localPort;
    r.remoteAddress = QHostAddress(u"127.0.0.1"_s);
    r.remotePort = remotePort;
    if (state != TcpState::TimeWait) {
        r.hasInfo = true;
        r.bytesAcked = bytes;
        r.bytesReceived = bytes;
        r.dataSegmentsOut = bytes / 10;
        r.dataSegmentsIn = bytes / 10;
        r.lastDataSentMs = 5000;
        r.lastDataReceivedMs = 4000;
        r.totalRetransmits = 0;
    }
    return r;
}

ObserveSelection toPort(quint16 port)
{
    QString error;
    return *ObserveSelection::parseDestination(u"127.0.0.1:%1"_s.arg(port), &error);
}

QList<ObservedEvent::Kind> kinds(const ObservedFeed &feed)
{
    QList<ObservedEvent::Kind> result;
    for (const ObservedEvent &event : feed.events)
        result << event.kind;
    return result;
}

using Kind = ObservedEvent::Kind;
constexpr qint64 Poll = 100'000'000;

} // namespace

class tst_Observe : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parsesMadeUpMessages();
    void readsAShorterTcpInfoAsMissingFields();
    void refusesMalformedMessages();
    void reportsTheKernelsError();
    void parsesADumpRecordedFromAKernel();
    void liveTableListsOwnLoopbackConnections();
    void liveTableKeepsOnlyAPortWhenAsked();
    void processSocketsNameTheInodesAndTheMissingProcess();
    void destinationAcceptsNumbersAndLocalhostOnly();
    void trackerSeesDialsAndLocalCloses();
    void trackerSeesThePeerCloseFirst();
    void trackerTellsResetsFromUnknownCloses();
    void trackerMarksInUseAndIdle();
    void trackerSelectsByProcessAndSkipsAcceptedSockets();
    void trackerCountsChurnAndPorts();
    void observerFollowsTheProcesssNewConnections();
    void summaryFoldsFeedsIntoTheReport();
};

void tst_Observe::parsesMadeUpMessages()
{
    const QByteArray bytes = diagMessage(AF_INET, 1, 50000, 6379, tcpInfo())
        + diagMessage(AF_INET6, 8, 50001, 6379, {}) + done();
    SockDiagParser parser;
    QList<ObservedSocket> rows;
    QVERIFY2(parser.parse(bytes, &rows), qPrintable(parser.error()));
    QVERIFY(parser.done());
    QCOMPARE(rows.size(), 2);
    const ObservedSocket &v4 = rows[0];
    QCOMPARE(v4.cookie, 0x189abcdefULL);
    QCOMPARE(v4.inode, 4242u);
    QCOMPARE(v4.uid, 1000u);
    QCOMPARE(v4.state, TcpState::Established);
    QCOMPARE(v4.localAddress, QHostAddress(u"127.0.0.1"_s));
    QCOMPARE(v4.localPort, 50000);
    QCOMPARE(v4.remoteAddress, QHostAddress(u"127.0.0.2"_s));
    QCOMPARE(v4.remotePort, 6379);
    QCOMPARE(v4.receiveQueue, 11u);
    QCOMPARE(v4.sendQueue, 22u);
    QVERIFY(v4.hasInfo);
    QCOMPARE(v4.rttUs, 120);
    QCOMPARE(v4.rttVarUs, 30);
    QCOMPARE(v4.totalRetransmits, 3);
    QCOMPARE(v4.lastDataSentMs, 500);
    QCOMPARE(v4.lastDataReceivedMs, 400);
    QCOMPARE(v4.bytesAcked, 1000);
    QCOMPARE(v4.bytesReceived, 2000);
    QCOMPARE(v4.dataSegmentsOut, 7);
    QCOMPARE(v4.dataSegmentsIn, 9);
    QVERIFY(v4.zeroWindow());
    const ObservedSocket &v6 = rows[1];
    QCOMPARE(v6.state, TcpState::CloseWait);
    QCOMPARE(v6.localAddress, QHostAddress(u"::1"_s));
    QCOMPARE(v6.remoteAddress, QHostAddress(u"127.0.0.2"_s)); // the mapped IPv4 peer
    QVERIFY(!v6.hasInfo);
    QCOMPARE(v6.rttUs, -1);
}

void tst_Observe::readsAShorterTcpInfoAsMissingFields()
{
    // A kernel from before tcpi_bytes_acked (4.1) sends tcp_info up to tcpi_total_retrans.
    const size_t length = offsetof(tcp_info, tcpi_pacing_rate);
    SockDiagParser parser;
    QList<ObservedSocket> rows;
    const QByteArray bytes = diagMessage(AF_INET, 1, 1, 2, tcpInfo(length)) + done();
    QVERIFY(parser.parse(bytes, &rows));
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows[0].rttUs, 120);
    QCOMPARE(rows[0].totalRetransmits, 3);
    QCOMPARE(rows[0].bytesAcked, -1);
    QCOMPARE(rows[0].dataSegmentsIn, -1);
    QCOMPARE(rows[0].peerWindow, -1);
}

void tst_Observe::refusesMalformedMessages()
{
    const QByteArray good = diagMessage(AF_INET, 1, 1, 2, tcpInfo());
    QByteArray overrun = good;
    overrun[0] = char(0xff); // nlmsg_len beyond the buffer
    QByteArray badAttribute = good;
    // The attribute's length, right after the inet_diag message, beyond the message.
    const qsizetype attributeAt = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(inet_diag_msg));
    badAttribute[attributeAt] = char(0xff);
    badAttribute[attributeAt + 1] = char(0x7f);
    const QByteArray shortDiag = message(SOCK_DIAG_BY_FAMILY, QByteArray(20, '\0'));
    for (const QByteArray &bytes :
         {good.left(10), overrun, badAttribute, shortDiag, good.left(good.size() - 8)}) {
        SockDiagParser parser;
        QList<ObservedSocket> rows;
        QVERIFY(!parser.parse(bytes, &rows));
        QVERIFY(!parser.error().isEmpty());
        QCOMPARE(parser.errorNumber(), 0);
        QVERIFY(!parser.done());
    }
}

void tst_Observe::reportsTheKernelsError()
{
    nlmsgerr error;
    std::memset(&error, 0, sizeof error);
    error.error = -EPERM;
    SockDiagParser parser;
    QList<ObservedSocket> rows;
    QVERIFY(!parser.parse(
        message(NLMSG_ERROR, QByteArray(reinterpret_cast<const char *>(&error), sizeof error)),
        &rows));
    QCOMPARE(parser.errorNumber(), EPERM);

    // A damaged answer's INT_MIN, which no negation fits (the fuzzer's find): refused all the
    // same, with the number as it came.
    error.error = std::numeric_limits<int>::min();
    SockDiagParser damaged;
    QVERIFY(!damaged.parse(
        message(NLMSG_ERROR, QByteArray(reinterpret_cast<const char *>(&error), sizeof error)),
        &rows));
    QCOMPARE(damaged.errorNumber(), std::numeric_limits<int>::max());
    QVERIFY2(damaged.error().contains(u"2147483648"_s), qPrintable(damaged.error()));
}

void tst_Observe::parsesADumpRecordedFromAKernel()
{
    // Recorded in a network namespace of its own: a listener on 127.0.0.1:40001, a client from
    // port 40002 that sent 6 bytes and read 7, one from 40003 the server closed (CLOSE_WAIT),
    // one from 40004 that closed first (TIME_WAIT).
    QFile file(QStringLiteral(POOLSCOPE_SOURCE_DIR "/tests/observe/data/sockdiag-ipv4.bin"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    SockDiagParser parser;
    QList<ObservedSocket> rows;
    QVERIFY2(parser.parse(file.readAll(), &rows), qPrintable(parser.error()));
    QVERIFY(parser.done());
    const ObservedSocket *listener = find(rows, 40001, 0);
    QVERIFY(listener);
    QCOMPARE(listener->state, TcpState::Listen);
    const ObservedSocket *client = find(rows, 40002, 40001);
    QVERIFY(client);
    QCOMPARE(client->state, TcpState::Established);
    QCOMPARE(client->inode, 6215006u);
    QCOMPARE(client->bytesAcked, 7); // the SYN counts as one byte acknowledged
    QCOMPARE(client->bytesReceived, 7);
    QCOMPARE(client->dataSegmentsOut, 1);
    QCOMPARE(client->dataSegmentsIn, 1);
    QVERIFY(client->cookie != 0);
    QVERIFY(client->rttUs > 0);
    const ObservedSocket *accepted = find(rows, 40001, 40002);
    QVERIFY(accepted);
    QVERIFY(accepted->cookie != client->cookie);
    QCOMPARE(find(rows, 40003, 40001)->state, TcpState::CloseWait);
    const ObservedSocket *timeWait = find(rows, 40004, 40001);
    QCOMPARE(timeWait->state, TcpState::TimeWait);
    QCOMPARE(timeWait->inode, 0u);
    QVERIFY(!timeWait->hasInfo);
}

void tst_Observe::liveTableListsOwnLoopbackConnections()
{
    for (const QHostAddress &address :
         {QHostAddress(QHostAddress::LocalHost), QHostAddress(QHostAddress::LocalHostIPv6)}) {
        QTcpServer server;
        QVERIFY(server.listen(address));
        QTcpSocket client;
        client.connectToHost(address, server.serverPort());
        QVERIFY(client.waitForConnected(5000));
        QTRY_VERIFY_WITH_TIMEOUT(server.hasPendingConnections(), 5000);
        std::unique_ptr<QTcpSocket> accepted(server.nextPendingConnection());
        client.write("hello");
        QTRY_COMPARE_WITH_TIMEOUT(accepted->bytesAvailable(), 5, 5000);

        SocketTable table;
        QList<ObservedSocket> rows;
        QVERIFY2(table.read(&rows), qPrintable(table.error()));
        const ObservedSocket *mine = find(rows, client.localPort(), server.serverPort());
        QVERIFY(mine);
        QCOMPARE(mine->state, TcpState::Established);
        QCOMPARE(mine->remoteAddress, address);
        QCOMPARE(mine->inode, inodeOf(client.socketDescriptor()));
        QVERIFY(mine->hasInfo);
        QTRY_COMPARE_WITH_TIMEOUT(
            (table.read(&rows), find(rows, client.localPort(), server.serverPort())->bytesAcked), 6,
            5000); // the SYN and the five bytes
        QVERIFY(find(rows, server.serverPort(), client.localPort()));

        // The raw answer parses to the same rows: what a recording holds.
        QByteArray bytes;
        QVERIFY(table.dump(address.protocol() == QAbstractSocket::IPv4Protocol ? AF_INET : AF_INET6,
                           &bytes));
        SockDiagParser parser;
        QList<ObservedSocket> again;
        QVERIFY(parser.parse(bytes, &again));
        QVERIFY(find(again, client.localPort(), server.serverPort()));
    }
}

void tst_Observe::liveTableKeepsOnlyAPortWhenAsked()
{
    QTcpServer kept;
    QTcpServer other;
    QVERIFY(kept.listen(QHostAddress::LocalHost) && other.listen(QHostAddress::LocalHost));
    QTcpSocket toKept;
    QTcpSocket toOther;
    toKept.connectToHost(QHostAddress::LocalHost, kept.serverPort());
    toOther.connectToHost(QHostAddress::LocalHost, other.serverPort());
    QVERIFY(toKept.waitForConnected(5000) && toOther.waitForConnected(5000));
    SocketTable table;
    table.setPort(kept.serverPort());
    QList<ObservedSocket> rows;
    QVERIFY2(table.read(&rows), qPrintable(table.error()));
    // The client's end, the accepted end and the listener: the port at either end.
    QVERIFY(find(rows, toKept.localPort(), kept.serverPort()));
    QVERIFY(find(rows, kept.serverPort(), toKept.localPort()));
    QVERIFY(find(rows, kept.serverPort(), 0));
    for (const ObservedSocket &row : std::as_const(rows))
        QVERIFY(row.localPort == kept.serverPort() || row.remotePort == kept.serverPort());
    table.setPort(0);
    QVERIFY(table.read(&rows));
    QVERIFY(find(rows, toOther.localPort(), other.serverPort()));
}

void tst_Observe::processSocketsNameTheInodesAndTheMissingProcess()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    ProcessSockets own(QCoreApplication::applicationPid());
    QCOMPARE(own.read(), ProcessSockets::Status::Ok);
    QVERIFY(own.inodes().contains(inodeOf(server.socketDescriptor())));
    QVERIFY(!own.otherNetworkNamespace());

    // Past the largest process id Linux hands out (4194304).
    ProcessSockets missing(4'194'305);
    QCOMPARE(missing.read(), ProcessSockets::Status::NoSuchProcess);
    QVERIFY2(missing.error().contains(u"no process 4194305"_s), qPrintable(missing.error()));
    QVERIFY(missing.error().contains(u"--target"_s));
}

void tst_Observe::destinationAcceptsNumbersAndLocalhostOnly()
{
    QString error;
    const auto local = ObserveSelection::parseDestination(u"localhost:6379"_s, &error);
    QVERIFY(local);
    QCOMPARE(local->addresses.size(), 2);
    QCOMPARE(local->port, 6379);
    const auto v6 = ObserveSelection::parseDestination(u"[::1]:80"_s, &error);
    QVERIFY(v6);
    QCOMPARE(v6->addresses, QList<QHostAddress>{QHostAddress(u"::1"_s)});
    const auto mapped = ObserveSelection::parseDestination(u"[::ffff:127.0.0.1]:80"_s, &error);
    QCOMPARE(mapped->addresses, QList<QHostAddress>{QHostAddress(u"127.0.0.1"_s)});
    QVERIFY(!ObserveSelection::parseDestination(u"db.internal:5432"_s, &error));
    QVERIFY2(error.contains(u"is a name"_s) && error.contains(u"accepted:"_s), qPrintable(error));
    QVERIFY(!ObserveSelection::parseDestination(u"127.0.0.1"_s, &error));
    QVERIFY(!ObserveSelection::parseDestination(u"127.0.0.1:0"_s, &error));
}

void tst_Observe::trackerSeesDialsAndLocalCloses()
{
    ConnectionTracker tracker(toPort(6379), 28232);
    // Already open at the first reading, and an old TIME_WAIT that is no close of ours.
    ObservedFeed feed = tracker.update(
        {row(1, TcpState::Established, 50001, 6379), row(9, TcpState::TimeWait, 50009, 6379)},
        nullptr, Poll);
    QCOMPARE(kinds(feed), QList<Kind>{Kind::Opened});
    QVERIFY(feed.events[0].alreadyOpen);
    QCOMPARE(feed.findings.open, 1);
    QCOMPARE(feed.findings.timeWait, 1);

    feed = tracker.update({row(1, TcpState::Established, 50001, 6379),
                           row(2, TcpState::Established, 50002, 6379, 100),
                           row(9, TcpState::TimeWait, 50009, 6379)},
                          nullptr, 2 * Poll);
    QCOMPARE(kinds(feed), QList<Kind>{Kind::Opened});
    QVERIFY(!feed.events[0].alreadyOpen);
    QCOMPARE(feed.events[0].peer, u"127.0.0.1:6379"_s);
    QCOMPARE(feed.findings.open, 2);

    // 2 closes first: TIME_WAIT on our side. 3 opened and closed between two readings.
    feed = tracker.update({row(1, TcpState::Established, 50001, 6379),
                           row(2, TcpState::TimeWait, 50002, 6379),
                           row(3, TcpState::TimeWait, 50003, 6379)},
                          nullptr, 4 * Poll);
    QCOMPARE(kinds(feed), (QList<Kind>{Kind::Closed, Kind::Opened, Kind::Closed}));
    QCOMPARE(feed.events[0].side, CloseSide::Local);
    QCOMPARE(feed.events[0].ageNs, 2 * Poll);
    QCOMPARE(feed.events[0].requests, 10);
    QCOMPARE(feed.events[2].side, CloseSide::Local);
    QCOMPARE(feed.events[2].requests, -1);
    QCOMPARE(feed.findings.open, 1);
    QCOMPARE(feed.findings.timeWait, 2); // 9 went; 2 and 3 are the destination's now
    QCOMPARE(feed.findings.portsInUse, 3);

    // Leaving TIME_WAIT is no second close.
    feed = tracker.update({row(1, TcpState::Established, 50001, 6379)}, nullptr, 5 * Poll);
    QVERIFY(feed.events.isEmpty());
}

void tst_Observe::trackerSeesThePeerCloseFirst()
{
    ConnectionTracker tracker(toPort(80), 0);
    tracker.update({}, nullptr, Poll);
    tracker.update(
        {row(1, TcpState::Established, 50001, 80), row(2, TcpState::Established, 50002, 80)},
        nullptr, 2 * Poll);
    ObservedFeed feed = tracker.update(
        {row(1, TcpState::CloseWait, 50001, 80), row(2, TcpState::Established, 50002, 80)}, nullptr,
        3 * Poll);
    QCOMPARE(kinds(feed), QList<Kind>{Kind::PeerClosed});
    QCOMPARE(feed.findings.closeWait, 1);
    QCOMPARE(feed.findings.open, 2); // the program still holds it
    // Still CLOSE_WAIT: said once.
    feed = tracker.update(
        {row(1, TcpState::CloseWait, 50001, 80), row(2, TcpState::LastAck, 50002, 80)}, nullptr,
        4 * Poll);
    QCOMPARE(kinds(feed), QList<Kind>{Kind::Closed});
    QCOMPARE(feed.events[0].side, CloseSide::Peer); // LAST_ACK: the peer's FIN came first
    feed = tracker.update({}, nullptr, 5 * Poll);
    QCOMPARE(kinds(feed), QList<Kind>{Kind::Closed});
    QCOMPARE(feed.events[0].cookie, 1u);
    QCOMPARE(feed.events[0].side, CloseSide::Peer);
    QCOMPARE(feed.findings.portRange, 0);
    QCOMPARE(feed.findings.portHeadroom(), -1);
}

void tst_Observe::trackerTellsResetsFromUnknownCloses()
{
    ConnectionTracker tracker(toPort(80), 0);
    tracker.update({row(90, TcpState::Listen, 80, 0)}, nullptr, Poll);
    // 1's peer is on this host (the accepted side, 11); 2's peer is not in the table.
    const QList<ObservedSocket> both{
        row(90, TcpState::Listen, 80, 0),          row(1, TcpState::Established, 50001, 80),
        row(11, TcpState::Established, 80, 50001), row(2, TcpState::Established, 50002, 80),
        row(3, TcpState::Established, 50003, 80),  row(13, TcpState::Established, 80, 50003)};
    ObservedFeed feed = tracker.update(both, nullptr, 2 * Poll);
    QCOMPARE(feed.findings.open, 3); // the accepted sides are no dials
    tracker.update(both, nullptr, 3 * Poll);
    // 3's peer closed first and its TIME_WAIT is here; 1 and its peer went without one.
    feed
        = tracker.update({row(90, TcpState::Listen, 80, 0), row(13, TcpState::TimeWait, 80, 50003)},
                         nullptr, 4 * Poll);
    QHash<quint64, CloseSide> sides;
    for (const ObservedEvent &event : std::as_const(feed.events))
        sides.insert(event.cookie, event.side);
    QCOMPARE(sides.value(1), CloseSide::Reset);
    QCOMPARE(sides.value(2), CloseSide::Unknown);
    QCOMPARE(sides.value(3), CloseSide::Peer);
    QCOMPARE(feed.findings.timeWait, 0); // the peer's TIME_WAIT is not toward the destination
}

void tst_Observe::trackerMarksInUseAndIdle()
{
    ConnectionTracker tracker(toPort(80), 0);
    tracker.setIdleCutoffMs(3000);
    tracker.update({}, nullptr, Poll);
    ObservedFeed feed
        = tracker.update({row(1, TcpState::Established, 50001, 80, 10)}, nullptr, 2 * Poll);
    QVERIFY(!feed.connections[0].inUse); // its data last moved 4 s ago
    QCOMPARE(feed.connections[0].idleMs, 4000);
    QCOMPARE(feed.findings.idleOverCutoff, 1);
    feed = tracker.update({row(1, TcpState::Established, 50001, 80, 30)}, nullptr, 3 * Poll);
    QCOMPARE(kinds(feed), QList<Kind>{Kind::InUse});
    QVERIFY(feed.connections[0].inUse);
    QCOMPARE(feed.connections[0].requests, 3);
    QCOMPARE(feed.findings.inUse, 1);
    QCOMPARE(feed.findings.idleOverCutoff, 0);
    feed = tracker.update({row(1, TcpState::Established, 50001, 80, 30)}, nullptr, 4 * Poll);
    QCOMPARE(kinds(feed), QList<Kind>{Kind::Idle});
    QCOMPARE(feed.events[0].idleMs, 4000);
    QCOMPARE(feed.findings.idle, 1);
}

void tst_Observe::trackerSelectsByProcessAndSkipsAcceptedSockets()
{
    ObserveSelection selection;
    selection.pid = 77;
    ConnectionTracker tracker(selection, 0);
    const QSet<quint64> inodes{1001, 1011};
    tracker.update({row(90, TcpState::Listen, 9000, 0)}, &inodes, Poll);
    // 1 is the process's dial; 11 its accepted side of a connection to its own listener;
    // 2 another process's.
    ObservedFeed feed = tracker.update(
        {row(90, TcpState::Listen, 9000, 0), row(1, TcpState::Established, 50001, 5432),
         row(11, TcpState::Established, 9000, 41000), row(2, TcpState::Established, 50002, 5432)},
        &inodes, 2 * Poll);
    QCOMPARE(kinds(feed), QList<Kind>{Kind::Opened});
    QCOMPARE(feed.events[0].cookie, 1u);
    // The process has gone: its connection is followed by cookie, and a TIME_WAIT toward where
    // it went is taken as its own.
    feed = tracker.update({row(1, TcpState::TimeWait, 50001, 5432),
                           row(5, TcpState::TimeWait, 50005, 5432),
                           row(6, TcpState::TimeWait, 50006, 6000)},
                          nullptr, 3 * Poll);
    QCOMPARE(kinds(feed), (QList<Kind>{Kind::Closed, Kind::Opened, Kind::Closed}));
    QCOMPARE(feed.events[1].cookie, 5u);
    QCOMPARE(feed.findings.timeWait, 2);
}

void tst_Observe::trackerCountsChurnAndPorts()
{
    ConnectionTracker tracker(toPort(6379), 100);
    tracker.update({}, nullptr, 0);
    QList<ObservedSocket> table;
    ObservedFeed feed;
    for (quint64 i = 1; i <= 30; ++i) {
        table.append(row(i, TcpState::TimeWait, quint16(50000 + i), 6379));
        feed = tracker.update(table, nullptr, qint64(i) * Poll / 2);
    }
    // Thirty in 1.5 s, one every 50 ms: twenty in the last second.
    QCOMPARE(feed.findings.newPerSecond, 20.0);
    QCOMPARE(feed.findings.timeWait, 30);
    QCOMPARE(feed.findings.portsInUse, 30);
    QCOMPARE(feed.findings.portHeadroom(), 70);
}

void tst_Observe::observerFollowsTheProcesssNewConnections()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    ObserveSelection selection;
    selection.pid = QCoreApplication::applicationPid();
    Observer observer(selection);
    observer.setIntervalMs(20);
    QList<ObservedEvent> events;
    connect(&observer, &Observer::observed, this,
            [&events](const ObservedFeed &feed) { events += feed.events; });
    QString error;
    QVERIFY2(observer.start(&error), qPrintable(error));
    // The first event of kind (of cookie, unless 0) since index from.
    const auto first = [&events](qsizetype from, Kind kind, quint64 cookie) {
        const auto it = std::find_if(events.cbegin() + from, events.cend(),
                                     [kind, cookie](const ObservedEvent &e) {
                                         return e.kind == kind && (!cookie || e.cookie == cookie);
                                     });
        return it == events.cend() ? nullptr : &*it;
    };
    // Readings with nothing new leave /proc/PID/fd unread; a new socket has it read again.
    for (const bool reset : {false, true}) {
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, server.serverPort());
        QVERIFY(client.waitForConnected(5000));
        const qsizetype from = events.size();
        QTRY_VERIFY_WITH_TIMEOUT(first(from, Kind::Opened, 0), 5000);
        const ObservedEvent opened = *first(from, Kind::Opened, 0);
        QCOMPARE(opened.peer, Endpoint::of(QHostAddress::LocalHost, server.serverPort()));
        if (reset) {
            // A linger of 0 closes with an RST: no TIME_WAIT on either side.
            const linger now{1, 0};
            QCOMPARE(::setsockopt(int(client.socketDescriptor()), SOL_SOCKET, SO_LINGER, &now,
                                  sizeof now),
                     0);
        }
        client.abort();
        QTRY_VERIFY_WITH_TIMEOUT(first(from, Kind::Closed, opened.cookie), 5000);
        QCOMPARE(first(from, Kind::Closed, opened.cookie)->side,
                 reset ? CloseSide::Reset : CloseSide::Local);
    }
    observer.finish();
}

void tst_Observe::summaryFoldsFeedsIntoTheReport()
{
    ObserveSummary summary;
    summary.setIntervalMs(100);
    const auto closed = [](quint64 cookie, qint64 ageNs, qint64 requests, CloseSide side) {
        ObservedEvent e;
        e.kind = Kind::Closed;
        e.cookie = cookie;
        e.ageNs = ageNs;
        e.requests = requests;
        e.side = side;
        return e;
    };
    ObservedFeed first;
    first.timeNs = 1'000'000'000;
    ObservedEvent old;
    old.kind = Kind::Opened;
    old.alreadyOpen = true;
    first.events << old;
    first.findings.open = 1;
    summary.add(first);
    ObservedFeed later;
    later.timeNs = 3'000'000'000; // two seconds on
    for (quint64 i = 1; i <= 100; ++i) {
        ObservedEvent opened;
        opened.kind = Kind::Opened;
        later.events << opened
                     << closed(i, qint64(i) * 1'000'000, i == 100 ? -1 : 2,
                               i % 2 ? CloseSide::Local : CloseSide::Peer);
    }
    later.findings.open = 1;
    later.findings.closeWait = 1;
    later.findings.timeWait = 50;
    later.findings.portRange = 100;
    later.findings.portsInUse = 95;
    ObservedConnection open;
    open.requests = 101;
    later.connections << open;
    summary.add(later);
    QCOMPARE(summary.connectionsSeen(), 101);
    QCOMPARE(summary.alreadyOpen(), 1);
    QCOMPARE(summary.durationS(), 2.0);
    QCOMPARE(summary.newPerSecond(), 50.0);
    QCOMPARE(summary.lifetimePercentileMs(50), 50);
    QCOMPARE(summary.lifetimePercentileMs(99), 99);
    QCOMPARE(summary.closes(CloseSide::Local), 50);
    QCOMPARE(summary.closes(CloseSide::Peer), 50);
    // 99 closed with 2 each and the open one with 101: 299 over 100 measured.
    QCOMPARE(summary.requestsMeasured(), 100);
    QCOMPARE(summary.requestsEstimated(), 299);
    QCOMPARE(summary.closeWaitPeak(), 1);
    QCOMPARE(summary.timeline().size(), 2);
    const QJsonObject json = summary.toJson();
    QCOMPARE(json[u"time_wait_peak"_s].toInt(), 50);
    QCOMPARE(json[u"closes"_s][u"peer"_s].toInt(), 50);
    QCOMPARE(json[u"timeline"_s].toArray().size(), 2);
    QVERIFY(summary.toText().contains(u"a stale pool"_s));
    QVERIFY(summary.toText().contains(u"running out"_s)); // 5 of 100 ports left
}

QTEST_GUILESS_MAIN(tst_Observe)
#include "tst_observe.moc"

#pragma once

#include <QByteArray>

#include <cstddef>
#include <linux/tcp.h>

// sock_diag answers made up byte by byte, as a kernel would send them, for the parser's tests.

// One netlink message of type around payload, 4-aligned.
QByteArray message(quint16 type, const QByteArray &payload);
// An inet_diag message for a TCP socket: 127.0.0.1 to 127.0.0.2 for AF_INET, ::1 to the mapped
// ::ffff:127.0.0.2 for AF_INET6, cookie 0x189abcdef, inode 4242, uid 1000, queues 11 and 22,
// timer 4; with info (a tcp_info, or a shorter one) as INET_DIAG_INFO unless it is null.
QByteArray diagMessage(int family, quint8 state, quint16 localPort, quint16 remotePort,
                       const QByteArray &info);
// rtt 120, rttvar 30, 3 retransmits, data last sent 500 ms and received 400 ms ago, 1000 bytes
// acked, 2000 received, 7 data segments out, 9 in, a peer window of 0; cut to length.
QByteArray tcpInfo(size_t length = sizeof(tcp_info));
// NLMSG_DONE.
QByteArray done();

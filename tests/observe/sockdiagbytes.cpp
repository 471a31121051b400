#include "sockdiagbytes.h"

#include <cstring>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>

QByteArray message(quint16 type, const QByteArray &payload)
{
    nlmsghdr header;
    std::memset(&header, 0, sizeof header);
    header.nlmsg_len = quint32(NLMSG_HDRLEN + payload.size());
    header.nlmsg_type = type;
    header.nlmsg_flags = NLM_F_MULTI;
    QByteArray bytes(reinterpret_cast<const char *>(&header), sizeof header);
    bytes += payload;
    bytes.append(NLMSG_ALIGN(bytes.size()) - bytes.size(), '\0');
    return bytes;
}

QByteArray diagMessage(int family, quint8 state, quint16 localPort, quint16 remotePort,
                       const QByteArray &info)
{
    inet_diag_msg m;
    std::memset(&m, 0, sizeof m);
    m.idiag_family = quint8(family);
    m.idiag_state = state;
    m.idiag_timer = 4;
    m.idiag_rqueue = 11;
    m.idiag_wqueue = 22;
    m.idiag_uid = 1000;
    m.idiag_inode = 4242;
    m.id.idiag_sport = htons(localPort);
    m.id.idiag_dport = htons(remotePort);
    m.id.idiag_cookie[0] = 0x89abcdef;
    m.id.idiag_cookie[1] = 0x1;
    if (family == AF_INET) {
        m.id.idiag_src[0] = htonl(0x7f000001);
        m.id.idiag_dst[0] = htonl(0x7f000002);
    } else {
        // ::ffff:127.0.0.2 as the peer: an IPv4 peer of a dual-stack socket.
        m.id.idiag_src[3] = htonl(1);
        m.id.idiag_dst[2] = htonl(0xffff);
        m.id.idiag_dst[3] = htonl(0x7f000002);
    }
    QByteArray payload(reinterpret_cast<const char *>(&m), sizeof m);
    if (!info.isNull()) {
        rtattr attribute;
        attribute.rta_type = INET_DIAG_INFO;
        attribute.rta_len = quint16(RTA_LENGTH(info.size()));
        payload += QByteArray(reinterpret_cast<const char *>(&attribute), sizeof attribute);
        payload += info;
        payload.append(RTA_ALIGN(payload.size()) - payload.size(), '\0');
    }
    return message(SOCK_DIAG_BY_FAMILY, payload);
}

QByteArray tcpInfo(size_t length)
{
    tcp_info info;
    std::memset(&info, 0, sizeof info);
    info.tcpi_rtt = 120;
    info.tcpi_rttvar = 30;
    info.tcpi_total_retrans = 3;
    info.tcpi_last_data_sent = 500;
    info.tcpi_last_data_recv = 400;
    info.tcpi_bytes_acked = 1000;
    info.tcpi_bytes_received = 2000;
    info.tcpi_data_segs_out = 7;
    info.tcpi_data_segs_in = 9;
    info.tcpi_snd_wnd = 0;
    return QByteArray(reinterpret_cast<const char *>(&info), qsizetype(length));
}

QByteArray done()
{
    return message(NLMSG_DONE, QByteArray(4, '\0'));
}

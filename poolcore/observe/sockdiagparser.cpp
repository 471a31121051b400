#include "sockdiagparser.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstring>
#include <limits>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <sys/socket.h>

using namespace Qt::StringLiterals;

namespace {

struct DumpRequest
{
    nlmsghdr header;
    inet_diag_req_v2 body;
};

// inet_diag's filter for "dport == port || sport == port", as iproute2 compiles it: each
// comparison jumps by yes when it holds and by no when not; landing on the end accepts, four
// bytes past it rejects. The kernel checks that every jump lands on an instruction reached by
// the yes chain, hence the JMP between the halves. Equality as >= and <= (D_EQ is 4.18's).
struct PortFilter
{
    inet_diag_bc_op ops[9];
};

PortFilter portFilter(quint16 port)
{
    constexpr quint16 Op = sizeof(inet_diag_bc_op);
    constexpr quint16 Length = sizeof(PortFilter);
    static_assert(Length == 9 * Op);
    const auto compare = [port](quint8 code, quint16 no) {
        return std::array{inet_diag_bc_op{code, 2 * Op, no}, inet_diag_bc_op{0, 0, port}};
    };
    // Offsets: the destination half at 0, the JMP at 4 * Op, the source half at 5 * Op.
    const auto dGe = compare(INET_DIAG_BC_D_GE, 5 * Op);
    const auto dLe = compare(INET_DIAG_BC_D_LE, 3 * Op);
    const auto sGe = compare(INET_DIAG_BC_S_GE, 5 * Op);
    const auto sLe = compare(INET_DIAG_BC_S_LE, 3 * Op);
    return {{dGe[0], dGe[1], dLe[0], dLe[1], inet_diag_bc_op{INET_DIAG_BC_JMP, Op, 5 * Op}, sGe[0],
             sGe[1], sLe[0], sLe[1]}};
}

// An older kernel sends a shorter tcp_info: a field is there only if the attribute reaches its
// end.
#define POOLSCOPE_TCPI(info, length, field)                                                        \
    (offsetof(tcp_info, field) + sizeof(info.field) <= length ? qint64(info.field) : qint64(-1))

QHostAddress address(int family, const __be32 words[4])
{
    if (family == AF_INET) {
        quint32 v4;
        std::memcpy(&v4, words, sizeof v4);
        return QHostAddress(ntohl(v4));
    }
    Q_IPV6ADDR v6;
    std::memcpy(&v6, words, sizeof v6);
    QHostAddress result(v6);
    // An IPv4 peer of a dual-stack socket is the same peer as on an IPv4 socket.
    bool isV4 = false;
    const quint32 v4 = result.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4) : result;
}

void readInfo(QByteArrayView data, ObservedSocket *row)
{
    tcp_info info;
    std::memset(&info, 0, sizeof info);
    const size_t length = std::min(size_t(data.size()), sizeof info);
    std::memcpy(&info, data.data(), length);
    row->hasInfo = true;
    row->rttUs = POOLSCOPE_TCPI(info, length, tcpi_rtt);
    row->rttVarUs = POOLSCOPE_TCPI(info, length, tcpi_rttvar);
    row->totalRetransmits = POOLSCOPE_TCPI(info, length, tcpi_total_retrans);
    row->lastDataSentMs = POOLSCOPE_TCPI(info, length, tcpi_last_data_sent);
    row->lastDataReceivedMs = POOLSCOPE_TCPI(info, length, tcpi_last_data_recv);
    row->bytesAcked = POOLSCOPE_TCPI(info, length, tcpi_bytes_acked);
    row->bytesReceived = POOLSCOPE_TCPI(info, length, tcpi_bytes_received);
    row->dataSegmentsOut = POOLSCOPE_TCPI(info, length, tcpi_data_segs_out);
    row->dataSegmentsIn = POOLSCOPE_TCPI(info, length, tcpi_data_segs_in);
    row->peerWindow = POOLSCOPE_TCPI(info, length, tcpi_snd_wnd);
}

} // namespace

QByteArray SockDiagParser::request(int family, quint32 sequence, quint16 port)
{
    DumpRequest request;
    std::memset(&request, 0, sizeof request);
    request.header.nlmsg_len = sizeof request;
    QByteArray filter;
    if (port != 0) {
        const PortFilter program = portFilter(port);
        rtattr attribute;
        attribute.rta_type = INET_DIAG_REQ_BYTECODE;
        attribute.rta_len = quint16(RTA_LENGTH(sizeof program));
        filter = QByteArray(reinterpret_cast<const char *>(&attribute), sizeof attribute)
            + QByteArray(reinterpret_cast<const char *>(&program), sizeof program);
        request.header.nlmsg_len += quint32(filter.size());
    }
    request.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    request.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    request.header.nlmsg_seq = sequence;
    request.body.sdiag_family = quint8(family);
    request.body.sdiag_protocol = IPPROTO_TCP;
    request.body.idiag_states = ~0U; // every state, TIME_WAIT and CLOSE_WAIT included
    request.body.idiag_ext = 1 << (INET_DIAG_INFO - 1);
    return QByteArray(reinterpret_cast<const char *>(&request), sizeof request) + filter;
}

bool SockDiagParser::parse(QByteArrayView buffer, QList<ObservedSocket> *rows)
{
    qsizetype offset = 0;
    while (offset < buffer.size()) {
        if (buffer.size() - offset < qsizetype(sizeof(nlmsghdr)))
            return fail(u"a netlink header cut off at byte %1"_s.arg(offset));
        nlmsghdr header;
        std::memcpy(&header, buffer.data() + offset, sizeof header);
        if (header.nlmsg_len < sizeof header || header.nlmsg_len > buffer.size() - offset)
            return fail(u"a netlink message of %1 bytes at byte %2 of %3"_s.arg(header.nlmsg_len)
                            .arg(offset)
                            .arg(buffer.size()));
        const QByteArrayView payload
            = buffer.sliced(offset + NLMSG_HDRLEN, header.nlmsg_len - NLMSG_HDRLEN);
        switch (header.nlmsg_type) {
        case NLMSG_DONE:
            m_done = true;
            return true;
        case NLMSG_ERROR: {
            int error = 0;
            if (payload.size() < qsizetype(sizeof error))
                return fail(u"a netlink error message without its error number"_s);
            std::memcpy(&error, payload.data(), sizeof error);
            // The kernel sends -errno; a hostile or damaged answer may send INT_MIN, whose
            // negation an int cannot hold.
            const qint64 number = -qint64(error);
            m_errorNumber = int(std::clamp<qint64>(number, std::numeric_limits<int>::min(),
                                                   std::numeric_limits<int>::max()));
            return fail(u"the kernel answered the dump with error %1"_s.arg(number));
        }
        case SOCK_DIAG_BY_FAMILY:
            if (!parseSocket(payload, rows))
                return false;
            break;
        default:
            break; // NLMSG_NOOP and anything newer: nothing of ours
        }
        offset += NLMSG_ALIGN(header.nlmsg_len);
    }
    return true;
}

bool SockDiagParser::parseSocket(QByteArrayView payload, QList<ObservedSocket> *rows)
{
    inet_diag_msg message;
    if (payload.size() < qsizetype(sizeof message))
        return fail(u"an inet_diag message of %1 bytes, short of %2"_s.arg(payload.size())
                        .arg(sizeof message));
    std::memcpy(&message, payload.data(), sizeof message);
    if (message.idiag_family != AF_INET && message.idiag_family != AF_INET6)
        return fail(u"an inet_diag message of address family %1"_s.arg(message.idiag_family));
    ObservedSocket row;
    row.cookie = quint64(message.id.idiag_cookie[0]) | quint64(message.id.idiag_cookie[1]) << 32;
    row.inode = message.idiag_inode;
    row.uid = message.idiag_uid;
    row.state = message.idiag_state <= quint8(EnumNames<TcpState>::last)
        ? TcpState(message.idiag_state)
        : TcpState::Unknown;
    row.localAddress = address(message.idiag_family, message.id.idiag_src);
    row.localPort = ntohs(message.id.idiag_sport);
    row.remoteAddress = address(message.idiag_family, message.id.idiag_dst);
    row.remotePort = ntohs(message.id.idiag_dport);
    row.receiveQueue = message.idiag_rqueue;
    row.sendQueue = message.idiag_wqueue;
    row.timer = message.idiag_timer;
    qsizetype offset = NLMSG_ALIGN(sizeof message);
    while (offset + qsizetype(sizeof(rtattr)) <= payload.size()) {
        rtattr attribute;
        std::memcpy(&attribute, payload.data() + offset, sizeof attribute);
        if (attribute.rta_len < sizeof attribute || attribute.rta_len > payload.size() - offset)
            return fail(u"an attribute of %1 bytes overruns its inet_diag message"_s.arg(
                attribute.rta_len));
        if (attribute.rta_type == INET_DIAG_INFO)
            readInfo(payload.sliced(offset + RTA_LENGTH(0), attribute.rta_len - RTA_LENGTH(0)),
                     &row);
        offset += RTA_ALIGN(attribute.rta_len);
    }
    rows->append(row);
    return true;
}

bool SockDiagParser::fail(const QString &message)
{
    m_error = message;
    return false;
}

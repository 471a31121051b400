#include "tcpinfo.h"

#include <algorithm>

#ifdef Q_OS_LINUX
#include <linux/tcp.h>
#include <netinet/in.h>
#include <sys/socket.h>
#endif

#ifdef Q_OS_LINUX
namespace {
// From the kernel's include/net/tcp_states.h; <netinet/tcp.h> has them too but cannot be
// included together with <linux/tcp.h>, whose tcp_info has the byte counters.
constexpr int KernelEstablished = 1;
constexpr int KernelClose = 7;
constexpr int KernelCloseWait = 8;
} // namespace
#endif

TcpInfo TcpInfo::read(qintptr descriptor)
{
    TcpInfo result;
#ifdef Q_OS_LINUX
    if (descriptor < 0)
        return result;
    tcp_info info{};
    socklen_t length = sizeof(info);
    if (getsockopt(int(descriptor), IPPROTO_TCP, TCP_INFO, &info, &length) != 0)
        return result;
    result.valid = true;
    switch (info.tcpi_state) {
    case KernelEstablished:
        result.state = State::Established;
        break;
    case KernelCloseWait:
        result.state = State::CloseWait;
        break;
    case KernelClose:
        result.state = State::Closed;
        break;
    default:
        result.state = State::Other;
        break;
    }
    result.rttUs = info.tcpi_rtt;
    result.rttVarUs = info.tcpi_rttvar;
    result.retransmits = info.tcpi_total_retrans;
    // Older kernels fill a shorter struct; the byte counters came in Linux 4.1/4.6.
    if (length >= offsetof(tcp_info, tcpi_bytes_received) + sizeof(info.tcpi_bytes_received)) {
        // The peer's acknowledgement of our SYN counts as one byte; it is not payload.
        result.bytesAcked = std::max<qint64>(0, qint64(info.tcpi_bytes_acked) - 1);
        result.bytesReceived = qint64(info.tcpi_bytes_received);
    }
#else
    Q_UNUSED(descriptor);
#endif
    return result;
}

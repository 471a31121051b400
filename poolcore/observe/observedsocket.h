#pragma once

#include "enumnames.h"

#include <QHostAddress>
#include <QList>

// A TCP state as the kernel numbers it (include/net/tcp_states.h), Unknown for 0 and anything
// newer than this list.
enum class TcpState : quint8 {
    Unknown,
    Established,
    SynSent,
    SynRecv,
    FinWait1,
    FinWait2,
    TimeWait,
    Close,
    CloseWait,
    LastAck,
    Listen,
    Closing,
    NewSynRecv,
};

template<> struct EnumNames<TcpState>
{
    static constexpr TcpState last = TcpState::NewSynRecv;
    static constexpr std::array names{
        "unknown", "established", "syn_sent", "syn_recv", "fin_wait1", "fin_wait2",    "time_wait",
        "close",   "close_wait",  "last_ack", "listen",   "closing",   "new_syn_recv",
    };
};

// One row of the kernel's socket table (inet_diag), with the TCP_INFO the kernel attached.
// Counters the kernel did not send (an older kernel's shorter tcp_info, a TIME_WAIT socket,
// which has none) are -1.
struct ObservedSocket
{
    quint64 cookie = 0; // the kernel's id of the socket, kept into TIME_WAIT
    quint64 inode = 0; // 0 for TIME_WAIT and request sockets: no process holds them
    quint32 uid = 0;
    TcpState state = TcpState::Unknown;
    QHostAddress localAddress;
    quint16 localPort = 0;
    QHostAddress remoteAddress;
    quint16 remotePort = 0;
    quint32 receiveQueue = 0; // bytes received, not yet read by the program (listen: backlog)
    quint32 sendQueue = 0; // bytes written, not yet acknowledged
    quint8 timer = 0; // idiag_timer: 1 retransmit, 2 keepalive, 3 TIME_WAIT, 4 zero-window probe
    bool hasInfo = false;
    qint64 rttUs = -1;
    qint64 rttVarUs = -1;
    qint64 totalRetransmits = -1;
    qint64 lastDataSentMs = -1;
    qint64 lastDataReceivedMs = -1;
    qint64 bytesAcked = -1; // the SYN and a FIN count one each
    qint64 bytesReceived = -1;
    qint64 dataSegmentsOut = -1;
    qint64 dataSegmentsIn = -1;
    qint64 peerWindow = -1; // tcpi_snd_wnd: the peer's advertised receive window

    bool zeroWindow() const { return timer == 4 || peerWindow == 0; }
};

#pragma once

#include <QtGlobal>

// The kernel's view of one TCP socket (Linux TCP_INFO). Everything is -1 where the platform or
// kernel does not say.
struct TcpInfo
{
    enum class State : qint8 { Unknown = -1, Established, CloseWait, Closed, Other };

    bool valid = false;
    State state = State::Unknown;
    qint64 rttUs = -1;
    qint64 rttVarUs = -1;
    qint64 retransmits = -1; // segments retransmitted over the connection's life
    qint64 bytesAcked = -1; // payload bytes sent and acknowledged
    qint64 bytesReceived = -1; // payload bytes received

    static TcpInfo read(qintptr descriptor);
};

#include "pooledconnection.h"

ConnectionInfo PooledConnection::info(const TcpInfo &tcp) const
{
    ConnectionInfo i;
    i.id = id;
    i.state = state;
    i.generation = generation;
    i.peerAddress = peerAddress;
    i.peerPort = peerPort;
    i.localPort = localPort;
    i.createdNs = createdNs;
    i.connectedNs = connectedNs;
    i.lastAcquiredNs = lastAcquiredNs;
    i.lastReleasedNs = lastReleasedNs;
    i.useCount = useCount;
    if (tcp.valid) {
        i.bytesIn = tcp.bytesReceived;
        i.bytesOut = tcp.bytesAcked;
        i.rttUs = tcp.rttUs;
        i.rttVarUs = tcp.rttVarUs;
        i.retransmits = tcp.retransmits;
    }
    return i;
}

#pragma once

// What a lease holder hears about its connection, without connecting to the socket's signals:
// connecting and disconnecting signals for every request costs more than the pool itself.
// Called on the pool's thread while the lease is held; either call may release the lease.
class LeaseListener
{
public:
    virtual void leaseReadyRead() = 0;
    // The peer closed the connection, or the socket failed (socket()->error() says how).
    virtual void leaseClosed() = 0;

protected:
    ~LeaseListener() = default;
};

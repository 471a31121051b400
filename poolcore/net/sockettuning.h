#pragma once

// The socket options a pool sets on every connection it opens.
struct SocketTuning
{
    bool noDelay = true;
    bool keepAlive = false;
    int keepAliveIdleS = 60;
    int keepAliveIntervalS = 10;
    int keepAliveCount = 3;

    friend bool operator==(const SocketTuning &, const SocketTuning &) = default;
};

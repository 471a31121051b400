#pragma once

#include <QtGlobal>

#include <chrono>

// Every time the pool records is nanoseconds on the steady clock (CLOCK_MONOTONIC on Linux),
// so events from the pool thread, the lab thread and the UI thread share one axis.
class MonotonicClock
{
public:
    static qint64 nowNs()
    {
        return std::chrono::duration_cast<std::chrono::nanoseconds>(
                   std::chrono::steady_clock::now().time_since_epoch())
            .count();
    }
    static qint64 msToNs(qint64 ms) { return ms * 1'000'000; }
    static double nsToMs(qint64 ns) { return double(ns) / 1e6; }
};

#pragma once

#include <QtGlobal>

#include <algorithm>
#include <chrono>
#include <limits>

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
    // A QTimer interval for ms milliseconds: QTimer takes an int, and a negative wait is none.
    static int timerMs(qint64 ms)
    {
        return int(std::clamp<qint64>(ms, 0, std::numeric_limits<int>::max()));
    }
};

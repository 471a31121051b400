#pragma once

#include "loadprogress.h"

#include <deque>

// The one definition of a workload's request rate, for everything that shows one (the window's
// status bar and workload line, `poolscope run`): requests that completed successfully per
// second over the last second of progress reports, failed ones per second apart. A single
// report's interval is too short (a quarter of a second, or less at a stop) to give a rate
// that holds still.
class RequestRate
{
public:
    static constexpr qint64 WindowNs = 1'000'000'000;

    // Reports come in order; one that does not continue the previous (another run, a
    // statistics reset) starts the window again.
    void add(const LoadProgress &progress);
    void clear() { m_intervals.clear(); }

    double okPerSecond() const { return perSecond(&Interval::ok); }
    double failedPerSecond() const { return perSecond(&Interval::failed); }
    // What the figures cover: at least WindowNs once that much has been reported, less just
    // after a start.
    qint64 coveredNs() const;

private:
    struct Interval
    {
        qint64 endNs = 0;
        qint64 lengthNs = 0;
        quint64 ok = 0;
        quint64 failed = 0;
    };
    double perSecond(quint64 Interval::*count) const;

    std::deque<Interval> m_intervals;
};

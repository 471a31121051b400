#include "requestrate.h"

void RequestRate::add(const LoadProgress &progress)
{
    if (progress.intervalNs <= 0)
        return;
    const qint64 startNs = progress.timeNs - progress.intervalNs;
    if (!m_intervals.empty() && m_intervals.back().endNs != startNs)
        clear();
    m_intervals.push_back(
        {progress.timeNs, progress.intervalNs, progress.intervalOk(), progress.intervalFailed});
    // The oldest interval goes once the others cover the window without it.
    while (m_intervals.size() > 1 && coveredNs() - m_intervals.front().lengthNs >= WindowNs)
        m_intervals.pop_front();
}

qint64 RequestRate::coveredNs() const
{
    qint64 covered = 0;
    for (const Interval &interval : m_intervals)
        covered += interval.lengthNs;
    return covered;
}

double RequestRate::perSecond(quint64 Interval::*count) const
{
    const qint64 covered = coveredNs();
    if (covered <= 0)
        return 0;
    quint64 total = 0;
    for (const Interval &interval : m_intervals)
        total += interval.*count;
    return double(total) * 1e9 / double(covered);
}

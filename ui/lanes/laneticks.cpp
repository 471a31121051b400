#include "laneticks.h"

#include <QCoreApplication>

#include <array>
#include <cmath>

using namespace Qt::StringLiterals;

namespace {

constexpr double MinTickSpacingPx = 90;

qint64 stepFor(qint64 spanNs, int widthPx)
{
    static constexpr std::array<qint64, 22> steps{
        1'000'000,         2'000'000,         5'000'000,       10'000'000,      20'000'000,
        50'000'000,        100'000'000,       200'000'000,     500'000'000,     1'000'000'000,
        2'000'000'000,     5'000'000'000,     10'000'000'000,  15'000'000'000,  30'000'000'000,
        60'000'000'000,    120'000'000'000,   300'000'000'000, 600'000'000'000, 1'200'000'000'000,
        1'800'000'000'000, 3'600'000'000'000,
    };
    const double nsPerPx = double(spanNs) / double(std::max(1, widthPx));
    for (const qint64 candidate : steps) {
        if (double(candidate) / nsPerPx >= MinTickSpacingPx)
            return candidate;
    }
    return steps.back();
}

} // namespace

LaneTicks::LaneTicks(qint64 epochNs, qint64 spanNs, int widthPx)
    : m_epochNs(epochNs)
    , m_stepNs(stepFor(spanNs, widthPx))
{ }

qint64 LaneTicks::firstAtOrAfter(qint64 t0) const
{
    const qint64 relative = t0 - m_epochNs;
    return (relative >= 0 ? (relative + m_stepNs - 1) / m_stepNs : relative / m_stepNs) * m_stepNs;
}

QString LaneTicks::label(qint64 sessionNs) const
{
    const double seconds = double(sessionNs) / 1e9;
    const int decimals = m_stepNs >= 1'000'000'000
        ? 0
        : (m_stepNs >= 100'000'000 ? 1 : (m_stepNs >= 10'000'000 ? 2 : 3));
    if (seconds >= 60 && m_stepNs >= 1'000'000'000) {
        const qint64 whole = qint64(std::llround(seconds));
        return u"%1:%2"_s.arg(whole / 60).arg(whole % 60, 2, 10, QChar(u'0'));
    }
    return QCoreApplication::translate("LaneView", "%1 s").arg(seconds, 0, 'f', decimals);
}

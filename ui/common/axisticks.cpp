#include "axisticks.h"

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

double AxisTicks::roundStep(double value)
{
    if (!(value > 0))
        return 1;
    const double power = std::pow(10.0, std::floor(std::log10(value)));
    for (const double factor : {1.0, 2.0, 5.0}) {
        // A hair of slack, so 0.3 / 3 is a step of 0.1 and not 0.2.
        if (factor * power >= value * (1 - 1e-9))
            return factor * power;
    }
    return 10 * power;
}

int AxisTicks::decimalsOf(double step)
{
    int decimals = 0;
    while (
        decimals < 9
        && std::abs(step * std::pow(10.0, decimals) - std::round(step * std::pow(10.0, decimals)))
            > 1e-6)
        ++decimals;
    return decimals;
}

AxisTicks AxisTicks::upTo(double maximum, int maxTicks, bool counts)
{
    AxisTicks ticks;
    const double top = maximum > 0 ? maximum : 1;
    ticks.step = roundStep(top / std::max(1, maxTicks));
    if (counts)
        ticks.step = std::max(1.0, ticks.step);
    ticks.top = std::ceil(top / ticks.step - 1e-9) * ticks.step;
    ticks.decimals = decimalsOf(ticks.step);
    return ticks;
}

QString AxisTicks::labelFormat(const QString &unit) const
{
    const QString number = u"%.%1f"_s.arg(decimals);
    return unit.isEmpty() ? number : number + u' ' + unit;
}

#pragma once

#include <QString>

// Ticks a reader can use: steps of 1, 2 or 5 times a power of ten from zero, a top that is a
// whole number of steps, and as many decimals as the step has, so 2.5 is never printed as 3.
// Counts (connections, events per second) never get a step below 1.
struct AxisTicks
{
    double step = 1;
    double top = 1;
    int decimals = 0;

    // The ticks for values from 0 to at least maximum, no more than maxTicks steps high.
    static AxisTicks upTo(double maximum, int maxTicks, bool counts);
    // 1, 2 or 5 times a power of ten, at or above value (1 for none).
    static double roundStep(double value);
    // The decimals a value that is a whole number of step needs: 0 for 5, 1 for 0.5 or 2.5.
    static int decimalsOf(double step);
    // A printf format for QValueAxis::setLabelFormat: "%.1f ms".
    QString labelFormat(const QString &unit) const;

    // Sets a QValueAxis with dynamic ticks to min..max with a tick every step. A new range
    // with the old step (or the old range with the new step) briefly makes that many tick
    // items: the order taken makes the fewer, so 0..1000 after steps of 0.2 never makes 5000.
    template<typename Axis> static void setRange(Axis *axis, double min, double max, double step)
    {
        if (axis->min() == min && axis->max() == max && axis->tickInterval() == step)
            return;
        const double oldStep = axis->tickInterval();
        const double newRangeFirst = oldStep > 0 ? (max - min) / oldStep : 1e300;
        const double newStepFirst = (axis->max() - axis->min()) / step;
        if (newStepFirst <= newRangeFirst) {
            axis->setTickInterval(step);
            axis->setRange(min, max);
        } else {
            axis->setRange(min, max);
            axis->setTickInterval(step);
        }
    }
};

#pragma once

#include "clock.h"

#include <vector>

// A Clock that moves only when told: timers fire inside advance(), in the order they fall due,
// each with the clock reading its due time. State-machine tests run on it and wait no real
// time.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(qint64 startNs = 1'000'000'000'000);
    ~ManualClock() override;

    qint64 nowNs() const override { return m_nowNs; }
    std::unique_ptr<ClockTimer> createTimer(std::function<void()> timeout) override;

    // Moves forward by ns (0: only fires what is already due).
    void advance(qint64 ns);
    void advanceMs(qint64 ms) { advance(ms * 1'000'000); }
    // When the next timer falls due; 0 when none is active.
    qint64 nextDueNs() const;

private:
    class Timer;
    friend class Timer;

    qint64 m_nowNs;
    quint64 m_nextOrder = 1;
    std::vector<Timer *> m_timers;
};

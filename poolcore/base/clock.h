#pragma once

#include <QtGlobal>

#include <functional>
#include <memory>

// A one-shot timer on a Clock. Its callback runs on the thread that created it, never before
// the clock reads dueNs.
class ClockTimer
{
public:
    virtual ~ClockTimer() = default;
    // (Re)arms the timer for dueNs on its clock; a time already past fires as soon as it can.
    virtual void start(qint64 dueNs) = 0;
    virtual void stop() = 0;
    virtual bool isActive() const = 0;
    // When it fires; meaningful only while active.
    virtual qint64 dueNs() const = 0;
};

// Where the pool reads the time and sets its timers: the seam that lets its state-machine
// tests run on a clock they move by hand (tests/support/manualclock.h) and wait no real time.
// Times are nanoseconds on one monotonic axis.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual qint64 nowNs() const = 0;
    // A timer that calls timeout when it fires. Create it on the thread that will use it.
    virtual std::unique_ptr<ClockTimer> createTimer(std::function<void()> timeout) = 0;

    // MonotonicClock with QTimer: the clock everything runs on outside such tests.
    static Clock &system();
};

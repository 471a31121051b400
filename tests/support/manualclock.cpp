#include "manualclock.h"

#include <algorithm>

class ManualClock::Timer final : public ClockTimer
{
public:
    Timer(ManualClock &clock, std::function<void()> timeout)
        : m_clock(&clock)
        , m_timeout(std::move(timeout))
    {
        clock.m_timers.push_back(this);
    }
    ~Timer() override
    {
        if (m_clock)
            std::erase(m_clock->m_timers, this);
    }

    void start(qint64 dueNs) override
    {
        m_dueNs = dueNs;
        m_active = true;
        m_order = m_clock ? m_clock->m_nextOrder++ : 0;
    }
    void stop() override { m_active = false; }
    bool isActive() const override { return m_active; }
    qint64 dueNs() const override { return m_dueNs; }

    void fire()
    {
        m_active = false;
        m_timeout();
    }

    ManualClock *m_clock;
    std::function<void()> m_timeout;
    qint64 m_dueNs = 0;
    quint64 m_order = 0; // ties fire in the order they were started
    bool m_active = false;
};

ManualClock::ManualClock(qint64 startNs)
    : m_nowNs(startNs)
{ }

ManualClock::~ManualClock()
{
    for (Timer *timer : m_timers)
        timer->m_clock = nullptr;
}

std::unique_ptr<ClockTimer> ManualClock::createTimer(std::function<void()> timeout)
{
    return std::make_unique<Timer>(*this, std::move(timeout));
}

qint64 ManualClock::nextDueNs() const
{
    qint64 next = 0;
    for (const Timer *timer : m_timers) {
        if (timer->m_active && (!next || timer->m_dueNs < next))
            next = timer->m_dueNs;
    }
    return next;
}

void ManualClock::advance(qint64 ns)
{
    const qint64 target = m_nowNs + ns;
    for (;;) {
        // Timers come and go as others fire: look again each time.
        Timer *due = nullptr;
        for (Timer *timer : m_timers) {
            if (timer->m_active && timer->m_dueNs <= target
                && (!due || timer->m_dueNs < due->m_dueNs
                    || (timer->m_dueNs == due->m_dueNs && timer->m_order < due->m_order)))
                due = timer;
        }
        if (!due)
            break;
        m_nowNs = std::max(m_nowNs, due->m_dueNs);
        due->fire();
    }
    m_nowNs = target;
}

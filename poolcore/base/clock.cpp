#include "clock.h"

#include "monotonicclock.h"

#include <QTimer>

#include <algorithm>
#include <limits>

namespace {

class SystemTimer final : public ClockTimer
{
public:
    explicit SystemTimer(std::function<void()> timeout)
        : m_timeout(std::move(timeout))
    {
        m_timer.setSingleShot(true);
        // A coarse timer may fire up to 5 % early, which would cut a deadline short.
        m_timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&m_timer, &QTimer::timeout, [this] { fired(); });
    }

    void start(qint64 dueNs) override
    {
        m_dueNs = dueNs;
        arm();
    }
    void stop() override { m_timer.stop(); }
    bool isActive() const override { return m_timer.isActive(); }
    qint64 dueNs() const override { return m_dueNs; }

private:
    void arm()
    {
        const qint64 remainingNs = m_dueNs - MonotonicClock::nowNs();
        // Rounded up: QTimer counts whole milliseconds, and a deadline must not come early.
        const qint64 ms = std::clamp<qint64>((remainingNs + 999'999) / 1'000'000, 0,
                                             std::numeric_limits<int>::max());
        m_timer.start(int(ms));
    }
    void fired()
    {
        if (MonotonicClock::nowNs() < m_dueNs) {
            arm(); // a millisecond timer may wake a fraction of a millisecond early
            return;
        }
        m_timeout();
    }

    std::function<void()> m_timeout;
    QTimer m_timer;
    qint64 m_dueNs = 0;
};

class SystemClock final : public Clock
{
public:
    qint64 nowNs() const override { return MonotonicClock::nowNs(); }
    std::unique_ptr<ClockTimer> createTimer(std::function<void()> timeout) override
    {
        return std::make_unique<SystemTimer>(std::move(timeout));
    }
};

} // namespace

Clock &Clock::system()
{
    static SystemClock clock;
    return clock;
}

#include "throttle.h"

Throttle::Throttle(int intervalMs, std::function<void()> action, QObject *parent)
    : QObject(parent)
    , m_intervalMs(intervalMs)
    , m_action(std::move(action))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &Throttle::run);
}

void Throttle::setIntervalMs(int ms)
{
    m_intervalMs = ms;
    if (m_timer.isActive() && (ms <= 0 || m_sinceRun.elapsed() >= ms)) {
        m_timer.stop();
        run();
    }
}

void Throttle::request()
{
    if (m_timer.isActive())
        return;
    const qint64 since = m_sinceRun.isValid() ? m_sinceRun.elapsed() : m_intervalMs;
    if (since >= m_intervalMs)
        run();
    else
        m_timer.start(int(m_intervalMs - since));
}

void Throttle::run()
{
    m_sinceRun.start();
    m_action();
}

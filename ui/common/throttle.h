#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <functional>

// Runs an action at most once an interval, and always after the last request for it: a
// request made an interval or more after the last run runs at once; one made sooner runs when
// the interval is up, together with every other request made meanwhile. For what changes
// faster than anyone can read it (a table's ages, a status line), so that a view shows the
// latest values a few times a second instead of repainting for every feed.
class Throttle : public QObject
{
public:
    Throttle(int intervalMs, std::function<void()> action, QObject *parent = nullptr);

    // 0 runs every request at once.
    void setIntervalMs(int ms);
    int intervalMs() const { return m_intervalMs; }

    void request();

private:
    void run();

    int m_intervalMs;
    std::function<void()> m_action;
    QTimer m_timer;
    QElapsedTimer m_sinceRun;
};

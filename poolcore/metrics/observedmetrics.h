#pragma once

#include "observedfeed.h"

#include <QByteArray>
#include <QString>

#include <array>

// What /metrics serves for poolscope observe (docs/metrics.md): another program's connections,
// as the socket table shows them, in the same db.client.connection names as a pool's where
// they mean the same (idle and used connections) and PoolScope's own for what no pool reports
// about itself (CLOSE_WAIT, TIME_WAIT, port headroom, closes by who closed first), with a
// "pool" label naming what is observed.
class ObservedMetrics
{
public:
    // pool: the label, "pid 1234", "127.0.0.1:6379" or "pid 1234 127.0.0.1:6379".
    explicit ObservedMetrics(const QString &pool)
        : m_pool(pool)
    { }

    void add(const ObservedFeed &feed);
    QByteArray exposition() const;

private:
    static constexpr size_t SideCount = size_t(EnumNames<CloseSide>::last) + 1;

    QString m_pool;
    bool m_seen = false;
    ObserveFindings m_findings;
    quint64 m_opened = 0; // dials seen, not those open when observing began
    std::array<quint64, SideCount> m_closed{};
};

#pragma once

#include "poolevent.h"
#include "presentation.h"

#include <QHash>
#include <QList>

#include <vector>

// What each connection did over time, for the lanes view: per connection a compact array of
// marks (a time and the activity that began then, eight bytes each), built from the pool's
// events. Memory is bounded three ways: marks older than the horizon go, a lane keeps at most
// MaxMarks of them, and closed lanes leave when they closed before the horizon or when there
// are more than MaxLanes.
class LaneStore
{
public:
    using Activity = Presentation::Activity;
    static constexpr int MaxMarks = 2048;
    static constexpr int MaxLanes = 3000;

    // A time (MonotonicClock ns) and an activity packed in one word: the activity takes the two
    // low bits.
    class Mark
    {
    public:
        Mark(qint64 timeNs, Activity activity)
            : m_value((timeNs << 2) | qint64(activity))
        { }
        qint64 timeNs() const { return m_value >> 2; }
        Activity activity() const { return Activity(m_value & 3); }

    private:
        qint64 m_value;
    };

    struct Lane
    {
        quint64 id = 0;
        quint32 generation = 0;
        QString address;
        std::vector<Mark> marks; // in time order; the last one lasts until now or the close
        qint64 firstUseNs = 0; // when its first lease began (the simulated handshake is there)
        quint64 uses = 0;
        bool closed = false;
        qint64 closedNs = 0;
        EvictionReason reason = EvictionReason::None;
        DialError dialError = DialError::None;
        QString message;
    };

    void addEvents(const QList<PoolEvent> &events);
    // Applies the horizon and the limits as of nowNs.
    void trim(qint64 nowNs);

    void setHorizonNs(qint64 ns) { m_horizonNs = ns; }
    qint64 horizonNs() const { return m_horizonNs; }

    int laneCount() const { return int(m_lanes.size()); }
    const Lane &lane(int index) const { return m_lanes[size_t(index)]; }
    int indexOf(quint64 connectionId) const { return m_index.value(connectionId, -1); }
    // About the earliest time any lane has a mark for (0 when empty): exact after trim(), and
    // never later than the truth in between.
    qint64 oldestNs() const { return m_oldestNs; }
    // Changes whenever lanes come or go (not when marks are added), for views that cache the
    // list of lanes they show.
    quint64 layoutRevision() const { return m_layoutRevision; }

private:
    Lane &laneFor(const PoolEvent &event);
    void addMark(Lane &lane, qint64 timeNs, Activity activity);
    void reindex();

    std::vector<Lane> m_lanes; // by connection id
    QHash<quint64, int> m_index;
    qint64 m_horizonNs = 600'000'000'000; // ten minutes
    qint64 m_lastTrimNs = 0;
    qint64 m_oldestNs = 0;
    quint64 m_layoutRevision = 0;
};

#include "lanestore.h"

#include <QSet>

#include <algorithm>

namespace {

// How often addEvents() applies the horizon: often enough to bound memory, rarely enough to
// cost nothing.
constexpr qint64 TrimIntervalNs = 1'000'000'000;
// A lane over MaxMarks is cut back by this many more, so cutting happens once in a while, not
// on every mark.
constexpr int MarkSlack = 512;

} // namespace

LaneStore::Lane &LaneStore::laneFor(const PoolEvent &event)
{
    const int index = indexOf(event.connectionId);
    if (index >= 0)
        return m_lanes[size_t(index)];
    Lane lane;
    lane.id = event.connectionId;
    lane.generation = event.generation;
    ++m_layoutRevision;
    if (m_lanes.empty() || m_lanes.back().id < lane.id) {
        m_index.insert(lane.id, int(m_lanes.size()));
        m_lanes.push_back(std::move(lane));
        return m_lanes.back();
    }
    // Ids only grow, so this is a connection first seen late (the window opened after it).
    const auto at = std::lower_bound(m_lanes.begin(), m_lanes.end(), lane.id,
                                     [](const Lane &l, quint64 id) { return l.id < id; });
    const auto inserted = m_lanes.insert(at, std::move(lane));
    reindex();
    return *inserted;
}

void LaneStore::addMark(Lane &lane, qint64 timeNs, Activity activity)
{
    if (lane.closed)
        return;
    // Events of one connection arrive in order; a mark never goes back in time.
    if (!lane.marks.empty())
        timeNs = std::max(timeNs, lane.marks.back().timeNs());
    else if (!m_oldestNs || timeNs < m_oldestNs)
        m_oldestNs = timeNs;
    // A busy lane settles at MaxMarks + MarkSlack marks: reserve exactly that, rather than
    // let the vector double past it.
    constexpr size_t Full = size_t(MaxMarks + MarkSlack) + 1;
    if (lane.marks.size() == lane.marks.capacity() && lane.marks.size() * 2 > Full)
        lane.marks.reserve(Full);
    lane.marks.emplace_back(timeNs, activity);
    if (lane.marks.size() >= Full)
        lane.marks.erase(lane.marks.begin(), lane.marks.begin() + MarkSlack);
}

void LaneStore::addEvents(const QList<PoolEvent> &events)
{
    qint64 latestNs = 0;
    for (const PoolEvent &event : events) {
        latestNs = std::max(latestNs, event.timeNs);
        if (!event.connectionId)
            continue;
        switch (event.kind) {
        case EventKind::DialStarted: {
            Lane &lane = laneFor(event);
            addMark(lane, event.timeNs, Activity::Dialing);
            break;
        }
        case EventKind::DialSucceeded: {
            Lane &lane = laneFor(event);
            lane.address = event.address;
            addMark(lane, event.timeNs, Activity::Idle);
            break;
        }
        case EventKind::Acquired: {
            Lane &lane = laneFor(event);
            if (!event.reused && !lane.firstUseNs)
                lane.firstUseNs = event.timeNs;
            ++lane.uses;
            addMark(lane, event.timeNs, Activity::InUse);
            break;
        }
        case EventKind::Released:
            addMark(laneFor(event), event.timeNs, Activity::Idle);
            break;
        case EventKind::Evicted:
        case EventKind::DialFailed: {
            Lane &lane = laneFor(event);
            addMark(lane, event.timeNs, Activity::Closed);
            if (!lane.closed) {
                // No more marks will come: give back what the vector held in reserve.
                lane.marks.shrink_to_fit();
                lane.closed = true;
                lane.closedNs = event.timeNs;
                lane.reason = event.reason;
                lane.dialError = event.dialError;
                lane.message = event.message;
            }
            break;
        }
        default:
            break;
        }
    }
    if (latestNs - m_lastTrimNs >= TrimIntervalNs)
        trim(latestNs);
}

void LaneStore::trim(qint64 nowNs)
{
    m_lastTrimNs = nowNs;
    const qint64 cutNs = nowNs - m_horizonNs;
    const auto before = m_lanes.size();
    std::erase_if(m_lanes,
                  [cutNs](const Lane &lane) { return lane.closed && lane.closedNs < cutNs; });
    if (m_lanes.size() > size_t(MaxLanes)) {
        // The lanes that closed first leave first.
        std::vector<std::pair<qint64, quint64>> closed;
        for (const Lane &lane : m_lanes) {
            if (lane.closed)
                closed.emplace_back(lane.closedNs, lane.id);
        }
        const auto excess = std::min(closed.size(), m_lanes.size() - size_t(MaxLanes));
        std::nth_element(closed.begin(), closed.begin() + qsizetype(excess), closed.end());
        QSet<quint64> leaving;
        for (size_t i = 0; i < excess; ++i)
            leaving.insert(closed[i].second);
        std::erase_if(m_lanes, [&leaving](const Lane &lane) { return leaving.contains(lane.id); });
    }
    for (Lane &lane : m_lanes) {
        // Keep the mark that was current at the cut, moved up to it: the state there is known.
        auto first = std::upper_bound(lane.marks.begin(), lane.marks.end(), cutNs,
                                      [](qint64 t, const Mark &m) { return t < m.timeNs(); });
        if (first - lane.marks.begin() > 1) {
            const Activity current = (first - 1)->activity();
            lane.marks.erase(lane.marks.begin(), first - 1);
            lane.marks.front() = Mark(cutNs, current);
        }
    }
    m_oldestNs = 0;
    for (const Lane &lane : m_lanes) {
        if (!lane.marks.empty() && (!m_oldestNs || lane.marks.front().timeNs() < m_oldestNs))
            m_oldestNs = lane.marks.front().timeNs();
    }
    if (m_lanes.size() != before) {
        ++m_layoutRevision;
        reindex();
    }
}

void LaneStore::reindex()
{
    m_index.clear();
    m_index.reserve(qsizetype(m_lanes.size()));
    for (size_t i = 0; i < m_lanes.size(); ++i)
        m_index.insert(m_lanes[i].id, int(i));
}

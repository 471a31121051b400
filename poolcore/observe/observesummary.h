#pragma once

#include "observedevent.h"
#include "observedfeed.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <array>

// What poolscope observe reports: the feeds of one observation folded into totals, peaks and
// distributions.
class ObserveSummary
{
public:
    void setTarget(const QString &target) { m_target = target; }
    void setIntervalMs(int ms) { m_intervalMs = ms; }
    void add(const ObservedFeed &feed);

    double durationS() const;
    int connectionsSeen() const { return m_seen; }
    int alreadyOpen() const { return m_alreadyOpen; }
    int peakOpen() const { return m_peakOpen; }
    // Opened while observed, per second of observation.
    double newPerSecond() const;
    // Of closed connections whose opening was seen, to the nearest poll interval; -1 if none.
    qint64 lifetimePercentileMs(double percentile) const;
    int closes(CloseSide side) const { return m_closes[size_t(side)]; }
    int closesTotal() const;
    // Estimated request/response rounds of the connections whose counters were read.
    double requestsPerConnection() const;
    int requestsMeasured() const { return int(m_requests.size() + m_openRequests.size()); }
    // Their sum: the rounds seen over every connection whose counters were read.
    qint64 requestsEstimated() const;
    int closeWaitPeak() const { return m_closeWaitPeak; }
    const ObserveFindings &last() const { return m_last; }
    int timeWaitPeak() const { return m_timeWaitPeak; }

    // The observed pool against time: one sample a second.
    struct Sample
    {
        double timeS = 0;
        ObserveFindings findings;
    };
    const QList<Sample> &timeline() const { return m_timeline; }

    QString toText() const;
    QJsonObject toJson() const;

private:
    QString m_target;
    int m_intervalMs = 0;
    qint64 m_firstNs = -1;
    qint64 m_lastNs = -1;
    int m_seen = 0;
    int m_alreadyOpen = 0;
    int m_peakOpen = 0;
    int m_closeWaitPeak = 0;
    int m_timeWaitPeak = 0;
    int m_zeroWindowPeak = 0;
    int m_idleOverCutoffPeak = 0;
    int m_headroomLow = -1;
    double m_newPerSecondPeak = 0;
    std::array<int, size_t(EnumNames<CloseSide>::last) + 1> m_closes{};
    QList<qint64> m_lifetimesNs;
    QList<qint64> m_requests; // of closed connections
    QList<qint64> m_openRequests; // of those open at the last reading
    ObserveFindings m_last;
    QList<Sample> m_timeline;
};

#include "observesummary.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace {

qint64 percentile(QList<qint64> values, double p)
{
    if (values.isEmpty())
        return -1;
    std::sort(values.begin(), values.end());
    const auto index = qsizetype(std::ceil(p / 100.0 * double(values.size()))) - 1;
    return values[std::clamp<qsizetype>(index, 0, values.size() - 1)];
}

} // namespace

void ObserveSummary::add(const ObservedFeed &feed)
{
    if (m_firstNs < 0)
        m_firstNs = feed.timeNs;
    m_lastNs = feed.timeNs;
    for (const ObservedEvent &event : feed.events) {
        if (event.kind == ObservedEvent::Kind::Opened) {
            ++m_seen;
            m_alreadyOpen += event.alreadyOpen;
        } else if (event.kind == ObservedEvent::Kind::Closed) {
            ++m_closes[size_t(event.side)];
            if (event.ageNs >= 0)
                m_lifetimesNs.append(event.ageNs);
            if (event.requests >= 0)
                m_requests.append(event.requests);
        }
    }
    const ObserveFindings &f = feed.findings;
    m_peakOpen = std::max(m_peakOpen, f.open);
    m_closeWaitPeak = std::max(m_closeWaitPeak, f.closeWait);
    m_timeWaitPeak = std::max(m_timeWaitPeak, f.timeWait);
    m_zeroWindowPeak = std::max(m_zeroWindowPeak, f.zeroWindow);
    m_idleOverCutoffPeak = std::max(m_idleOverCutoffPeak, f.idleOverCutoff);
    const double timeS = double(feed.timeNs - m_firstNs) / 1e9;
    if (m_timeline.isEmpty() || timeS - m_timeline.constLast().timeS >= 1.0)
        m_timeline.append({timeS, f});
    m_newPerSecondPeak = std::max(m_newPerSecondPeak, f.newPerSecond);
    if (f.portHeadroom() >= 0)
        m_headroomLow
            = m_headroomLow < 0 ? f.portHeadroom() : std::min(m_headroomLow, f.portHeadroom());
    m_openRequests.clear();
    for (const ObservedConnection &c : feed.connections) {
        if (c.requests >= 0)
            m_openRequests.append(c.requests);
    }
    m_last = f;
}

double ObserveSummary::durationS() const
{
    return m_firstNs < 0 ? 0 : double(m_lastNs - m_firstNs) / 1e9;
}

double ObserveSummary::newPerSecond() const
{
    const double seconds = durationS();
    return seconds > 0 ? double(m_seen - m_alreadyOpen) / seconds : 0;
}

qint64 ObserveSummary::lifetimePercentileMs(double p) const
{
    const qint64 ns = percentile(m_lifetimesNs, p);
    return ns < 0 ? -1 : ns / 1'000'000;
}

int ObserveSummary::closesTotal() const
{
    int total = 0;
    for (const int n : m_closes)
        total += n;
    return total;
}

qint64 ObserveSummary::requestsEstimated() const
{
    qint64 sum = 0;
    for (const QList<qint64> *list : {&m_requests, &m_openRequests}) {
        for (const qint64 n : *list)
            sum += n;
    }
    return sum;
}

double ObserveSummary::requestsPerConnection() const
{
    const int measured = requestsMeasured();
    return measured ? double(requestsEstimated()) / double(measured) : -1;
}

QString ObserveSummary::toText() const
{
    const auto ms = [](qint64 v) { return v < 0 ? u"-"_s : u"%1 ms"_s.arg(v); };
    const int measured = requestsMeasured();
    QString text = u"PoolScope observe: %1\n"_s.arg(m_target);
    text += u"  duration            %1 s, a reading every %2 ms\n"_s.arg(durationS(), 0, 'f', 2)
                .arg(m_intervalMs);
    text += u"  connections         %1 seen (%2 open when observing began), peak %3 open, %4 "
            "open at the end\n"_s.arg(m_seen)
                .arg(m_alreadyOpen)
                .arg(m_peakOpen)
                .arg(m_last.open);
    text += u"  new per second      %1 (peak %2 in one second)\n"_s.arg(newPerSecond(), 0, 'f', 1)
                .arg(m_newPerSecondPeak, 0, 'f', 0);
    text += u"  lifetime            median %1, p99 %2 (of %3 closed whose opening was seen; to "
            "the nearest reading)\n"_s
                .arg(ms(lifetimePercentileMs(50)), ms(lifetimePercentileMs(99)))
                .arg(m_lifetimesNs.size());
    const double perConnection = requestsPerConnection();
    text += u"  requests/connection %1 estimated (of %2 connections whose counters were read; "
            "%3 opened and closed between two readings)\n"_s
                .arg(perConnection < 0 ? u"-"_s : QString::number(perConnection, 'f', 1))
                .arg(measured)
                .arg(std::max(0, m_seen - measured));
    text += u"  closes              %1: %2 by the program, %3 by the peer, %4 reset, %5 "
            "unknown\n"_s.arg(closesTotal())
                .arg(closes(CloseSide::Local))
                .arg(closes(CloseSide::Peer))
                .arg(closes(CloseSide::Reset))
                .arg(closes(CloseSide::Unknown));
    text += u"  CLOSE_WAIT          %1 now, peak %2%3\n"_s.arg(m_last.closeWait)
                .arg(m_closeWaitPeak)
                .arg(m_closeWaitPeak ? u" (the peer closed them and the program has not "
                                       "noticed: a stale pool)"_s
                                     : QString());
    text += u"  TIME_WAIT           %1 now, peak %2 toward the destination\n"_s.arg(m_last.timeWait)
                .arg(m_timeWaitPeak);
    if (m_last.portRange > 0) {
        text += u"  ephemeral ports     %1 in use toward the busiest destination of %2, at "
                "least %3 left\n"_s.arg(m_last.portsInUse)
                    .arg(m_last.portRange)
                    .arg(m_headroomLow);
        // Past nine tenths, dials start to fail with EADDRNOTAVAIL at the next burst.
        if (m_headroomLow >= 0 && m_headroomLow < m_last.portRange / 10)
            text += u"    running out: reuse connections (keep-alive, a pool), or widen "
                    "net.ipv4.ip_local_port_range\n"_s;
    }
    if (m_idleOverCutoffPeak)
        text += u"  idle past cutoff    %1 now, peak %2 (whatever drops idle connections there "
                "will drop them; the pool's idle timeout should be shorter)\n"_s
                    .arg(m_last.idleOverCutoff)
                    .arg(m_idleOverCutoffPeak);
    text += u"  retransmits         %1 segments; zero windows: %2 now, peak %3\n"_s
                .arg(m_last.retransmits)
                .arg(m_last.zeroWindow)
                .arg(m_zeroWindowPeak);
    return text;
}

QJsonObject ObserveSummary::toJson() const
{
    QJsonObject closes;
    for (size_t i = 0; i < m_closes.size(); ++i)
        closes.insert(enumName(CloseSide(i)), m_closes[i]);
    const double perConnection = requestsPerConnection();
    QJsonArray timeline;
    for (const Sample &sample : m_timeline)
        timeline.append(QJsonObject{{u"t_s"_s, sample.timeS},
                                    {u"open"_s, sample.findings.open},
                                    {u"in_use"_s, sample.findings.inUse},
                                    {u"idle"_s, sample.findings.idle},
                                    {u"new_per_second"_s, sample.findings.newPerSecond},
                                    {u"close_wait"_s, sample.findings.closeWait},
                                    {u"time_wait"_s, sample.findings.timeWait}});
    return {
        {u"target"_s, m_target},
        {u"duration_s"_s, durationS()},
        {u"interval_ms"_s, m_intervalMs},
        {u"connections_seen"_s, m_seen},
        {u"already_open"_s, m_alreadyOpen},
        {u"peak_open"_s, m_peakOpen},
        {u"open_at_end"_s, m_last.open},
        {u"new_per_second"_s, newPerSecond()},
        {u"new_per_second_peak"_s, m_newPerSecondPeak},
        {u"lifetime_median_ms"_s, lifetimePercentileMs(50)},
        {u"lifetime_p99_ms"_s, lifetimePercentileMs(99)},
        {u"lifetimes_measured"_s, m_lifetimesNs.size()},
        {u"requests_per_connection"_s, perConnection < 0 ? QJsonValue() : perConnection},
        {u"requests_measured"_s, requestsMeasured()},
        {u"requests_estimated"_s, requestsEstimated()},
        {u"closes"_s, closes},
        {u"close_wait"_s, m_last.closeWait},
        {u"close_wait_peak"_s, m_closeWaitPeak},
        {u"time_wait"_s, m_last.timeWait},
        {u"time_wait_peak"_s, m_timeWaitPeak},
        {u"ports_in_use"_s, m_last.portsInUse},
        {u"port_range"_s, m_last.portRange},
        {u"port_headroom_low"_s, m_headroomLow},
        {u"retransmits"_s, m_last.retransmits},
        {u"zero_window"_s, m_last.zeroWindow},
        {u"zero_window_peak"_s, m_zeroWindowPeak},
        {u"idle_over_cutoff"_s, m_last.idleOverCutoff},
        {u"idle_over_cutoff_peak"_s, m_idleOverCutoffPeak},
        {u"timeline"_s, timeline},
    };
}

#include "observedmetrics.h"

#include "prometheustext.h"

using namespace Qt::StringLiterals;

void ObservedMetrics::add(const ObservedFeed &feed)
{
    m_seen = true;
    m_findings = feed.findings;
    for (const ObservedEvent &event : feed.events) {
        if (event.kind == ObservedEvent::Kind::Opened && !event.alreadyOpen)
            ++m_opened;
        else if (event.kind == ObservedEvent::Kind::Closed)
            ++m_closed[size_t(event.side)];
    }
}

QByteArray ObservedMetrics::exposition() const
{
    PrometheusText out;
    if (!m_seen)
        return out.text();
    const PrometheusText::Labels pool{{u"pool"_s, m_pool}};
    out.family(u"db_client_connections"_s, u"gauge"_s,
               u"Observed connections open now, by state: used when data moved since the last "
               "reading (db.client.connection.count)"_s);
    for (const auto &[state, value] :
         {std::pair(u"idle"_s, m_findings.idle), std::pair(u"used"_s, m_findings.inUse)})
        out.sample(u"db_client_connections"_s,
                   {{u"pool"_s, m_pool}, {u"db_client_connection_state"_s, state}}, value);
    const std::tuple<QString, QString, double> gauges[] = {
        {u"poolscope_observed_close_wait_connections"_s,
         u"Connections the peer closed and the program has not noticed (CLOSE_WAIT)"_s,
         m_findings.closeWait},
        {u"poolscope_observed_time_wait_sockets"_s,
         u"Sockets in TIME_WAIT toward the observed destinations: closed by this host first"_s,
         m_findings.timeWait},
        {u"poolscope_observed_new_connections_per_second"_s,
         u"Connections opened over the last second"_s, m_findings.newPerSecond},
        {u"poolscope_observed_port_headroom"_s,
         u"Ephemeral ports still free toward the busiest destination (-1: range unknown)"_s,
         double(m_findings.portHeadroom())},
        {u"poolscope_observed_zero_window_connections"_s,
         u"Connections whose peer advertises no room to receive"_s, m_findings.zeroWindow},
        {u"poolscope_observed_idle_over_cutoff_connections"_s,
         u"Connections idle longer than the destination's idle cutoff, when one is given"_s,
         m_findings.idleOverCutoff},
        {u"poolscope_observed_retransmitted_segments"_s,
         u"Segments the open connections retransmitted since observing began (it falls as "
         "connections close)"_s,
         double(m_findings.retransmits)},
    };
    for (const auto &[name, help, value] : gauges) {
        out.family(name, u"gauge"_s, help);
        out.sample(name, pool, value);
    }
    out.family(u"poolscope_observed_dials_total"_s, u"counter"_s,
               u"Connections seen opening since observing began"_s);
    out.sample(u"poolscope_observed_dials_total"_s, pool, double(m_opened));
    out.family(u"poolscope_observed_closes_total"_s, u"counter"_s,
               u"Observed connections closed, by who closed first (local: the program)"_s);
    for (size_t side = 0; side < SideCount; ++side)
        out.sample(u"poolscope_observed_closes_total"_s,
                   {{u"pool"_s, m_pool}, {u"closed_by"_s, enumName(CloseSide(side))}},
                   double(m_closed[side]));
    return out.text();
}

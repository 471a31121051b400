#include "metricscollector.h"

#include "prometheustext.h"

using namespace Qt::StringLiterals;

using Labels = PrometheusText::Labels;

const QList<double> &MetricsCollector::bucketsSeconds()
{
    static const QList<double> buckets{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                       0.05,   0.1,     0.25,   0.5,   1,      2.5,   5,    10};
    return buckets;
}

void MetricsCollector::addFeed(const SessionFeed &feed)
{
    for (const PoolFeed &part : feed.pools) {
        Pool &pool = m_pools[part.pool];
        pool.id = part.pool;
        if (part.config)
            pool.config = part.config;
        if (part.snapshot)
            pool.stats = part.snapshot->stats;
        for (const LoadProgress &progress : part.workload)
            addProgress(pool, progress);
        for (const RunUpdate &run : part.runs) {
            if (run.progress)
                addProgress(pool, *run.progress);
        }
        pool.removed = pool.removed || part.removed;
    }
    if (feed.lab.counters)
        m_lab = feed.lab.counters;
    if (feed.lab.listening)
        m_labListening = *feed.lab.listening;
}

void MetricsCollector::addProgress(Pool &pool, const LoadProgress &progress)
{
    // Intervals, not the totals: those start again at a statistics reset, and a counter only
    // grows.
    Requests &r = pool.requests;
    r.ok += progress.intervalOk();
    r.failed += progress.intervalFailed;
    r.staleRetries += progress.intervalStaleRetries;
    r.acquireTimeouts += progress.intervalAcquireTimeouts;
    r.requestTimeouts += progress.intervalRequestTimeouts;
    r.latency.merge(progress.intervalLatency);
}

QString MetricsCollector::label(const Pool &pool) const
{
    return pool.config && !pool.config->name.isEmpty() ? pool.config->name
                                                       : u"pool%1"_s.arg(pool.id);
}

QByteArray MetricsCollector::exposition() const
{
    PrometheusText out;
    writePoolInfo(out);
    writeConnections(out);
    writeLimits(out);
    writeDurations(out);
    writeCounters(out);
    writeRequests(out);
    writeLab(out);
    return out.text();
}

void MetricsCollector::writePoolInfo(PrometheusText &out) const
{
    out.family(u"poolscope_pool_info"_s, u"gauge"_s,
               u"1 for each pool: what it connects to, its protocol, TLS, and whether it has "
               "closed"_s);
    for (const auto &[id, pool] : m_pools) {
        if (!pool.config)
            continue;
        const PoolSettings &s = pool.config->settings;
        out.sample(u"poolscope_pool_info"_s,
                   {{u"pool"_s, label(pool)},
                    {u"target"_s, pool.config->targetsLab ? u"lab"_s : s.target()},
                    {u"protocol"_s, enumName(pool.config->load.protocol.kind)},
                    {u"tls"_s, s.tls ? u"true"_s : u"false"_s},
                    {u"state"_s, pool.removed ? u"closed"_s : u"ready"_s}},
                   1);
    }
}

void MetricsCollector::writeConnections(PrometheusText &out) const
{
    // db.client.connection.count would be db_client_connection_count, a suffix Prometheus keeps
    // for histograms and summaries (promtool check metrics refuses it on a gauge).
    out.family(u"db_client_connections"_s, u"gauge"_s,
               u"Connections open now, by state (db.client.connection.count)"_s);
    for (const auto &[id, pool] : m_pools) {
        if (!pool.stats)
            continue;
        for (const auto &[state, value] :
             {std::pair(u"idle"_s, pool.stats->idle), std::pair(u"used"_s, pool.stats->inUse)})
            out.sample(u"db_client_connections"_s,
                       {{u"pool"_s, label(pool)}, {u"db_client_connection_state"_s, state}}, value);
    }
    out.family(u"db_client_connection_pending_requests"_s, u"gauge"_s,
               u"Acquires waiting for a connection (db.client.connection.pending_requests)"_s);
    for (const auto &[id, pool] : m_pools) {
        if (pool.stats)
            out.sample(u"db_client_connection_pending_requests"_s, {{u"pool"_s, label(pool)}},
                       pool.stats->waiting);
    }
    out.family(u"poolscope_pool_dialing_connections"_s, u"gauge"_s,
               u"Connections being resolved, connected or in their TLS handshake"_s);
    for (const auto &[id, pool] : m_pools) {
        if (pool.stats)
            out.sample(u"poolscope_pool_dialing_connections"_s, {{u"pool"_s, label(pool)}},
                       pool.stats->dialing);
    }
}

void MetricsCollector::writeLimits(PrometheusText &out) const
{
    const std::tuple<QString, QString, int PoolSettings::*> limits[] = {
        {u"db_client_connection_max"_s,
         u"Max connections the pool allows (db.client.connection.max)"_s,
         &PoolSettings::maxConnections},
        {u"db_client_connection_idle_max"_s,
         u"Max idle connections the pool keeps: its max connections, as it closes none for "
         "being one too many (db.client.connection.idle.max)"_s,
         &PoolSettings::maxConnections},
        {u"db_client_connection_idle_min"_s,
         u"Idle connections the pool keeps ready: min idle (db.client.connection.idle.min)"_s,
         &PoolSettings::minIdle},
    };
    for (const auto &[name, help, field] : limits) {
        out.family(name, u"gauge"_s, help);
        for (const auto &[id, pool] : m_pools) {
            if (pool.config)
                out.sample(name, {{u"pool"_s, label(pool)}}, pool.config->settings.*field);
        }
    }
}

void MetricsCollector::writeDurations(PrometheusText &out) const
{
    const std::tuple<QString, QString, LatencyHistogram PoolStats::*> durations[] = {
        {u"db_client_connection_create_time_seconds"_s,
         u"Time to create a connection: resolve and TCP connect, the TLS handshake apart "
         "(db.client.connection.create_time)"_s,
         &PoolStats::dialTime},
        {u"db_client_connection_wait_time_seconds"_s,
         u"Time to obtain a connection from the pool (db.client.connection.wait_time)"_s,
         &PoolStats::acquireWait},
        {u"db_client_connection_use_time_seconds"_s,
         u"Time between borrowing a connection and returning it "
         "(db.client.connection.use_time)"_s,
         &PoolStats::holdTime},
        {u"poolscope_pool_tls_handshake_seconds"_s, u"TLS handshakes of new connections"_s,
         &PoolStats::tlsTime},
    };
    for (const auto &[name, help, field] : durations) {
        out.family(name, u"histogram"_s, help);
        for (const auto &[id, pool] : m_pools) {
            if (pool.stats)
                out.histogram(name, {{u"pool"_s, label(pool)}}, (*pool.stats).*field,
                              bucketsSeconds());
        }
    }
}

void MetricsCollector::writeCounters(PrometheusText &out) const
{
    const std::tuple<QString, QString, quint64 PoolStats::*> counters[] = {
        {u"db_client_connection_timeouts_total"_s,
         u"Acquires that timed out waiting for a connection (db.client.connection.timeouts)"_s,
         &PoolStats::acquireTimeouts},
        {u"poolscope_pool_dials_total"_s, u"Connections dialed, failed ones included"_s,
         &PoolStats::dials},
        {u"poolscope_pool_acquisitions_total"_s, u"Leases handed out"_s, &PoolStats::acquisitions},
        {u"poolscope_pool_handshakes_saved_total"_s,
         u"Leases served from an idle connection: handshakes the pool saved"_s, &PoolStats::reuses},
    };
    for (const auto &[name, help, field] : counters) {
        out.family(name, u"counter"_s, help);
        for (const auto &[id, pool] : m_pools) {
            if (pool.stats)
                out.sample(name, {{u"pool"_s, label(pool)}}, double((*pool.stats).*field));
        }
    }
    out.family(u"poolscope_pool_dial_failures_total"_s, u"counter"_s,
               u"Dials that failed, by class"_s);
    for (const auto &[id, pool] : m_pools) {
        for (int e = 1; pool.stats && e < PoolStats::DialErrorCount; ++e)
            out.sample(u"poolscope_pool_dial_failures_total"_s,
                       {{u"pool"_s, label(pool)}, {u"class"_s, enumName(DialError(e))}},
                       double(pool.stats->dialFailuresByError[size_t(e)]));
    }
    out.family(u"poolscope_pool_closes_total"_s, u"counter"_s,
               u"Connections the pool closed or lost, by reason"_s);
    for (const auto &[id, pool] : m_pools) {
        for (int r = 1; pool.stats && r < PoolStats::ReasonCount; ++r)
            out.sample(u"poolscope_pool_closes_total"_s,
                       {{u"pool"_s, label(pool)}, {u"reason"_s, enumName(EvictionReason(r))}},
                       double(pool.stats->evictions[size_t(r)]));
    }
}

void MetricsCollector::writeRequests(PrometheusText &out) const
{
    out.family(u"poolscope_requests_total"_s, u"counter"_s,
               u"Requests of the pool's workload and runs that completed, by outcome"_s);
    for (const auto &[id, pool] : m_pools) {
        out.sample(u"poolscope_requests_total"_s,
                   {{u"pool"_s, label(pool)}, {u"outcome"_s, u"ok"_s}}, double(pool.requests.ok));
        out.sample(u"poolscope_requests_total"_s,
                   {{u"pool"_s, label(pool)}, {u"outcome"_s, u"failed"_s}},
                   double(pool.requests.failed));
    }
    const std::tuple<QString, QString, quint64 Requests::*> counters[] = {
        {u"poolscope_request_stale_retries_total"_s,
         u"Requests that failed on a reused connection and were retried on a new one"_s,
         &Requests::staleRetries},
        {u"poolscope_request_timeouts_total"_s,
         u"Requests with no whole response within the request timeout"_s,
         &Requests::requestTimeouts},
    };
    for (const auto &[name, help, field] : counters) {
        out.family(name, u"counter"_s, help);
        for (const auto &[id, pool] : m_pools)
            out.sample(name, {{u"pool"_s, label(pool)}}, double(pool.requests.*field));
    }
    out.family(u"poolscope_request_duration_seconds"_s, u"histogram"_s,
               u"What each request that succeeded took its caller, the wait for a connection "
               "included"_s);
    for (const auto &[id, pool] : m_pools)
        out.histogram(u"poolscope_request_duration_seconds"_s, {{u"pool"_s, label(pool)}},
                      pool.requests.latency, bucketsSeconds());
}

void MetricsCollector::writeLab(PrometheusText &out) const
{
    if (!m_lab)
        return;
    out.family(u"poolscope_lab_up"_s, u"gauge"_s, u"1 while the lab backend listens"_s);
    out.sample(u"poolscope_lab_up"_s, {}, m_labListening ? 1 : 0);
    out.family(u"poolscope_lab_connections"_s, u"gauge"_s,
               u"Connections open at the lab backend"_s);
    out.sample(u"poolscope_lab_connections"_s, {}, m_lab->open);
    const std::tuple<QString, QString, quint64 LabCounters::*> counters[] = {
        {u"poolscope_lab_accepted_total"_s, u"Connections the lab accepted"_s,
         &LabCounters::accepted},
        {u"poolscope_lab_requests_total"_s, u"Requests the lab answered"_s, &LabCounters::requests},
        {u"poolscope_lab_error_replies_total"_s, u"Error replies the lab sent"_s,
         &LabCounters::errorReplies},
        {u"poolscope_lab_received_bytes_total"_s, u"Application bytes the lab received"_s,
         &LabCounters::bytesIn},
        {u"poolscope_lab_sent_bytes_total"_s, u"Application bytes the lab sent"_s,
         &LabCounters::bytesOut},
    };
    for (const auto &[name, help, field] : counters) {
        out.family(name, u"counter"_s, help);
        out.sample(name, {}, double((*m_lab).*field));
    }
    out.family(u"poolscope_lab_closes_total"_s, u"counter"_s,
               u"Connections the lab saw close, by reason"_s);
    for (int r = 0; r < LabCounters::ReasonCount; ++r)
        out.sample(u"poolscope_lab_closes_total"_s,
                   {{u"reason"_s, enumName(LabCloseReason(r)).replace(u'-', u'_')}},
                   double(m_lab->closed[size_t(r)]));
}

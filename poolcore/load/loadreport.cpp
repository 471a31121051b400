#include "loadreport.h"

#include <QJsonArray>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

double round3(double value)
{
    return std::round(value * 1000.0) / 1000.0;
}

QString ms(qint64 ns)
{
    return QString::number(double(ns) / 1e6, 'f', 3);
}

// "  label   mean  p50  p90  p99  max" in milliseconds, or a dash when nothing was measured.
QString histogramRow(const QString &label, const LatencyHistogram &h)
{
    if (!h.count())
        return u"  %1%2\n"_s.arg(label.leftJustified(20), u"-"_s.rightJustified(9));
    QString row = u"  "_s + label.leftJustified(20);
    for (const qint64 ns :
         {qint64(h.mean()), h.percentile(50), h.percentile(90), h.percentile(99), h.max()})
        row += ms(ns).rightJustified(9);
    return row + u'\n';
}

// Over what the two runs measured; 0 when either side has nothing.
double ratio(double numerator, double denominator)
{
    return numerator > 0 && denominator > 0 ? round3(numerator / denominator) : 0;
}

} // namespace

void LoadReport::add(const RequestRecord &record)
{
    staleRetries += record.staleRetried;
    if (!record.ok()) {
        ++failed;
        ++errors[size_t(record.error)];
        failedLatency.record(record.totalNs);
        return;
    }
    ++ok;
    latency.record(record.totalNs);
    requestTime.record(record.requestNs);
    acquireWait.record(record.acquireWaitNs);
}

QJsonObject LoadReport::toJson() const
{
    QJsonObject errorCounts;
    for (int i = 1; i < ErrorCount; ++i) {
        if (errors[size_t(i)])
            errorCounts.insert(enumName(RequestError(i)), qint64(errors[size_t(i)]));
    }
    QJsonObject evicted;
    for (int i = 1; i < PoolStats::ReasonCount; ++i) {
        if (pool.evictions[size_t(i)])
            evicted.insert(enumName(EvictionReason(i)), qint64(pool.evictions[size_t(i)]));
    }
    QJsonObject settings = poolSettings.toJson();
    const QJsonObject load = loadSettings.toJson();
    for (auto it = load.begin(); it != load.end(); ++it)
        settings.insert(it.key(), it.value());
    return {
        {u"target"_s, target},
        {u"protocol"_s, enumName(loadSettings.protocol.kind)},
        {u"mode"_s, loadSettings.pooled ? u"pooled"_s : u"unpooled"_s},
        {u"settings"_s, settings},
        {u"duration_s"_s, round3(durationS)},
        {u"throughput_rps"_s, round3(throughput())},
        {u"requests"_s,
         QJsonObject{{u"ok"_s, qint64(ok)},
                     {u"failed"_s, qint64(failed)},
                     {u"stale_retries"_s, qint64(staleRetries)},
                     {u"not_sent"_s, qint64(notSent)},
                     {u"errors"_s, errorCounts}}},
        {u"gave_up"_s, gaveUp},
        {u"connections"_s,
         QJsonObject{{u"dialed"_s, qint64(pool.dials)},
                     {u"dial_failed"_s, qint64(pool.dialFailures)},
                     {u"closed_early"_s, qint64(pool.earlyCloses)},
                     {u"reused"_s, qint64(pool.reuses)},
                     {u"peak_open"_s, pool.peakOpen},
                     {u"evicted"_s, evicted}}},
        {u"handshakes_saved"_s, qint64(pool.handshakesSaved())},
        {u"latency_ms"_s, latency.toJsonMs()},
        {u"failed_latency_ms"_s, failedLatency.toJsonMs()},
        {u"request_ms"_s, requestTime.toJsonMs()},
        {u"acquire_wait_ms"_s, acquireWait.toJsonMs()},
        {u"dial_ms"_s, pool.dialTime.toJsonMs()},
        {u"tls_ms"_s, pool.tlsTime.toJsonMs()},
    };
}

QString LoadReport::toText() const
{
    QString text = u"PoolScope run: %1 (%2), %3\n"_s.arg(
        target, enumName(loadSettings.protocol.kind),
        loadSettings.pooled ? u"pooled"_s : u"unpooled (a new connection per request)"_s);
    text += u"  duration            %1 s\n"_s.arg(durationS, 0, 'f', 2);
    text += u"  requests            %1 ok, %2 failed, %3 stale retries\n"_s.arg(ok).arg(failed).arg(
        staleRetries);
    for (int i = 1; i < ErrorCount; ++i) {
        if (errors[size_t(i)])
            text += u"    %1 %2\n"_s.arg(enumName(RequestError(i)).leftJustified(22))
                        .arg(errors[size_t(i)]);
    }
    if (!gaveUp.isEmpty())
        text += u"    %1 not sent: gave up, the target could not be reached (%2)\n"_s.arg(notSent)
                    .arg(gaveUp);
    text += u"  throughput          %1 requests/s\n"_s.arg(throughput(), 0, 'f', 1);
    text += u"  connections         %1 dialed, %2 failed, %3 reused, peak %4 open\n"_s
                .arg(pool.dials)
                .arg(pool.dialFailures)
                .arg(pool.reuses)
                .arg(pool.peakOpen);
    if (pool.earlyCloses)
        text += u"    %1 closed by the server within %2 ms of the dial (failed dials for the "
                "back-off)\n"_s.arg(pool.earlyCloses)
                    .arg(PoolStats::EarlyCloseNs / 1'000'000);
    for (int i = 1; i < PoolStats::ReasonCount; ++i) {
        if (pool.evictions[size_t(i)])
            text += u"    closed: %1 %2\n"_s.arg(enumName(EvictionReason(i)).leftJustified(20))
                        .arg(pool.evictions[size_t(i)]);
    }
    text += u"  handshakes saved    %1 (%2 % of acquisitions reused a connection)\n"_s
                .arg(pool.handshakesSaved())
                .arg(pool.reuseRatio() * 100, 0, 'f', 1);
    text += u"  (ms)                    mean      p50      p90      p99      max\n"_s;
    text += histogramRow(u"latency"_s, latency);
    text += histogramRow(u"  on connection"_s, requestTime);
    text += histogramRow(u"  acquire wait"_s, acquireWait);
    if (failedLatency.count())
        text += histogramRow(u"latency (failed)"_s, failedLatency);
    text += histogramRow(u"dial (connect)"_s, pool.dialTime);
    if (pool.tlsTime.count())
        text += histogramRow(u"tls handshake"_s, pool.tlsTime);
    return text;
}

QJsonObject LoadReport::compareJson(const LoadReport &pooled, const LoadReport &unpooled)
{
    // Each ratio is how many times better pooled did: throughput up, latency down.
    const QJsonObject ratios{
        {u"throughput"_s, ratio(pooled.throughput(), unpooled.throughput())},
        {u"p50"_s,
         ratio(double(unpooled.latency.percentile(50)), double(pooled.latency.percentile(50)))},
        {u"p99"_s,
         ratio(double(unpooled.latency.percentile(99)), double(pooled.latency.percentile(99)))},
    };
    return {
        {u"pooled"_s, pooled.toJson()}, {u"unpooled"_s, unpooled.toJson()}, {u"ratios"_s, ratios}};
}

QString LoadReport::compareText(const LoadReport &pooled, const LoadReport &unpooled)
{
    const auto row
        = [](const QString &label, const QString &a, const QString &b, const QString &r) {
              return u"  %1%2%3%4\n"_s.arg(label.leftJustified(22), a.rightJustified(14),
                                           b.rightJustified(14), r.rightJustified(12));
          };
    const auto times = [](double value) {
        return value > 0 ? QString::number(value, 'f', 2) + u" x"_s : u"-"_s;
    };
    QString text = u"PoolScope compare: %1 (%2), same workload with and without the pool\n"_s.arg(
        pooled.target, enumName(pooled.loadSettings.protocol.kind));
    text += row(QString(), u"pooled"_s, u"unpooled"_s, u"pooled gain"_s);
    text += row(u"throughput (req/s)"_s, QString::number(pooled.throughput(), 'f', 1),
                QString::number(unpooled.throughput(), 'f', 1),
                times(ratio(pooled.throughput(), unpooled.throughput())));
    for (const double q : {50.0, 90.0, 99.0}) {
        const qint64 p = pooled.latency.percentile(q);
        const qint64 u = unpooled.latency.percentile(q);
        text += row(u"latency p%1 (ms)"_s.arg(q), ms(p), ms(u), times(ratio(double(u), double(p))));
    }
    text += row(u"requests ok / failed"_s, u"%1 / %2"_s.arg(pooled.ok).arg(pooled.failed),
                u"%1 / %2"_s.arg(unpooled.ok).arg(unpooled.failed), QString());
    text += row(u"connections dialed"_s, QString::number(pooled.pool.dials),
                QString::number(unpooled.pool.dials), QString());
    text += row(u"handshakes saved"_s, QString::number(pooled.pool.handshakesSaved()),
                QString::number(unpooled.pool.handshakesSaved()), QString());
    text += row(u"median connect (ms)"_s, ms(pooled.pool.dialTime.percentile(50)),
                ms(unpooled.pool.dialTime.percentile(50)), QString());
    if (pooled.pool.tlsTime.count() || unpooled.pool.tlsTime.count()) {
        text += row(u"median TLS handshake (ms)"_s, ms(pooled.pool.tlsTime.percentile(50)),
                    ms(unpooled.pool.tlsTime.percentile(50)), QString());
    }
    return text;
}

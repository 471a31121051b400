#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

class LatencyHistogram;

// The Prometheus text exposition format (version 0.0.4), written a family at a time: its HELP
// and TYPE lines, then its samples. Label values are escaped as the format asks; durations go
// out in seconds.
class PrometheusText
{
public:
    using Labels = QList<QPair<QString, QString>>;

    // type: "gauge", "counter" or "histogram". A counter's name ends in "_total", a
    // histogram's samples add "_bucket", "_sum" and "_count" to it.
    void family(const QString &name, const QString &type, const QString &help);
    void sample(const QString &name, const Labels &labels, double value);
    // Cumulative buckets at each bound (seconds), then +Inf, the sum (seconds) and the count.
    void histogram(const QString &name, const Labels &labels, const LatencyHistogram &histogram,
                   const QList<double> &boundsSeconds);
    const QByteArray &text() const { return m_text; }

    static QString number(double value);

private:
    void line(const QString &name, const Labels &labels, const QString &value);

    QByteArray m_text;
};

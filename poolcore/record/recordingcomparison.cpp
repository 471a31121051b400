#include "recordingcomparison.h"

#include <QJsonValue>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

double RecordingComparison::Row::ratio() const
{
    return first > 0 && second > 0 ? second / first : std::numeric_limits<double>::quiet_NaN();
}

QList<RecordingComparison::Row> RecordingComparison::rows() const
{
    const QJsonObject a = first.toJson();
    const QJsonObject b = second.toJson();
    QList<Row> rows;
    for (const QString &key :
         {u"requests_per_second"_s, u"latency_p50_ms"_s, u"latency_p99_ms"_s,
          u"acquire_wait_p99_ms"_s, u"requests"_s, u"failed"_s, u"stale_retries"_s,
          u"acquire_timeouts"_s, u"request_timeouts"_s, u"dials"_s, u"dial_failures"_s, u"reuses"_s,
          u"evictions"_s, u"peak_open"_s, u"load_seconds"_s, u"seconds"_s}) {
        const bool whole = !key.endsWith(u"_ms"_s) && key != u"requests_per_second"_s
            && !key.endsWith(u"seconds"_s);
        rows.append({key, a[key].toDouble(), b[key].toDouble(), whole});
    }
    return rows;
}

QJsonObject RecordingComparison::toJson() const
{
    QJsonObject a = first.toJson();
    a[u"file"_s] = firstName;
    QJsonObject b = second.toJson();
    b[u"file"_s] = secondName;
    QJsonObject ratios;
    for (const Row &row : rows())
        ratios[row.key] = std::isnan(row.ratio()) ? QJsonValue() : QJsonValue(row.ratio());
    return {{u"first"_s, a}, {u"second"_s, b}, {u"ratios"_s, ratios}};
}

QString RecordingComparison::toText() const
{
    const auto number = [](const Row &row, double value) {
        return row.whole ? QString::number(qint64(value)) : QString::number(value, 'f', 2);
    };
    QString text = u"first:  %1 (%2, %3 s)\nsecond: %4 (%5, %6 s)\n\n"_s.arg(
        firstName, first.target, QString::number(first.seconds, 'f', 1), secondName, second.target,
        QString::number(second.seconds, 'f', 1));
    text += u"%1 %2 %3 %4\n"_s.arg(u""_s, -22)
                .arg(u"first"_s, 12)
                .arg(u"second"_s, 12)
                .arg(u"second ÷ first"_s, 15);
    for (const Row &row : rows()) {
        const QString ratio
            = std::isnan(row.ratio()) ? u"–"_s : QString::number(row.ratio(), 'f', 2) + u"×"_s;
        text += u"%1 %2 %3 %4\n"_s.arg(row.key, -22)
                    .arg(number(row, row.first), 12)
                    .arg(number(row, row.second), 12)
                    .arg(ratio, 15);
    }
    return text;
}

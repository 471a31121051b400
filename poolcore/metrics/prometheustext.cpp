#include "prometheustext.h"

#include "latencyhistogram.h"

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

QString escaped(QString value)
{
    return value.replace(u"\\"_s, u"\\\\"_s).replace(u"\""_s, u"\\\""_s).replace(u"\n"_s, u"\\n"_s);
}

} // namespace

void PrometheusText::family(const QString &name, const QString &type, const QString &help)
{
    QString text = help;
    text.replace(u"\\"_s, u"\\\\"_s).replace(u"\n"_s, u"\\n"_s);
    m_text += u"# HELP %1 %2\n# TYPE %1 %3\n"_s.arg(name, text, type).toUtf8();
}

void PrometheusText::sample(const QString &name, const Labels &labels, double value)
{
    line(name, labels, number(value));
}

void PrometheusText::histogram(const QString &name, const Labels &labels,
                               const LatencyHistogram &histogram,
                               const QList<double> &boundsSeconds)
{
    for (const double bound : boundsSeconds) {
        Labels withBound = labels;
        withBound.append({u"le"_s, number(bound)});
        line(name + u"_bucket"_s, withBound,
             number(double(histogram.countAtMost(qint64(std::llround(bound * 1e9))))));
    }
    Labels infinity = labels;
    infinity.append({u"le"_s, u"+Inf"_s});
    line(name + u"_bucket"_s, infinity, number(double(histogram.count())));
    line(name + u"_sum"_s, labels, number(histogram.sum() / 1e9));
    line(name + u"_count"_s, labels, number(double(histogram.count())));
}

QString PrometheusText::number(double value)
{
    if (std::isnan(value))
        return u"NaN"_s;
    if (std::isinf(value))
        return value > 0 ? u"+Inf"_s : u"-Inf"_s;
    return QString::number(value, 'g', 15);
}

void PrometheusText::line(const QString &name, const Labels &labels, const QString &value)
{
    QString text = name;
    if (!labels.isEmpty()) {
        QStringList pairs;
        for (const auto &[key, label] : labels)
            pairs << u"%1=\"%2\""_s.arg(key, escaped(label));
        text += u"{"_s + pairs.join(u","_s) + u"}"_s;
    }
    m_text += (text + u" "_s + value + u"\n"_s).toUtf8();
}

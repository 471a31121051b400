#include "metricsoptions.h"

#include "metricsserver.h"
#include "optionparser.h"

#include <QEventLoop>
#include <QTimer>

using namespace Qt::StringLiterals;

void MetricsOptions::addTo(OptionParser &parser)
{
    parser.add(OptionParser::text(
        u"metrics-listen"_s, u"ADDR:PORT"_s,
        u"serve Prometheus metrics on http://ADDR:PORT/metrics (a loopback address unless "
        "--metrics-allow-remote; port 0 picks a free one)"_s,
        [this](const QString &value) { listen = value; }));
    parser.add(OptionParser::flag(
        u"metrics-allow-remote"_s,
        u"let --metrics-listen take an address other machines reach (the metrics name the "
        "backends and how they fare)"_s,
        [this] { allowRemote = true; }));
    parser.add(OptionParser::decimal(u"metrics-linger"_s, u"S"_s,
                                     u"keep serving the final metrics S seconds after the work "
                                     "ends, for a last scrape (default 0)"_s,
                                     3600, u"a number of seconds from 0 to 3600"_s,
                                     [this](double value) { lingerS = value; }));
}

bool MetricsOptions::start(MetricsServer &server, QString *error) const
{
    if (!server.listen(listen, allowRemote, error)) {
        *error = u"--metrics-listen: "_s + *error;
        return false;
    }
    OptionParser::printLine(stderr, u"metrics: serving %1"_s.arg(server.url()));
    return true;
}

void MetricsOptions::linger() const
{
    if (lingerS <= 0)
        return;
    QEventLoop loop;
    QTimer::singleShot(int(lingerS * 1000), &loop, &QEventLoop::quit);
    loop.exec();
}

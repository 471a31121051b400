#pragma once

#include <QString>

class MetricsServer;
class OptionParser;

// The options every command that serves /metrics takes (docs/metrics.md): --metrics-listen
// ADDR:PORT, --metrics-allow-remote, and --metrics-linger S, how long the final figures are
// still served after the command's work ends, so that a scraper's next scrape sees them.
struct MetricsOptions
{
    QString listen; // empty: no metrics
    bool allowRemote = false;
    double lingerS = 0;

    void addTo(OptionParser &parser);
    bool wanted() const { return !listen.isEmpty(); }
    // Starts the server on listen; false and *error ("--metrics-listen: ...") when it cannot.
    // On success prints where the metrics are on stderr, as the first line about them.
    bool start(MetricsServer &server, QString *error) const;
    // Serves the final figures for lingerS seconds (nothing when 0).
    void linger() const;
};

#pragma once

#include "metricscollector.h"

#include <QObject>

#include <memory>

class MetricsServer;
class PreferencesDialog;
class Session;

// The window's /metrics (docs/metrics.md): the session's feed into a MetricsCollector, and a
// MetricsServer on the address the command line (--metrics-listen) or File → Preferences asks
// for. It lives in the app, beside the session: the window only asks, and shows the answer.
class WindowMetrics : public QObject
{
    Q_OBJECT
public:
    WindowMetrics(Session *session, PreferencesDialog *preferences, QObject *parent = nullptr);
    ~WindowMetrics() override;

    // Serves on address (empty: stops); the answer goes to the dialog and, once serving, the
    // URL to stderr as the commands print it. Why it cannot, or empty.
    QString serve(const QString &address, bool allowRemote);

private:
    PreferencesDialog *m_preferences;
    MetricsCollector m_collector;
    std::unique_ptr<MetricsServer> m_server;
};

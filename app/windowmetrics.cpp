#include "windowmetrics.h"

#include "metricsserver.h"
#include "optionparser.h"
#include "preferencesdialog.h"
#include "session.h"

using namespace Qt::StringLiterals;

WindowMetrics::WindowMetrics(Session *session, PreferencesDialog *preferences, QObject *parent)
    : QObject(parent)
    , m_preferences(preferences)
{
    connect(session, &Session::feedDelivered, this,
            [this](const SessionFeed &feed) { m_collector.addFeed(feed); });
    connect(preferences, &PreferencesDialog::metricsRequested, this,
            [this](const QString &address, bool allowRemote) { serve(address, allowRemote); });
}

WindowMetrics::~WindowMetrics() = default;

QString WindowMetrics::serve(const QString &address, bool allowRemote)
{
    m_server.reset();
    if (address.isEmpty()) {
        m_preferences->showMetricsStatus({}, {});
        return {};
    }
    auto server = std::make_unique<MetricsServer>([this] { return m_collector.exposition(); });
    QString error;
    if (!server->listen(address, allowRemote, &error)) {
        m_preferences->showMetricsStatus({}, error);
        return error;
    }
    m_server = std::move(server);
    m_preferences->showMetricsStatus(m_server->url(), {});
    OptionParser::printLine(stderr, u"metrics: serving %1"_s.arg(m_server->url()));
    return {};
}

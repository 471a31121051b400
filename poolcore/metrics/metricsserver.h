#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>

class QHttpServer;

// Serves GET /metrics in the Prometheus text exposition format, with Qt's HTTP server, on the
// thread it lives on. It binds to a loopback address unless told otherwise: the figures name
// the backends a machine talks to, which is nobody else's business by default.
class MetricsServer : public QObject
{
    Q_OBJECT
public:
    explicit MetricsServer(std::function<QByteArray()> exposition, QObject *parent = nullptr);
    ~MetricsServer() override;

    // address is "HOST:PORT" with HOST a numeric address or localhost and PORT 0 for any free
    // one. An address other than loopback is refused unless allowRemote. False and *error
    // (what was wrong and what is accepted) when it cannot listen there.
    bool listen(const QString &address, bool allowRemote, QString *error);
    quint16 port() const { return m_port; }
    // "http://127.0.0.1:9464/metrics"
    QString url() const { return m_url; }
    quint64 scrapes() const { return m_scrapes; }

private:
    std::function<QByteArray()> m_exposition;
    std::unique_ptr<QHttpServer> m_server;
    quint16 m_port = 0;
    QString m_url;
    quint64 m_scrapes = 0;
};

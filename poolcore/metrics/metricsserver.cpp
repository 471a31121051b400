#include "metricsserver.h"

#include "endpoint.h"

#include <QHttpServer>
#include <QHttpServerResponse>

using namespace Qt::StringLiterals;

namespace {

const QString Accepted = u"accepted: HOST:PORT with HOST a numeric address or localhost and "
                         "PORT 0 (any free one) to 65535, e.g. 127.0.0.1:9464 or [::1]:9464"_s;

} // namespace

MetricsServer::MetricsServer(std::function<QByteArray()> exposition, QObject *parent)
    : QObject(parent)
    , m_exposition(std::move(exposition))
{ }

MetricsServer::~MetricsServer() = default;

bool MetricsServer::listen(const QString &address, bool allowRemote, QString *error)
{
    const std::optional<Endpoint> endpoint = Endpoint::parse(address);
    if (!endpoint) {
        *error = u"\"%1\" is not an address to listen on; "_s.arg(address) + Accepted;
        return false;
    }
    // Only numeric addresses and localhost: any other name would be looked up in DNS.
    QHostAddress host(endpoint->host);
    if (endpoint->host == u"localhost"_s)
        host = QHostAddress(QHostAddress::LocalHost);
    if (host.isNull()) {
        *error = u"\"%1\" is not a numeric address; "_s.arg(endpoint->host) + Accepted;
        return false;
    }
    if (!host.isLoopback() && !allowRemote) {
        *error = u"%1 is not a loopback address: the metrics name the backends this machine "
                 "talks to and how they fare, so they are served to other machines only with "
                 "--metrics-allow-remote"_s.arg(host.toString());
        return false;
    }
    m_server = std::make_unique<QHttpServer>();
    m_server->route(u"/metrics"_s, QHttpServerRequest::Method::Get, [this] {
        ++m_scrapes;
        QHttpServerResponse response("text/plain; version=0.0.4; charset=utf-8", m_exposition());
        return response;
    });
    m_server->afterRequest([](QHttpServerResponse &&response) { return std::move(response); });
    m_port = m_server->listen(host, quint16(endpoint->port));
    if (!m_port) {
        *error = u"cannot listen on %1: the port is taken or not allowed"_s.arg(
            Endpoint::of(host, quint16(endpoint->port)));
        m_server.reset();
        return false;
    }
    m_url = u"http://%1/metrics"_s.arg(Endpoint::of(host, m_port));
    return true;
}

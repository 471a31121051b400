#include "labserver.h"

#include "endpoint.h"
#include "labcertificate.h"
#include "labconnection.h"
#include "lablistener.h"

#include <QSslSocket>

#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

LabServer::LabServer(QObject *parent)
    : QObject(parent)
    , m_listener(new LabListener(this))
    , m_restartTimer(this) // a child, so it moves to the lab thread with the server
{
    connect(m_listener, &LabListener::descriptorAccepted, this, &LabServer::onDescriptorAccepted);
    m_restartTimer.setSingleShot(true);
    connect(&m_restartTimer, &QTimer::timeout, this, [this] {
        QString error;
        if (!listen(m_address, m_port, &error))
            Q_EMIT errorOccurred(u"restart: "_s + error);
    });
}

LabServer::~LabServer()
{
    stop();
}

QStringList LabServer::accept(const LabSettings &settings)
{
    QStringList errors = settings.validate();
    if (errors.isEmpty() && settings.tls && m_sslConfiguration.isNull()) {
        m_sslConfiguration = LabCertificate::serverConfiguration();
        if (m_sslConfiguration.isNull())
            errors << u"tls: the lab certificate could not be loaded from the resources"_s;
    }
    return errors;
}

QStringList LabServer::start(const LabSettings &settings)
{
    if (QStringList errors = accept(settings); !errors.isEmpty())
        return errors;
    stop();
    m_settings = settings;
    QString error;
    if (!listen(settings.address, quint16(settings.port), &error))
        return {error};
    // From now on the settings say where it listens, and it keeps that port across restarts
    // and knob changes.
    m_settings.port = m_port;
    return {};
}

void LabServer::stop()
{
    m_restartTimer.stop();
    forEachConnection(
        [](LabConnection *connection) { connection->drop(LabCloseReason::Shutdown); });
    stopListening();
}

QStringList LabServer::setSettings(const LabSettings &settings)
{
    if (QStringList errors = accept(settings); !errors.isEmpty())
        return errors;
    const bool moved = settings.address != m_settings.address || settings.port != m_settings.port;
    if (moved && (m_listening || m_restartTimer.isActive())) {
        const QHostAddress oldAddress = m_address;
        const quint16 oldPort = m_port;
        m_restartTimer.stop();
        stopListening();
        QString error;
        if (!listen(settings.address, quint16(settings.port), &error)) {
            QString ignored;
            listen(oldAddress, oldPort, &ignored);
            return {error};
        }
    }
    const bool pauseChanged = settings.pauseAccepting != m_settings.pauseAccepting;
    m_settings = settings;
    if (pauseChanged && m_listening)
        applyAcceptPause();
    forEachConnection([](LabConnection *connection) { connection->settingsChanged(); });
    return {};
}

void LabServer::restart(qint64 downMs)
{
    forEachConnection([](LabConnection *connection) { connection->drop(LabCloseReason::Restart); });
    if (!m_listening && !m_restartTimer.isActive())
        return;
    stopListening();
    m_restartTimer.start(int(std::clamp<qint64>(downMs, 0, INT_MAX)));
}

void LabServer::resetAll()
{
    forEachConnection([](LabConnection *connection) { connection->reset(LabCloseReason::Reset); });
}

QHostAddress LabServer::address() const
{
    const QMutexLocker locker(&m_mutex);
    return m_address;
}

quint16 LabServer::port() const
{
    const QMutexLocker locker(&m_mutex);
    return m_port;
}

bool LabServer::isListening() const
{
    const QMutexLocker locker(&m_mutex);
    return m_listening;
}

LabCounters LabServer::counters() const
{
    const QMutexLocker locker(&m_mutex);
    return m_counters;
}

void LabServer::onDescriptorAccepted(qintptr descriptor)
{
    count([](LabCounters &counters) { ++counters.accepted; });
    if (m_settings.maxClients > 0 && m_connections.size() >= m_settings.maxClients) {
        // Accept, then reset: what a server at its limit does; the client sees a connection
        // that dies at once rather than a timeout.
        count([](LabCounters &counters) {
            ++counters.closed[size_t(LabCloseReason::OverMaxClients)];
        });
        const linger noLinger{1, 0};
        ::setsockopt(int(descriptor), SOL_SOCKET, SO_LINGER, &noLinger, sizeof noLinger);
        ::close(int(descriptor));
        return;
    }
    QSslSocket *sslSocket = m_settings.tls ? new QSslSocket : nullptr;
    QTcpSocket *socket = sslSocket ? sslSocket : new QTcpSocket;
    if (!socket->setSocketDescriptor(descriptor)) {
        Q_EMIT errorOccurred(u"cannot take an accepted socket: "_s + socket->errorString());
        delete socket;
        ::close(int(descriptor));
        count(
            [](LabCounters &counters) { ++counters.closed[size_t(LabCloseReason::ClientClosed)]; });
        return;
    }
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    auto *connection = new LabConnection(socket, m_settings, this);
    m_connections.insert(connection);
    count([](LabCounters &counters) { ++counters.open; });
    connect(connection, &LabConnection::bytesReceived, this, [this](qint64 bytes) {
        count([bytes](LabCounters &c) { c.bytesIn += quint64(bytes); });
    });
    connect(connection, &LabConnection::bytesSent, this, [this](qint64 bytes) {
        count([bytes](LabCounters &c) { c.bytesOut += quint64(bytes); });
    });
    connect(connection, &LabConnection::requestAnswered, this, [this](bool errorReply) {
        count([errorReply](LabCounters &c) {
            ++c.requests;
            c.errorReplies += errorReply ? 1 : 0;
        });
    });
    connect(connection, &LabConnection::wentSilent, this,
            [this] { count([](LabCounters &c) { ++c.silentDrops; }); });
    connect(connection, &LabConnection::finished, this, [this, connection](LabCloseReason reason) {
        m_connections.remove(connection);
        count([reason](LabCounters &c) {
            --c.open;
            ++c.closed[size_t(reason)];
        });
    });
    if (sslSocket) {
        sslSocket->setSslConfiguration(m_sslConfiguration);
        sslSocket->startServerEncryption();
    }
}

bool LabServer::listen(const QHostAddress &address, quint16 port, QString *error)
{
    m_listener->setListenBacklogSize(m_settings.pauseAccepting ? PausedListenBacklog
                                                               : ListenBacklog);
    if (!m_listener->listen(address, port)) {
        *error = u"cannot listen on %1: %2"_s.arg(Endpoint::of(address, port),
                                                  m_listener->errorString());
        return false;
    }
    if (m_settings.pauseAccepting)
        m_listener->pauseAccepting();
    {
        const QMutexLocker locker(&m_mutex);
        m_address = address;
        m_port = m_listener->serverPort();
        m_listening = true;
    }
    Q_EMIT listeningChanged(true);
    return true;
}

void LabServer::stopListening()
{
    if (!m_listener->isListening())
        return;
    m_listener->close();
    {
        const QMutexLocker locker(&m_mutex);
        m_listening = false;
    }
    Q_EMIT listeningChanged(false);
}

void LabServer::applyAcceptPause()
{
    // listen() again on a listening socket changes its backlog (Linux), keeping what is
    // already queued.
    const int backlog = m_settings.pauseAccepting ? PausedListenBacklog : ListenBacklog;
    ::listen(int(m_listener->socketDescriptor()), backlog);
    if (m_settings.pauseAccepting)
        m_listener->pauseAccepting();
    else
        m_listener->resumeAccepting();
}

void LabServer::forEachConnection(const std::function<void(LabConnection *)> &function)
{
    // A connection that finishes leaves the set while this runs.
    const QSet<LabConnection *> connections = m_connections;
    for (LabConnection *connection : connections) {
        if (m_connections.contains(connection))
            function(connection);
    }
}

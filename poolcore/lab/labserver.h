#pragma once

#include "labcounters.h"
#include "labsettings.h"

#include <QHostAddress>
#include <QMutex>
#include <QObject>
#include <QSet>
#include <QSslConfiguration>
#include <QTimer>

class LabConnection;
class LabListener;

// The lab backend: a server that speaks one protocol and misbehaves on request. It lives on
// one thread's event loop (LabHost gives it one of its own) and every call must come from that
// thread, except the getters marked thread-safe.
class LabServer : public QObject
{
    Q_OBJECT
public:
    static constexpr int ListenBacklog = 1024;
    // While paused, the kernel queues at most one connection; the rest of the SYNs are dropped
    // and those connects time out, as with a server that stopped calling accept().
    static constexpr int PausedListenBacklog = 0;

    explicit LabServer(QObject *parent = nullptr);
    ~LabServer() override; // drops every connection (Shutdown)

    // Validates and listens. Returns the errors; empty: listening.
    QStringList start(const LabSettings &settings);
    // Drops every connection (Shutdown) and stops listening.
    void stop();
    // Applies new settings live (see LabSettings). Returns the errors; on errors nothing
    // changes.
    QStringList setSettings(const LabSettings &settings);
    const LabSettings &settings() const { return m_settings; }

    // Drops every connection, stops listening, and listens again on the same port after
    // downMs.
    void restart(qint64 downMs);
    // Sends an RST on every open connection.
    void resetAll();

    // Thread-safe.
    QHostAddress address() const;
    quint16 port() const;
    bool isListening() const;
    LabCounters counters() const;

Q_SIGNALS:
    // Emitted on the server's thread.
    void listeningChanged(bool listening);
    void errorOccurred(const QString &message);

private:
    // Validates settings and loads what TLS needs; the errors, or none.
    QStringList accept(const LabSettings &settings);
    void onDescriptorAccepted(qintptr descriptor);
    bool listen(const QHostAddress &address, quint16 port, QString *error);
    void stopListening();
    void applyAcceptPause();
    void forEachConnection(const std::function<void(LabConnection *)> &function);
    template<typename Function> void count(Function function)
    {
        const QMutexLocker locker(&m_mutex);
        function(m_counters);
    }

    LabSettings m_settings; // connections read it live
    LabListener *m_listener;
    QSslConfiguration m_sslConfiguration;
    QSet<LabConnection *> m_connections;
    QTimer m_restartTimer;

    mutable QMutex m_mutex; // guards what the thread-safe getters read
    LabCounters m_counters;
    QHostAddress m_address;
    quint16 m_port = 0;
    bool m_listening = false;
};

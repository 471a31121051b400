#pragma once

#include "labcounters.h"
#include "labsettings.h"

#include <QHostAddress>
#include <QObject>
#include <QThread>

#include <functional>
#include <memory>

class LabServer;

// For tests and benchmarks: a LabServer on a thread of its own, so serving does not take time
// from the client being measured, with calls that wait for the lab's thread (which only ever
// takes a moment) and answer at once. start() and stop() belong to the thread that created it;
// every other call may come from any thread while it runs. The Session's own lab never blocks.
class LabThread : public QObject
{
    Q_OBJECT
public:
    explicit LabThread(QObject *parent = nullptr);
    ~LabThread() override; // stops the lab

    // Starts the lab thread and listens. Returns the errors (empty: listening).
    QStringList start(const LabSettings &settings);
    // Drops every connection (Shutdown), stops listening and ends the thread.
    void stop();
    bool isRunning() const { return m_server != nullptr; }

    // Applies settings live; returns the errors (on errors nothing changes).
    QStringList setSettings(const LabSettings &settings);
    LabSettings settings() const;

    QHostAddress address() const;
    quint16 port() const;
    bool isListening() const;
    LabCounters counters() const;

    // Drops every connection, stops listening, listens again on the same port after downMs.
    void restart(qint64 downMs);
    // Sends an RST on every open connection.
    void resetAll();

Q_SIGNALS:
    // Emitted on the host's thread.
    void listeningChanged(bool listening);
    void errorOccurred(const QString &message);

private:
    void runOnLabThread(const std::function<void()> &function) const;

    std::unique_ptr<QThread> m_thread;
    LabServer *m_server = nullptr; // lives on m_thread
};

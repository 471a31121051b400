#pragma once

#include "proberesolver.h"
#include "proberesult.h"

#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QTimer>

class ProbeConnection;

// Probes a target count times, like ping, each attempt step by step: resolve the name, then
// for each address in turn connect, shake hands (TLS) and time the first response byte of one
// protocol request. Asynchronous on the calling thread's event loop: it never blocks it, so it
// can run on a GUI thread.
class Prober : public QObject
{
    Q_OBJECT
public:
    explicit Prober(QObject *parent = nullptr);
    ~Prober() override;

    // Returns the settings' errors; empty: started (a running probe is stopped first, without
    // finished()).
    QStringList start(const ProbeSettings &settings);
    // Ends now, dropping the attempt under way; emits finished() with the attempts done.
    void stop();
    bool isRunning() const { return m_running; }
    const ProbeResult &result() const { return m_result; }

Q_SIGNALS:
    void stepFinished(int sequence, const ProbeStep &step);
    void attemptFinished(const ProbeAttempt &attempt);
    void finished(const ProbeResult &result);

private:
    void startAttempt();
    void onResolved(const ProbeStep &step);
    void connectNextAddress();
    void onConnectionStep(const ProbeStep &step);
    void onOpened();
    void addressDone();
    void finishAttempt();
    void record(const ProbeStep &step);
    void dropConnection();

    ProbeResolver m_resolver;
    QPointer<ProbeConnection> m_connection;
    QTimer m_intervalTimer;
    ProbeResult m_result;
    ProbeAttempt m_attempt;
    QList<QHostAddress> m_addresses;
    qsizetype m_addressIndex = 0;
    bool m_running = false;
};

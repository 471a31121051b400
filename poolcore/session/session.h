#pragma once

#include "loadprogress.h"
#include "poolevent.h"
#include "poolsnapshot.h"
#include "sessionprofile.h"

#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>

class ConnectionPool;
class LabHost;
class LoadDriver;
class PoolHost;

// What the window inspects: the embedded lab on its thread (LabHost), a pool on its own thread
// (PoolHost) and the workload that drives it (a LoadDriver, created on the pool's thread). The
// window talks to the session; the session talks to those threads. It never owns a socket
// itself.
//
// Every signal is emitted on the session's thread.
class Session : public QObject
{
    Q_OBJECT
public:
    explicit Session(QObject *parent = nullptr);
    ~Session() override;

    // Starts the lab, the pool (on the lab when the profile says so) and, when startWorkload,
    // the workload. Returns the errors (empty: running).
    QStringList start(const SessionProfile &profile, bool startWorkload = true);
    bool isStarted() const;
    // MonotonicClock time when the session was made: zero on every time axis.
    qint64 epochNs() const { return m_epochNs; }

    PoolHost *poolHost() const { return m_poolHost; }
    LabHost *lab() const { return m_lab; }
    // The settings as last applied (for the lab, with the port it really listens on).
    SessionProfile profile() const { return m_profile; }
    // Applies every part; returns the errors of the parts that were refused.
    QStringList applyProfile(const SessionProfile &profile);

    // The pool's settings apply live; with targetsLab, host and port become the lab's.
    QStringList setPoolSettings(const PoolSettings &settings);
    QStringList setTarget(const QString &host, int port, bool tls);
    QStringList targetLab(bool tls);
    bool targetsLab() const { return m_profile.targetsLab; }
    void flushPool();

    QStringList setLabSettings(const LabSettings &settings);
    void restartLab(qint64 downMs);
    void resetLabConnections();

    QStringList setLoadSettings(const LoadSettings &settings);
    // The protocol of the workload, and of the lab when the pool targets it.
    QStringList setProtocol(ProtocolKind kind);
    void startWorkload();
    void stopWorkload();
    bool isWorkloadRunning() const { return m_workloadRunning; }

    // A second driver on the pool's thread for a separate run (the comparison); it is deleted
    // with the pool, or earlier by whoever made it (on the pool's thread).
    LoadDriver *createDriver();

Q_SIGNALS:
    void eventsDelivered(const QList<PoolEvent> &events);
    void snapshotDelivered(const PoolSnapshot &snapshot);
    void progressed(const LoadProgress &progress); // the main workload's
    void workloadRunningChanged(bool running);
    void profileChanged(const SessionProfile &profile);
    void labListeningChanged(bool listening);
    void errorOccurred(const QString &message);

private:
    PoolSettings effectivePoolSettings(PoolSettings settings) const;
    LoadSettings effectiveLoadSettings(LoadSettings settings) const;
    QStringList applyPool(const PoolSettings &settings);
    QStringList applyLoad(const LoadSettings &settings);
    void setWorkloadRunning(bool running);

    qint64 m_epochNs = 0;
    LabHost *m_lab;
    PoolHost *m_poolHost;
    LoadDriver *m_driver = nullptr; // lives on the pool's thread
    QMetaObject::Connection m_pendingStart; // pool thread only: a start waiting for a stop
    SessionProfile m_profile;
    bool m_workloadRunning = false;
};

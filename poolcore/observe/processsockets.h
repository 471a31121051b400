#pragma once

#include <QSet>
#include <QString>

// The sockets one process holds: the inodes behind its /proc/PID/fd links. Reading another
// user's /proc/PID/fd takes root or CAP_SYS_PTRACE; the kernel's socket table does not.
class ProcessSockets
{
public:
    enum class Status { Ok, NoSuchProcess, Refused, Failed };

    explicit ProcessSockets(qint64 pid);

    // Reads the process's descriptors again.
    Status read();
    // Only whether the process still runs (a zombie does not): what a reading costs when no
    // socket appeared that could be the process's.
    Status check();
    const QSet<quint64> &inodes() const { return m_inodes; }
    // For a status other than Ok: the cause and the way out.
    QString error() const { return m_error; }
    // Whether the process sees another network namespace than this one: its sockets are then
    // not in this namespace's table. false when that cannot be told.
    bool otherNetworkNamespace() const;

private:
    QString refusedMessage() const;
    Status noSuchProcess();

    qint64 m_pid;
    QSet<quint64> m_inodes;
    QString m_error;
};

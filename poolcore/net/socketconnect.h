#pragma once

#include "dialerror.h"

#include <QHostAddress>
#include <QObject>

#include <functional>
#include <memory>

class QSocketNotifier;

// One non-blocking TCP connect() to one address, on a descriptor of our own, handed over once
// connected (QAbstractSocket::setSocketDescriptor). QAbstractSocket connects by calling
// connect() again on every write notification: after a reset that arrives mid-handshake, the
// descriptor is closed and that call starts a new connection, so one dial to a server that
// accepts and resets became thousands of TCP connections. Here a dial is one connect().
class SocketConnect : public QObject
{
public:
    // Either descriptor >= 0 (connected, now the caller's), or error and message.
    using Done = std::function<void(qintptr descriptor, DialError error, const QString &message)>;

    explicit SocketConnect(QObject *parent = nullptr);
    ~SocketConnect() override; // closes a descriptor not yet handed over

    // Reports from the event loop, never from inside start().
    void start(const QHostAddress &address, quint16 port, Done done);

private:
    void finish(int error);

    qintptr m_descriptor = -1;
    std::unique_ptr<QSocketNotifier> m_writable;
    Done m_done;
};

// What a connect() error number means for a dial, and its message.
DialError dialErrorOfErrno(int error);

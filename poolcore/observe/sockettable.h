#pragma once

#include "observedsocket.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <functional>

// The kernel's table of TCP sockets, IPv4 and IPv6, read through sock_diag: one netlink socket,
// opened once, and one dump per family per read. It only asks: nothing here can change a
// socket (SOCK_DESTROY is never sent).
class SocketTable
{
public:
    SocketTable();
    ~SocketTable();
    SocketTable(const SocketTable &) = delete;
    SocketTable &operator=(const SocketTable &) = delete;

    // From now on, only the sockets with this port at either end (0: all): the kernel filters
    // them before it formats them, which most of a reading's cost is.
    void setPort(quint16 port) { m_port = port; }

    // Replaces rows with every TCP socket of this network namespace. false with error() set
    // when the kernel refused or answered what the parser could not read.
    bool read(QList<ObservedSocket> *rows);
    // The kernel's raw answer for one family, as recv() gave it: what a test records.
    bool dump(int family, QByteArray *bytes);

    // Why the last read failed: the cause and the way out, in one sentence.
    QString error() const { return m_error; }

private:
    bool open();
    // Sends the dump request and hands each recv() to take until take returns false; false
    // when the socket failed (error() says why).
    bool exchange(int family, const std::function<bool(QByteArrayView)> &take);

    int m_descriptor = -1;
    quint16 m_port = 0;
    quint32 m_sequence = 0;
    QByteArray m_buffer;
    QString m_error;
};

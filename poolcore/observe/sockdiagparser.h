#pragma once

#include "observedsocket.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

// The bytes of one sock_diag exchange (netlink NETLINK_SOCK_DIAG, SOCK_DIAG_BY_FAMILY for TCP):
// the dump request, and the kernel's answer turned into ObservedSocket rows. Touches no socket,
// so a test hands it bytes recorded from a kernel or made up.
class SockDiagParser
{
public:
    // A request for every TCP socket of family (AF_INET or AF_INET6) in every state, with
    // TCP_INFO; with a port, only the sockets with that port at either end, which the kernel
    // then leaves out before it formats them.
    static QByteArray request(int family, quint32 sequence, quint16 port = 0);

    // Appends the sockets in buffer (one recv()'s worth of netlink messages) to rows.
    // Returns false on a malformed message (error says where) or an NLMSG_ERROR from the kernel
    // (errorNumber is its errno); done is set when the dump's NLMSG_DONE arrived.
    bool parse(QByteArrayView buffer, QList<ObservedSocket> *rows);

    bool done() const { return m_done; }
    int errorNumber() const { return m_errorNumber; }
    QString error() const { return m_error; }

private:
    bool parseSocket(QByteArrayView payload, QList<ObservedSocket> *rows);
    bool fail(const QString &message);

    bool m_done = false;
    int m_errorNumber = 0;
    QString m_error;
};

#pragma once

#include <QHostAddress>
#include <QString>

#include <optional>

// "host:port" as users type it: a name or an IPv4 address, or an IPv6 address in brackets.
struct Endpoint
{
    QString host; // without brackets
    int port = 0;

    // nullopt unless text is HOST:PORT with a non-empty host and a port from 0 to 65535.
    static std::optional<Endpoint> parse(QStringView text);
    bool isIpAddress() const { return !QHostAddress(host).isNull(); }
    QString toString() const;
    // "1.2.3.4:80" or "[::1]:80": how messages and reports name a socket's peer.
    static QString of(const QHostAddress &address, quint16 port);
};

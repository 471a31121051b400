#pragma once

#include "link.h"
#include "sockettuning.h"

#include <QHostAddress>
#include <QList>
#include <QSslConfiguration>

#include <memory>
#include <optional>

// Where and how to dial: the addresses in the order to try (a refused or unreachable one moves
// on to the next), and TLS when tls is set.
struct DialTarget
{
    QList<QHostAddress> addresses;
    quint16 port = 0;
    std::optional<QSslConfiguration> tls;
    QString peerVerifyName; // the name the certificate must carry
    SocketTuning tuning;
};

// Opens links, like Go's driver.Connector: the pool's second seam, beside its Clock.
// Connector::sockets() connects with QTcpSocket and QSslSocket; state-machine tests use links
// they complete by hand.
class Connector
{
public:
    virtual ~Connector() = default;
    // Starts connecting; the link reports to listener from the event loop. No time limit: the
    // caller owns the connect timeout and destroys the link when it passes.
    virtual std::unique_ptr<Link> connect(const DialTarget &target, LinkListener *listener) = 0;

    static Connector &sockets();
};

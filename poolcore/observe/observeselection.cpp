#include "observeselection.h"

#include "endpoint.h"

using namespace Qt::StringLiterals;

bool ObserveSelection::towardDestination(const ObservedSocket &socket) const
{
    return socket.remotePort == port && addresses.contains(socket.remoteAddress);
}

QString ObserveSelection::destinationText() const
{
    if (addresses.size() != 1)
        return u"localhost:%1"_s.arg(port);
    return Endpoint::of(addresses.constFirst(), port);
}

QString ObserveSelection::destinationAccepted()
{
    return u"HOST:PORT with a numeric address or localhost and a port 1 to 65535, e.g. "
           "127.0.0.1:6379, [::1]:5432 or localhost:8080"_s;
}

std::optional<ObserveSelection> ObserveSelection::parseDestination(const QString &text,
                                                                   QString *error)
{
    const auto endpoint = Endpoint::parse(text);
    if (!endpoint || endpoint->port == 0) {
        *error = u"\"%1\" is not HOST:PORT; accepted: %2"_s.arg(text, destinationAccepted());
        return std::nullopt;
    }
    ObserveSelection selection;
    selection.port = quint16(endpoint->port);
    if (endpoint->host.compare(u"localhost"_s, Qt::CaseInsensitive) == 0) {
        selection.addresses
            = {QHostAddress(QHostAddress::LocalHost), QHostAddress(QHostAddress::LocalHostIPv6)};
        return selection;
    }
    QHostAddress address(endpoint->host);
    if (address.isNull()) {
        *error = u"\"%1\" is a name, and observe looks none up (a name can stand for other "
                 "addresses by the time it is looked up); accepted: %2"_s.arg(
                     endpoint->host, destinationAccepted());
        return std::nullopt;
    }
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    selection.addresses = {isV4 ? QHostAddress(v4) : address};
    return selection;
}

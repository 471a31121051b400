#include "endpoint.h"

using namespace Qt::StringLiterals;

std::optional<Endpoint> Endpoint::parse(QStringView text)
{
    QStringView host;
    QStringView port;
    if (text.startsWith(u'[')) {
        const qsizetype end = text.indexOf(u"]:"_s);
        if (end < 0)
            return std::nullopt;
        host = text.mid(1, end - 1);
        port = text.mid(end + 2);
        // Brackets are for IPv6 addresses only.
        if (QHostAddress(host.toString()).protocol() != QAbstractSocket::IPv6Protocol)
            return std::nullopt;
    } else {
        const qsizetype colon = text.lastIndexOf(u':');
        // More than one colon without brackets: an IPv6 address whose port cannot be told.
        if (colon < 0 || text.indexOf(u':') != colon)
            return std::nullopt;
        host = text.left(colon);
        port = text.mid(colon + 1);
    }
    bool ok = false;
    const int number = port.toInt(&ok);
    if (host.isEmpty() || !ok || number < 0 || number > 65535)
        return std::nullopt;
    return Endpoint{host.toString(), number};
}

QString Endpoint::of(const QHostAddress &address, quint16 port)
{
    return Endpoint{address.toString(), port}.toString();
}

QString Endpoint::toString() const
{
    return host.contains(u':') ? u"[%1]:%2"_s.arg(host).arg(port) : u"%1:%2"_s.arg(host).arg(port);
}

#include "hostoverride.h"

using namespace Qt::StringLiterals;

std::optional<HostOverride> HostOverride::parse(QStringView text, QString *error)
{
    const auto fail = [&](const QString &why) {
        if (error) {
            *error = u"resolve: \"%1\" %2; accepted: HOST:PORT:ADDRESS, e.g. "
                     "backend.test:8080:127.0.0.2 or backend.test:443:[::1]"_s.arg(text, why);
        }
        return std::nullopt;
    };
    const qsizetype firstColon = text.indexOf(u':');
    const qsizetype secondColon = firstColon < 0 ? -1 : text.indexOf(u':', firstColon + 1);
    if (secondColon < 0)
        return fail(u"has fewer than three parts"_s);
    HostOverride result;
    result.host = text.left(firstColon).trimmed().toString();
    if (result.host.isEmpty())
        return fail(u"has an empty host"_s);
    bool ok = false;
    const int port = text.mid(firstColon + 1, secondColon - firstColon - 1).toInt(&ok);
    if (!ok || port < 1 || port > 65535)
        return fail(u"has no port from 1 to 65535"_s);
    result.port = quint16(port);
    QStringView address = text.mid(secondColon + 1).trimmed();
    if (address.startsWith(u'[') && address.endsWith(u']'))
        address = address.mid(1, address.size() - 2);
    if (!result.address.setAddress(address.toString()))
        return fail(u"has no IP address after the port"_s);
    return result;
}

QString HostOverride::toString() const
{
    const QString text = address.toString();
    const bool v6 = address.protocol() == QAbstractSocket::IPv6Protocol;
    return u"%1:%2:%3"_s.arg(host).arg(port).arg(v6 ? u'[' + text + u']' : text);
}

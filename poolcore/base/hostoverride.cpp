#include "hostoverride.h"

#include "specialusename.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

const QString Accepted = u"HOST:PORT:ADDRESS, e.g. backend.test:8080:127.0.0.2 or "
                         "backend.test:443:[::1]"_s;
const QString AddressAccepted = u"HOST:PORT:ADDRESS with an IPv4 address like 127.0.0.1 or an "
                                "IPv6 address like [::1]"_s;

// Four decimal numbers from 0 to 255 without leading zeros, as inet_pton() reads them.
bool isDottedQuad(QStringView text)
{
    const QList<QStringView> parts = text.split(u'.');
    return parts.size() == 4 && std::all_of(parts.begin(), parts.end(), [](QStringView part) {
               const bool digits = !part.isEmpty() && part.size() <= 3
                   && std::all_of(part.begin(), part.end(),
                                  [](QChar c) { return c >= u'0' && c <= u'9'; });
               return digits && (part.size() == 1 || part.front() != u'0') && part.toInt() <= 255;
           });
}

// QHostAddress alone also takes inet_aton()'s shorthands ("2" as 0.0.0.2, "127.1", "0x7f.1"),
// which in an override are typing mistakes, not addresses anyone means.
std::optional<QHostAddress> ipAddress(QStringView text)
{
    QHostAddress address;
    if (!address.setAddress(text.toString()))
        return std::nullopt;
    if (address.protocol() == QAbstractSocket::IPv4Protocol && !isDottedQuad(text))
        return std::nullopt;
    return address;
}

} // namespace

std::optional<HostOverride> HostOverride::parse(QStringView text, QString *error)
{
    const auto fail = [&](const QString &why, const QString &accepted = Accepted) {
        if (error)
            *error = u"resolve: \"%1\" %2; accepted: %3"_s.arg(text, why, accepted);
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
    if (!SpecialUseName::canBeOverridden(result.host))
        return fail(u"names \"%1\", a special-use name (RFC 6761) that never resolves, not "
                    "even by an override"_s.arg(result.host),
                    u"HOST:PORT:ADDRESS with a HOST outside .invalid"_s);
    bool ok = false;
    const int port = text.mid(firstColon + 1, secondColon - firstColon - 1).toInt(&ok);
    if (!ok || port < 1 || port > 65535)
        return fail(u"has no port from 1 to 65535"_s);
    result.port = quint16(port);
    const QStringView written = text.mid(secondColon + 1).trimmed();
    if (written.isEmpty())
        return fail(u"has no IP address after the port"_s, AddressAccepted);
    const bool bracketed = written.startsWith(u'[') && written.endsWith(u']');
    const auto address = ipAddress(bracketed ? written.mid(1, written.size() - 2) : written);
    if (!address || (bracketed && address->protocol() != QAbstractSocket::IPv6Protocol))
        return fail(u"has \"%1\" for its address, which is not an IP address"_s.arg(written),
                    AddressAccepted);
    result.address = *address;
    return result;
}

QString HostOverride::toString() const
{
    const QString text = address.toString();
    const bool v6 = address.protocol() == QAbstractSocket::IPv6Protocol;
    return u"%1:%2:%3"_s.arg(host).arg(port).arg(v6 ? u'[' + text + u']' : text);
}

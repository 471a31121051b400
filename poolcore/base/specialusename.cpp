#include "specialusename.h"

using namespace Qt::StringLiterals;

namespace {

// The name in lower case without the final dot of a fully qualified name ("db.test.").
QString normalized(QStringView host)
{
    return (host.endsWith(u'.') ? host.chopped(1) : host).toString().toLower();
}

bool isUnder(const QString &name, QLatin1StringView domain)
{
    return name == domain
        || (name.endsWith(domain) && name.at(name.size() - domain.size() - 1) == u'.');
}

} // namespace

std::optional<SpecialUseName> SpecialUseName::of(QStringView host)
{
    const QString name = normalized(host);
    if (isUnder(name, "invalid"_L1)) {
        return SpecialUseName{
            {}, u"\"%1\" is a special-use name (RFC 6761) that never resolves"_s.arg(host)};
    }
    if (isUnder(name, "test"_L1)) {
        return SpecialUseName{{},
                              u"\"%1\" is a special-use name (RFC 6761) for testing, which no DNS "
                              "server answers; give it an address with a resolve entry "
                              "(HOST:PORT:ADDRESS)"_s.arg(host)};
    }
    // Only "localhost" as written is the hosts file's: "localhost." is not in it, and would
    // go on to the DNS server.
    if (isUnder(name, "localhost"_L1) && host.compare(u"localhost", Qt::CaseInsensitive) != 0)
        return SpecialUseName{
            {QHostAddress(QHostAddress::LocalHost), QHostAddress(QHostAddress::LocalHostIPv6)}, {}};
    return std::nullopt;
}

bool SpecialUseName::canBeOverridden(QStringView host)
{
    return !isUnder(normalized(host), "invalid"_L1);
}

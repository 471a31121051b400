#pragma once

#include <QHostAddress>
#include <QList>
#include <QString>

#include <optional>

// A name RFC 6761 reserves that a resolver library answers itself, never asking a DNS server:
// names under .localhost are loopback; names under .invalid, and under .test, never resolve.
// Every name resolution in PoolScope asks of() first, right after the hosts overrides (which
// may give a .test or .localhost name an address, but not an .invalid one).
struct SpecialUseName
{
    QList<QHostAddress> addresses; // loopback; empty: the name never resolves
    QString message; // with no addresses: why, for the failure

    // nullopt for any other name, the system resolver's to answer. So is "localhost" itself:
    // the system answers it from its hosts file, as this machine is configured.
    static std::optional<SpecialUseName> of(QStringView host);
    // False for a name under .invalid: no override may give it an address.
    static bool canBeOverridden(QStringView host);
};

#pragma once

#include <QHostAddress>
#include <QString>

#include <optional>

// One "host:port:address" entry, as curl's --resolve takes it: connections to host:port go to
// address instead of what name resolution would return. IPv6 addresses go in brackets. A host
// under .invalid is refused: it never resolves (SpecialUseName).
struct HostOverride
{
    QString host;
    quint16 port = 0;
    QHostAddress address;

    // nullopt and a message that says what was wrong and what is accepted.
    static std::optional<HostOverride> parse(QStringView text, QString *error);
    QString toString() const;

    friend bool operator==(const HostOverride &, const HostOverride &) = default;
};

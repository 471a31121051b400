#pragma once

#include "observedsocket.h"

#include <QHostAddress>
#include <QList>
#include <QString>

#include <optional>

// Which connections to follow: those of one process, those toward one destination, or those
// of one process toward one destination.
struct ObserveSelection
{
    qint64 pid = 0; // 0: any process
    QList<QHostAddress> addresses; // empty: any destination
    quint16 port = 0;

    bool byPid() const { return pid > 0; }
    bool byDestination() const { return port != 0; }
    bool towardDestination(const ObservedSocket &socket) const;
    QString destinationText() const;

    // HOST:PORT with a numeric IPv4 or IPv6 address (in brackets) or localhost (127.0.0.1 and
    // ::1): no name is looked up, so what is observed is exactly what was typed. nullopt with
    // error set to what was wrong and what is accepted.
    static std::optional<ObserveSelection> parseDestination(const QString &text, QString *error);
    static QString destinationAccepted();
};

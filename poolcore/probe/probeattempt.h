#pragma once

#include "probestep.h"

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QStringList>

#include <optional>

// One probe attempt: the resolve step, then for each address in turn its connect, TLS and
// response steps up to the first that failed.
struct ProbeAttempt
{
    int sequence = 0; // from 1
    qint64 startedNs = 0; // MonotonicClock
    QList<ProbeStep> steps;

    // Resolved, and at least one address came through every step it was given.
    bool ok() const;
    // The addresses in the order they were tried.
    QStringList addresses() const;
    bool addressOk(const QString &address) const;
    // The failure that got furthest (resolve, connect, TLS, response): the most telling one.
    std::optional<ProbeStep> deepestFailure() const;

    QJsonObject toJson() const;
};

Q_DECLARE_METATYPE(ProbeAttempt)

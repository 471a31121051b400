#pragma once

#include "probeattempt.h"
#include "probestep.h"

#include <QJsonObject>
#include <QList>

// One step to one address over every attempt, like ping's summary line: how often it was
// tried and succeeded, and min / mean / max of the times that succeeded.
struct ProbeStepSummary
{
    ProbeStep::Kind kind = ProbeStep::Kind::Resolve;
    QString address; // empty for Resolve
    int sent = 0;
    int succeeded = 0;
    qint64 minNs = 0;
    qint64 maxNs = 0;
    double meanNs = 0;

    double lossPercent() const { return sent ? 100.0 * (sent - succeeded) / sent : 0.0; }
    QJsonObject toJson() const;

    // Resolve first, then each address in the order first tried with its steps in order.
    static QList<ProbeStepSummary> summarize(const QList<ProbeAttempt> &attempts);
};

#pragma once

#include "probeattempt.h"
#include "probesettings.h"
#include "probestepsummary.h"
#include "probeverdict.h"

#include <QJsonObject>
#include <QList>
#include <QMetaType>

// Everything a probe found: its settings, every attempt, and what they add up to.
struct ProbeResult
{
    ProbeSettings settings;
    QList<ProbeAttempt> attempts;
    bool stopped = false; // ended before its count

    QList<ProbeStepSummary> summaries() const { return ProbeStepSummary::summarize(attempts); }
    ProbeVerdict verdict() const { return ProbeVerdict::judge(settings, attempts); }

    // {"settings", "attempts", "summary", "verdict", "stopped"}
    QJsonObject toJson() const;
};

Q_DECLARE_METATYPE(ProbeResult)

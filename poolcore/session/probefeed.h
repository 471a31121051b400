#pragma once

#include "idlecutoffresult.h"
#include "proberesult.h"

#include <QList>

#include <optional>

// What the session's probes found since the last feed.
struct ProbeFeed
{
    struct CutoffProgress
    {
        int percent = 0;
        QString text;
    };

    QList<ProbeResult> attempts; // the probe so far, after each attempt
    std::optional<ProbeResult> finished;
    std::optional<CutoffProgress> cutoffProgress;
    std::optional<IdleCutoffResult> cutoff; // the idle-cutoff finder's result, when done

    bool isEmpty() const { return attempts.isEmpty() && !finished && !cutoffProgress && !cutoff; }
};

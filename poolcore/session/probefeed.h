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

    std::optional<ProbeSettings> started; // a probe began with these
    QList<ProbeAttempt> attempts; // each as it ends
    std::optional<ProbeResult> finished;
    QList<IdleCutoffResult::Trial> trials; // the idle-cutoff finder's, as each ends
    std::optional<CutoffProgress> cutoffProgress;
    std::optional<IdleCutoffResult> cutoff; // the idle-cutoff finder's result, when done

    bool isEmpty() const
    {
        return !started && attempts.isEmpty() && !finished && trials.isEmpty() && !cutoffProgress
            && !cutoff;
    }
};

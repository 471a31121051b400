#pragma once

#include <QJsonObject>
#include <QStringList>

// The structure a Trace Event Format file must have for Perfetto and chrome://tracing to show
// it as PoolScope means it: every slice begins and ends on its own track, no two slices of a
// track overlap, async slices end as they began, counters are numbers, and every process and
// track is named. Returns what is wrong, each problem once; empty when nothing is.
QStringList traceProblems(const QJsonObject &trace);

// What a valid trace holds, for tests that check it shows what happened.
struct TraceSummary
{
    int slices = 0; // complete ("X") slices
    int instants = 0;
    int asyncSlices = 0; // b/e pairs
    int counters = 0; // "C" events
    QStringList sliceNames, instantNames, threadNames, processNames; // each name once
};
TraceSummary summarize(const QJsonObject &trace);

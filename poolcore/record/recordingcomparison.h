#pragma once

#include "recordingsummary.h"

#include <QJsonObject>
#include <QList>
#include <QString>

// Two recordings side by side, as the live comparison sets pooled against unpooled: each
// figure of both summaries and how many times the second's is the first's.
struct RecordingComparison
{
    struct Row
    {
        QString key; // as in RecordingSummary::toJson(): "latency_p50_ms", ...
        double first = 0;
        double second = 0;
        bool whole = true; // a count, not a rate or a duration

        // second ÷ first; NaN when either is zero, where a ratio says nothing.
        double ratio() const;
    };

    QString firstName;
    QString secondName;
    RecordingSummary first;
    RecordingSummary second;

    QList<Row> rows() const;
    // {"first": {"file", ...summary}, "second": {...}, "ratios": {key: second ÷ first or null}}
    QJsonObject toJson() const;
    // A table for a terminal: the figure, both values and the ratio.
    QString toText() const;
};

#pragma once

#include "comparisonupdate.h"
#include "feedreader.h"
#include "loadprogress.h"
#include "loadreport.h"
#include "runupdate.h"

#include <QJsonObject>

// The workloads' part of a feed line (FeedCodec): progress with its interval histograms,
// reports with everything they were built from, runs and comparisons.
class LoadCodec
{
public:
    static QJsonObject encode(const LoadProgress &progress);
    static QJsonObject encode(const LoadReport &report);
    static QJsonObject encode(const RunUpdate &run);
    static QJsonObject encode(const ComparisonUpdate &comparison);

    static LoadProgress decodeProgress(const FeedReader &in);
    static LoadReport decodeReport(const FeedReader &in);
    static RunUpdate decodeRun(const FeedReader &in);
    static ComparisonUpdate decodeComparison(const FeedReader &in);

    // "idle", "pooled", "unpooled".
};

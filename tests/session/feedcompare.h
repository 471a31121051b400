#pragma once

#include "sessionfeed.h"

// Field-by-field comparisons (QCOMPARE) of the feed's parts that have no operator==, so a
// failure names the field. Each returns at its first difference; the caller checks
// QTest::currentTestFailed().
struct FeedCompare
{
    static void compare(const PoolEvent &actual, const PoolEvent &expected);
    static void compare(const ConnectionInfo &actual, const ConnectionInfo &expected);
    static void compare(const PoolStats &actual, const PoolStats &expected);
    static void compare(const LoadProgress &actual, const LoadProgress &expected);
    static void compare(const LoadReport &actual, const LoadReport &expected);
    static void compare(const ProbeStep &actual, const ProbeStep &expected);
    static void compare(const ProbeAttempt &actual, const ProbeAttempt &expected);
    static void compare(const ProbeResult &actual, const ProbeResult &expected);
    static void compare(const ProbeVerdict &actual, const ProbeVerdict &expected);
    static void compare(const IdleCutoffResult &actual, const IdleCutoffResult &expected);
    static void compare(const ComparisonUpdate &actual, const ComparisonUpdate &expected);
    static void compare(const PoolFeed &actual, const PoolFeed &expected);
    static void compare(const SessionFeed &actual, const SessionFeed &expected);
};

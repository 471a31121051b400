#pragma once

#include "enumnames.h"
#include "loadprogress.h"
#include "loadreport.h"

#include <optional>

// Pooled against unpooled on the same workload (Session::compare): where it is, and at the
// end what each half did.
struct ComparisonUpdate
{
    enum class Phase : quint8 { Idle, Pooled, Unpooled };
    struct Half
    {
        LoadReport report;
        quint64 dials = 0; // the dials its pool made while it ran
    };

    quint64 comparison = 0; // the command that started it
    Phase phase = Phase::Idle;
    double seconds = 0; // into the phase
    std::optional<LoadProgress> progress;
    std::optional<Half> pooled; // with the result
    std::optional<Half> unpooled;
    bool cancelled = false;

    bool isFinished() const { return pooled && unpooled; }
};

template<> struct EnumNames<ComparisonUpdate::Phase>
{
    static constexpr ComparisonUpdate::Phase last = ComparisonUpdate::Phase::Unpooled;
    static constexpr std::array names{"idle", "pooled", "unpooled"};
};

#pragma once

#include "loadprogress.h"
#include "loadreport.h"

#include <optional>

// A bounded workload run on one pool (Session::runWorkload): its progress, and at the end its
// report and the dials the pool made while it ran.
struct RunUpdate
{
    quint64 run = 0; // the command that started it
    std::optional<LoadProgress> progress;
    std::optional<LoadReport> report; // set once, when it finished
    quint64 dials = 0; // with the report
};

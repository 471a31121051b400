#pragma once

#include "loadsettings.h"

// What Session::compare runs: the same workload through a pool, then with a new connection
// per request, each half a bounded run on a pool of the session. In the window both halves run
// on the pool it shows, so its views follow them; `poolscope run --compare` gives each half a
// pool of its own, removed when its half is done.
struct ComparisonPlan
{
    struct Half
    {
        quint32 pool = 0;
        LoadSettings load; // pooled or not, with its request or time limit
        bool removePool = false; // once the half is done, before the next begins
    };

    Half pooled;
    Half unpooled;
    // The workloads of the pools it runs on pause while it runs, so each half has the backend
    // to itself, and resume after.
    bool pauseWorkloads = true;
};

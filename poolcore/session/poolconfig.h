#pragma once

#include "loadsettings.h"
#include "poolsettings.h"

#include <QString>

// How one of a session's pools is set up, as the Session applied it: the settings it runs on
// (with the lab's address when it targets the lab), its workload and whether that runs.
struct PoolConfig
{
    QString name;
    PoolSettings settings;
    LoadSettings load;
    bool targetsLab = false;
    bool workloadRunning = false;

    friend bool operator==(const PoolConfig &, const PoolConfig &) = default;
};

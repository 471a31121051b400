#pragma once

#include "labcounters.h"
#include "labsettings.h"

#include <QStringList>

#include <optional>

// What the session's lab did since the last feed.
struct LabFeed
{
    std::optional<LabSettings> settings; // when they changed; the port it really listens on
    std::optional<bool> listening; // when it changed
    std::optional<LabCounters> counters; // a few times a second while it runs
    QStringList errors; // what went wrong on its own, not as a command's answer

    bool isEmpty() const { return !settings && !listening && !counters && errors.isEmpty(); }
};

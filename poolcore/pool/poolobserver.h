#pragma once

#include "poolevent.h"

// Receives every event synchronously on the pool's thread, in order. Keep it cheap: it runs
// on the acquire and release path.
class PoolObserver
{
public:
    virtual ~PoolObserver() = default;
    virtual void eventRecorded(const PoolEvent &event) = 0;
};

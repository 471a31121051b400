#pragma once

#include <cstdio>

// An invariant of the code under fuzzing. A violation is a finding like a crash: libFuzzer
// saves the input that caused it, and the message says which rule it broke.
inline void fuzzCheck(bool holds, const char *rule)
{
    if (holds)
        return;
    std::fprintf(stderr, "fuzz: invariant violated: %s\n", rule);
    std::fflush(stderr);
    __builtin_trap();
}

#pragma once

#include <QStringList>

// "poolscope script FILE|-": runs a scenario script (docs/script.md) from FILE or stdin and
// writes every pool event and one reply per command to stdout as JSON lines. arguments are
// those after "script". Returns 0 when it ran to its end, 1 at a failed expect or wait, 2 for
// bad arguments or bad input (one line on stderr naming the line and what was wrong).
int runScriptCommand(const QStringList &arguments);

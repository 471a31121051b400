#pragma once

#include <QStringList>

// "poolscope run [options]": runs a workload against a backend through a pool (or unpooled,
// or both with --compare) and prints a report. arguments are those after "run". Needs a
// QCoreApplication. Returns 0 when every request succeeded, 1 when some failed, 2 for bad
// arguments (one line on stderr naming the option and what it accepts), 3 when the target
// could not be reached at all.
int runRunCommand(const QStringList &arguments);

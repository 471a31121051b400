#pragma once

#include <QStringList>

// "poolscope export --trace OUT.json FILE": a recording (poolscope run --record) as the Trace
// Event Format that Perfetto and chrome://tracing open. arguments are those after "export".
// Returns 0 when written, 2 for bad arguments or a file that is not a recording this version
// reads (one line on stderr saying what was wrong), 4 when OUT could not be written.
int runExportCommand(const QStringList &arguments);

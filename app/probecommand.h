#pragma once

#include <QStringList>

// "poolscope probe --target HOST:PORT [options]": probes a backend step by step (resolve,
// connect, TLS, first response byte) like ping, classifies what fails and says it in plain
// words; with --idle-cutoff it then finds after how long idle connections are dropped.
// arguments are those after "probe". Needs a QCoreApplication. Returns the exit status: 0 when
// the target is reachable, 3 when it is not, 2 for bad arguments (one line on stderr naming the
// option and what it accepts).
int runProbeCommand(const QStringList &arguments);

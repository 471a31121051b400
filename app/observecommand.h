#pragma once

#include <QStringList>

// "poolscope observe --pid PID | --target HOST:PORT [options]": follows another program's TCP
// connections in the kernel's socket table, without touching the program or its sockets, and
// reports them as a pool: connections seen, peak open, churn, lifetimes, reuse, who closed,
// CLOSE_WAIT and TIME_WAIT. arguments are those after "observe". Needs a QCoreApplication.
// Returns the exit status: 0 observed, 3 could not observe (no such process, refused), 2 bad
// arguments (one line on stderr naming the option and what it accepts).
int runObserveCommand(const QStringList &arguments);

#pragma once

#include <QStringList>

// "poolscope lab [options]": runs the lab backend in the foreground until SIGINT or SIGTERM.
// arguments are those after "lab". Needs a QCoreApplication. Returns the exit status: 0 after a
// clean stop, 1 when the lab cannot start (the address is taken), 2 for bad arguments (one
// line on stderr naming the option and what it accepts).
int runLabCommand(const QStringList &arguments);

#pragma once

#include <QString>
#include <QtGlobal>

// Raises the soft limit on open files (RLIMIT_NOFILE) to the hard limit: a thousand pooled
// connections plus the lab's ends of them do not fit the usual soft limit of 1024. Returns the
// soft limit in force afterwards, or -1 when it cannot be read.
qint64 raiseOpenFileLimit();
// The soft limit in force, or -1 when it cannot be read.
qint64 openFileLimit();
// What to tell the user when maxConnections sockets (twice as many with the embedded lab, which
// holds the other end of each) would not fit limit descriptors; empty when they fit. Without
// it, dials past the limit fail with "Too many open files" well into a run.
QString openFileLimitWarning(qint64 limit, int maxConnections, bool embeddedLab);

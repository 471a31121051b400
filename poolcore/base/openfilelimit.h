#pragma once

#include <QtGlobal>

// Raises the soft limit on open files (RLIMIT_NOFILE) to the hard limit: a thousand pooled
// connections plus the lab's ends of them do not fit the usual soft limit of 1024. Returns the
// soft limit in force afterwards, or -1 when it cannot be read.
qint64 raiseOpenFileLimit();

#include "openfilelimit.h"

#include <limits>
#include <sys/resource.h>

using namespace Qt::StringLiterals;

namespace {

// What the process holds besides its connections: standard streams, the event loop's wakeups,
// the threads' notifiers, files being written.
constexpr qint64 Baseline = 64;

qint64 softLimit(const rlimit &limit)
{
    return limit.rlim_cur == RLIM_INFINITY ? std::numeric_limits<qint64>::max()
                                           : qint64(limit.rlim_cur);
}

} // namespace

qint64 raiseOpenFileLimit()
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return -1;
    if (limit.rlim_cur != limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
            limit = raised;
    }
    return softLimit(limit);
}

qint64 openFileLimit()
{
    rlimit limit{};
    return getrlimit(RLIMIT_NOFILE, &limit) == 0 ? softLimit(limit) : -1;
}

QString openFileLimitWarning(qint64 limit, int maxConnections, bool embeddedLab)
{
    const qint64 sockets = qint64(maxConnections) * (embeddedLab ? 2 : 1);
    if (limit < 0 || sockets + Baseline <= limit)
        return {};
    return u"max_connections %1 needs %2 open files%3, but this process may open only %4 "
           "(ulimit -n): dials past that fail with \"Too many open files\"; raise the limit "
           "(ulimit -n, or LimitNOFILE for a service) or lower max_connections to %5"_s
               .arg(maxConnections)
               .arg(sockets + Baseline)
               .arg(embeddedLab ? u" (the embedded lab holds the other end of each)"_s : QString())
               .arg(limit)
               .arg(std::max<qint64>(1, (limit - Baseline) / (embeddedLab ? 2 : 1)));
}

#include "socketoptions.h"

#include "tcpinfo.h"

#include <cerrno>
#include <cstring>

#ifdef Q_OS_UNIX
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#endif

using namespace Qt::StringLiterals;

namespace {

QString setOption(qintptr descriptor, int level, int name, int value, const char *what)
{
#ifdef Q_OS_UNIX
    if (setsockopt(int(descriptor), level, name, &value, sizeof(value)) != 0) {
        return u"setting %1 to %2 failed: %3"_s.arg(QLatin1StringView(what))
            .arg(value)
            .arg(QString::fromLocal8Bit(std::strerror(errno)));
    }
    return {};
#else
    Q_UNUSED(descriptor);
    Q_UNUSED(level);
    Q_UNUSED(name);
    Q_UNUSED(value);
    return u"%1 is not supported on this platform"_s.arg(QLatin1StringView(what));
#endif
}

} // namespace

QString SocketOptions::setKeepAlive(qintptr descriptor, bool enabled, int idleS, int intervalS,
                                    int count)
{
#ifdef Q_OS_LINUX
    QString error
        = setOption(descriptor, SOL_SOCKET, SO_KEEPALIVE, enabled ? 1 : 0, "SO_KEEPALIVE");
    if (!enabled || !error.isEmpty())
        return error;
    error = setOption(descriptor, IPPROTO_TCP, TCP_KEEPIDLE, idleS, "TCP_KEEPIDLE");
    if (error.isEmpty())
        error = setOption(descriptor, IPPROTO_TCP, TCP_KEEPINTVL, intervalS, "TCP_KEEPINTVL");
    if (error.isEmpty())
        error = setOption(descriptor, IPPROTO_TCP, TCP_KEEPCNT, count, "TCP_KEEPCNT");
    return error;
#else
    Q_UNUSED(idleS);
    Q_UNUSED(intervalS);
    Q_UNUSED(count);
    return setOption(descriptor, SOL_SOCKET, SO_KEEPALIVE, enabled ? 1 : 0, "SO_KEEPALIVE");
#endif
}

QString SocketOptions::setNoDelay(qintptr descriptor, bool enabled)
{
    return setOption(descriptor, IPPROTO_TCP, TCP_NODELAY, enabled ? 1 : 0, "TCP_NODELAY");
}

SocketOptions::Health SocketOptions::peekHealth(qintptr descriptor)
{
#ifdef Q_OS_UNIX
    if (descriptor < 0)
        return Health::NotConnected;
    char byte = 0;
    const auto n = ::recv(int(descriptor), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n == 0)
        return Health::PeerClosed;
    if (n > 0)
        return Health::PendingData;
    if (errno == ECONNRESET)
        return Health::Reset;
    if (errno == ETIMEDOUT)
        return Health::TimedOut;
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
        return Health::NotConnected;
#endif
    const TcpInfo info = TcpInfo::read(descriptor);
    if (info.valid && info.state != TcpInfo::State::Established)
        return Health::NotConnected;
    return Health::Alive;
}

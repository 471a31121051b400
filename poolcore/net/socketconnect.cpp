#include "socketconnect.h"

#include "openfilelimit.h"

#include <QSocketNotifier>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

socklen_t socketAddressOf(const QHostAddress &address, quint16 port, sockaddr_storage *storage)
{
    std::memset(storage, 0, sizeof(*storage));
    if (address.protocol() == QAbstractSocket::IPv4Protocol) {
        auto *in = reinterpret_cast<sockaddr_in *>(storage);
        in->sin_family = AF_INET;
        in->sin_port = htons(port);
        in->sin_addr.s_addr = htonl(address.toIPv4Address());
        return sizeof(sockaddr_in);
    }
    auto *in6 = reinterpret_cast<sockaddr_in6 *>(storage);
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons(port);
    const Q_IPV6ADDR bytes = address.toIPv6Address();
    std::memcpy(&in6->sin6_addr, &bytes, sizeof(bytes));
    if (const QString scope = address.scopeId(); !scope.isEmpty()) {
        bool numeric = false;
        in6->sin6_scope_id = scope.toUInt(&numeric);
        if (!numeric)
            in6->sin6_scope_id = ::if_nametoindex(scope.toLatin1().constData());
    }
    return sizeof(sockaddr_in6);
}

} // namespace

using namespace Qt::StringLiterals;

DialError dialErrorOfErrno(int error)
{
    switch (error) {
    case ECONNREFUSED:
        return DialError::Refused;
    case ETIMEDOUT:
        return DialError::TimedOut;
    case ECONNRESET:
    case ECONNABORTED:
    case EPIPE:
        return DialError::Reset;
    case ENETUNREACH:
    case EHOSTUNREACH:
    case ENETDOWN:
    case EHOSTDOWN:
        return DialError::NetworkUnreachable;
    default:
        return DialError::Other;
    }
}

SocketConnect::SocketConnect(QObject *parent)
    : QObject(parent)
{ }

SocketConnect::~SocketConnect()
{
    m_writable.reset();
    if (m_descriptor >= 0)
        ::close(int(m_descriptor));
}

void SocketConnect::start(const QHostAddress &address, quint16 port, Done done)
{
    m_done = std::move(done);
    sockaddr_storage storage;
    const socklen_t length = socketAddressOf(address, port, &storage);
    const int descriptor
        = ::socket(storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
    if (descriptor < 0) {
        const int error = errno;
        QMetaObject::invokeMethod(
            this, [this, error] { finish(error); }, Qt::QueuedConnection);
        return;
    }
    m_descriptor = descriptor;
    if (::connect(descriptor, reinterpret_cast<const sockaddr *>(&storage), length) == 0
        || errno != EINPROGRESS) {
        const int error = errno == EINPROGRESS ? 0 : errno;
        QMetaObject::invokeMethod(
            this, [this, error] { finish(error); }, Qt::QueuedConnection);
        return;
    }
    m_writable = std::make_unique<QSocketNotifier>(m_descriptor, QSocketNotifier::Write);
    connect(m_writable.get(), &QSocketNotifier::activated, this, [this] {
        int error = 0;
        socklen_t size = sizeof(error);
        if (::getsockopt(int(m_descriptor), SOL_SOCKET, SO_ERROR, &error, &size) < 0)
            error = errno;
        finish(error);
    });
}

void SocketConnect::finish(int error)
{
    // The notifier goes first: Qt allows one per descriptor and type, and the socket that
    // takes the descriptor over makes its own.
    m_writable.reset();
    qintptr descriptor = std::exchange(m_descriptor, -1);
    if (error != 0 && descriptor >= 0) {
        ::close(int(descriptor));
        descriptor = -1;
    }
    const Done done = std::move(m_done);
    if (error == 0) {
        done(descriptor, DialError::None, {});
        return;
    }
    QString message = QString::fromLocal8Bit(std::strerror(error));
    if (error == EMFILE || error == ENFILE)
        message += u" (this process may open %1 files: ulimit -n)"_s.arg(openFileLimit());
    done(-1, dialErrorOfErrno(error), message);
}

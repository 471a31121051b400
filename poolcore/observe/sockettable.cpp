#include "sockettable.h"

#include "sockdiagparser.h"

#include <cerrno>
#include <cstring>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

// Big enough for the kernel's largest dump batch (it fills up to 32 KiB per message batch).
constexpr qsizetype BufferSize = 64 * 1024;

QString refusal(int error, const QString &what)
{
    const QString cause = QString::fromLocal8Bit(std::strerror(error));
    switch (error) {
    case EACCES:
    case EPERM:
        return u"%1: %2; the kernel's socket diagnostics (netlink NETLINK_SOCK_DIAG) are "
               "refused here, which a sandbox or security policy does (seccomp, SELinux, a "
               "container without netlink); run poolscope observe outside it or allow "
               "NETLINK_SOCK_DIAG"_s.arg(what, cause);
    case EPROTONOSUPPORT:
    case EAFNOSUPPORT:
        return u"%1: %2; this kernel has no socket diagnostics (CONFIG_INET_DIAG); load the "
               "module (modprobe inet_diag tcp_diag) or use a kernel with it"_s.arg(what, cause);
    case ENOENT:
        return u"%1: %2; this kernel has no TCP socket diagnostics loaded; load the module "
               "(modprobe tcp_diag)"_s.arg(what, cause);
    default:
        return u"%1: %2"_s.arg(what, cause);
    }
}

} // namespace

SocketTable::SocketTable()
    : m_buffer(BufferSize, Qt::Uninitialized)
{ }

SocketTable::~SocketTable()
{
    if (m_descriptor >= 0)
        ::close(m_descriptor);
}

bool SocketTable::open()
{
    if (m_descriptor >= 0)
        return true;
    m_descriptor = ::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    if (m_descriptor < 0) {
        m_error = refusal(errno, u"cannot open a netlink socket"_s);
        return false;
    }
    return true;
}

bool SocketTable::exchange(int family, const std::function<bool(QByteArrayView)> &take)
{
    if (!open())
        return false;
    const QByteArray request = SockDiagParser::request(family, ++m_sequence, m_port);
    sockaddr_nl kernel;
    std::memset(&kernel, 0, sizeof kernel);
    kernel.nl_family = AF_NETLINK;
    const ssize_t sent = ::sendto(m_descriptor, request.constData(), size_t(request.size()), 0,
                                  reinterpret_cast<sockaddr *>(&kernel), sizeof kernel);
    if (sent != request.size()) {
        m_error = refusal(errno, u"cannot ask the kernel for its socket table"_s);
        return false;
    }
    for (;;) {
        const ssize_t n = ::recv(m_descriptor, m_buffer.data(), size_t(m_buffer.size()), 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            m_error = refusal(errno, u"cannot read the kernel's socket table"_s);
            return false;
        }
        if (n == 0) {
            m_error = u"the kernel's socket table ended without its last message"_s;
            return false;
        }
        if (!take(QByteArrayView(m_buffer.constData(), n)))
            return true;
    }
}

bool SocketTable::read(QList<ObservedSocket> *rows)
{
    rows->clear();
    for (const int family : {AF_INET, AF_INET6}) {
        SockDiagParser parser;
        const bool ok = exchange(family, [&](QByteArrayView bytes) {
            if (!parser.parse(bytes, rows)) {
                m_error = parser.errorNumber()
                    ? refusal(parser.errorNumber(), u"the kernel refused its socket table"_s)
                    : u"the kernel's socket table could not be read: "_s + parser.error();
                return false;
            }
            return !parser.done();
        });
        if (!ok || !parser.done())
            return false;
    }
    return true;
}

bool SocketTable::dump(int family, QByteArray *bytes)
{
    bytes->clear();
    SockDiagParser parser;
    QList<ObservedSocket> rows;
    const bool ok = exchange(family, [&](QByteArrayView chunk) {
        bytes->append(chunk);
        if (!parser.parse(chunk, &rows)) {
            m_error = parser.error();
            return false;
        }
        return !parser.done();
    });
    return ok && parser.done();
}

#include "processsockets.h"

#include <QFile>

#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <pwd.h>
#include <string_view>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

QByteArray procPath(qint64 pid, const char *tail)
{
    return "/proc/" + QByteArray::number(pid) + tail;
}

QByteArray linkTarget(const QByteArray &path)
{
    char target[256];
    const ssize_t n = ::readlink(path.constData(), target, sizeof target);
    return n > 0 ? QByteArray(target, n) : QByteArray();
}

} // namespace

ProcessSockets::ProcessSockets(qint64 pid)
    : m_pid(pid)
{ }

ProcessSockets::Status ProcessSockets::read()
{
    m_inodes.clear();
    const QByteArray fdPath = procPath(m_pid, "/fd");
    DIR *directory = ::opendir(fdPath.constData());
    if (!directory) {
        const int error = errno;
        if (error == ENOENT || error == ESRCH)
            return noSuchProcess();
        if (error == EACCES || error == EPERM) {
            m_error = refusedMessage();
            return Status::Refused;
        }
        m_error = u"cannot read %1: %2"_s.arg(QString::fromLocal8Bit(fdPath),
                                              QString::fromLocal8Bit(std::strerror(error)));
        return Status::Failed;
    }
    const int directoryFd = ::dirfd(directory);
    char target[64];
    constexpr std::string_view prefix = "socket:[";
    while (const dirent *entry = ::readdir(directory)) {
        if (entry->d_name[0] == '.')
            continue;
        const ssize_t n = ::readlinkat(directoryFd, entry->d_name, target, sizeof target - 1);
        if (n <= qsizetype(prefix.size()) || std::string_view(target, prefix.size()) != prefix)
            continue;
        target[n] = '\0';
        m_inodes.insert(std::strtoull(target + prefix.size(), nullptr, 10));
    }
    ::closedir(directory);
    // An exited process whose parent has not yet reaped it keeps its /proc entry, not its files.
    return m_inodes.isEmpty() ? check() : Status::Ok;
}

ProcessSockets::Status ProcessSockets::check()
{
    QFile file(QString::fromLocal8Bit(procPath(m_pid, "/stat")));
    if (!file.open(QIODevice::ReadOnly))
        return noSuchProcess();
    // "PID (NAME) STATE ...", and NAME may hold spaces and parentheses.
    const QByteArray stat = file.read(512);
    const qsizetype end = stat.lastIndexOf(')');
    if (end >= 0 && stat.mid(end + 2, 1) == "Z") {
        m_error = u"process %1 has exited (its parent has not yet collected its exit status)"_s.arg(
            m_pid);
        return Status::NoSuchProcess;
    }
    return Status::Ok;
}

ProcessSockets::Status ProcessSockets::noSuchProcess()
{
    m_error = u"no process %1 (it has exited, or it runs in another PID namespace, a container "
              "say); check the id with ps -p %1, or observe by destination with --target "
              "HOST:PORT"_s.arg(m_pid);
    return Status::NoSuchProcess;
}

bool ProcessSockets::otherNetworkNamespace() const
{
    const QByteArray own = linkTarget("/proc/self/ns/net");
    const QByteArray theirs = linkTarget(procPath(m_pid, "/ns/net"));
    return !own.isEmpty() && !theirs.isEmpty() && own != theirs;
}

QString ProcessSockets::refusedMessage() const
{
    struct stat status;
    QString owner = u"another user"_s;
    if (::stat(procPath(m_pid, "").constData(), &status) == 0) {
        const passwd *user = ::getpwuid(status.st_uid);
        owner = user ? u"user %1"_s.arg(QString::fromLocal8Bit(user->pw_name))
                     : u"uid %1"_s.arg(status.st_uid);
    }
    return u"process %1 belongs to %2: its open sockets (/proc/%1/fd) can be read only by that "
           "user, root or a program with CAP_SYS_PTRACE; run poolscope observe as that user or "
           "with sudo, or observe by destination with --target HOST:PORT, which needs no rights "
           "(every socket's TCP_INFO is readable by every user)"_s.arg(m_pid)
               .arg(owner);
}

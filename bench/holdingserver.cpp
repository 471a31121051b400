#include "holdingserver.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

pid_t startHoldingServer(quint16 *port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    if (::bind(fd, reinterpret_cast<sockaddr *>(&address), length) != 0 || ::listen(fd, 4096) != 0
        || ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) != 0)
        return -1;
    *port = ntohs(address.sin_port);
    const pid_t pid = ::fork();
    if (pid == 0) {
        std::vector<int> held;
        for (;;) {
            const int client = ::accept(fd, nullptr, nullptr);
            if (client >= 0)
                held.push_back(client);
        }
    }
    ::close(fd);
    return pid;
}

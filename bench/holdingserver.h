#pragma once

#include <QtGlobal>

#include <sys/types.h>

// A child process that accepts connections on a free loopback port and holds them, reading
// nothing: the far end of many connections whose sockets do not count in the benchmark's own
// process. Its pid (kill it when done), and *port; -1 when it could not listen.
pid_t startHoldingServer(quint16 *port);

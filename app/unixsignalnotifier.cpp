#include "unixsignalnotifier.h"

#include <QSocketNotifier>

#include <csignal>
#include <fcntl.h>
#include <unistd.h>

namespace {

int pipeEnds[2] = {-1, -1};

} // namespace

UnixSignalNotifier::UnixSignalNotifier(const QList<int> &signalNumbers, QObject *parent)
    : QObject(parent)
    , m_signalNumbers(signalNumbers)
{
    Q_ASSERT(pipeEnds[0] == -1);
    if (::pipe2(pipeEnds, O_NONBLOCK | O_CLOEXEC) != 0)
        qFatal("UnixSignalNotifier: pipe2 failed");
    m_notifier = new QSocketNotifier(pipeEnds[0], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &UnixSignalNotifier::onReadable);
    struct sigaction action = {};
    action.sa_handler = &UnixSignalNotifier::handle;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    for (int signalNumber : m_signalNumbers)
        ::sigaction(signalNumber, &action, nullptr);
}

UnixSignalNotifier::~UnixSignalNotifier()
{
    for (int signalNumber : m_signalNumbers)
        ::signal(signalNumber, SIG_DFL);
    delete m_notifier;
    ::close(pipeEnds[0]);
    ::close(pipeEnds[1]);
    pipeEnds[0] = pipeEnds[1] = -1;
}

void UnixSignalNotifier::handle(int signalNumber)
{
    const auto byte = static_cast<unsigned char>(signalNumber);
    // Nothing to do if it fails: the pipe is full, so a wake-up is pending anyway.
    [[maybe_unused]] const ssize_t written = ::write(pipeEnds[1], &byte, 1);
}

void UnixSignalNotifier::onReadable()
{
    unsigned char byte = 0;
    while (::read(pipeEnds[0], &byte, 1) == 1)
        Q_EMIT signalReceived(byte);
}

#include "peerclosewatch.h"

#include "socketoptions.h"

#include <QAbstractSocket>
#include <QEvent>
#include <QSocketNotifier>

PeerCloseWatch::PeerCloseWatch(QObject *parent)
    : QObject(parent)
{ }

PeerCloseWatch::~PeerCloseWatch()
{
    for (const QPointer<QSocketNotifier> &notifier : std::as_const(m_notifiers)) {
        if (notifier)
            notifier->removeEventFilter(this);
    }
}

void PeerCloseWatch::attach(QAbstractSocket *socket, std::function<bool()> watching)
{
    m_socket = socket;
    m_watching = std::move(watching);
    const auto notifiers = socket->findChildren<QSocketNotifier *>();
    for (QSocketNotifier *notifier : notifiers) {
        if (notifier->type() == QSocketNotifier::Read) {
            notifier->installEventFilter(this);
            m_notifiers << notifier;
        }
    }
}

std::optional<PeerClose> PeerCloseWatch::peek()
{
    if (!m_socket)
        return std::nullopt;
    switch (SocketOptions::peekHealth(m_socket->socketDescriptor())) {
    case SocketOptions::Health::PeerClosed:
        m_hint = PeerClose::Fin;
        return m_hint;
    case SocketOptions::Health::Reset:
        m_hint = PeerClose::Reset;
        return m_hint;
    case SocketOptions::Health::TimedOut:
        m_hint = PeerClose::TimedOut;
        return m_hint;
    case SocketOptions::Health::Alive:
    case SocketOptions::Health::PendingData:
    case SocketOptions::Health::NotConnected:
        break;
    }
    return std::nullopt;
}

bool PeerCloseWatch::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::SockAct && (!m_watching || m_watching()))
        peek();
    return QObject::eventFilter(watched, event);
}

#include "hostlookup.h"

#include <QUrl>

#include <mutex>
#include <netdb.h>
#include <sys/socket.h>
#include <thread>

using namespace Qt::StringLiterals;

// Shared with the lookup threads: they report only while the HostLookup lives, and it cannot
// go away while one of them is posting its answer.
struct HostLookup::Relay
{
    std::mutex mutex;
    HostLookup *owner = nullptr;
};

namespace {

struct Answer
{
    QList<QHostAddress> addresses;
    QString error;
};

Answer resolve(const QByteArray &name)
{
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_ADDRCONFIG;
    addrinfo *list = nullptr;
    Answer answer;
    if (const int status = ::getaddrinfo(name.constData(), nullptr, &hints, &list); status != 0) {
        answer.error = status == EAI_NONAME || status == EAI_NODATA
            ? u"the name is not known (%1)"_s.arg(QString::fromLocal8Bit(::gai_strerror(status)))
            : QString::fromLocal8Bit(::gai_strerror(status));
        return answer;
    }
    for (const addrinfo *entry = list; entry; entry = entry->ai_next) {
        const QHostAddress address(entry->ai_addr);
        if (!address.isNull() && !answer.addresses.contains(address))
            answer.addresses << address;
    }
    ::freeaddrinfo(list);
    if (answer.addresses.isEmpty())
        answer.error = u"the name has no addresses"_s;
    return answer;
}

} // namespace

HostLookup::HostLookup(QObject *parent)
    : QObject(parent)
    , m_relay(std::make_shared<Relay>())
{
    m_relay->owner = this;
}

HostLookup::~HostLookup()
{
    const std::lock_guard lock(m_relay->mutex);
    m_relay->owner = nullptr;
}

void HostLookup::start(const QString &name, Done done)
{
    m_id = m_nextId++;
    m_done = std::move(done);
    const QByteArray ace = QUrl::toAce(name);
    if (ace.isEmpty()) {
        QMetaObject::invokeMethod(
            this,
            [this, id = m_id, name] {
                finish(id, {}, u"\"%1\" is not a valid host name"_s.arg(name));
            },
            Qt::QueuedConnection);
        return;
    }
    std::thread([relay = m_relay, id = m_id, ace] {
        const Answer answer = resolve(ace);
        const std::lock_guard lock(relay->mutex);
        if (HostLookup *owner = relay->owner)
            QMetaObject::invokeMethod(
                owner, [owner, id, answer] { owner->finish(id, answer.addresses, answer.error); },
                Qt::QueuedConnection);
    }).detach();
}

void HostLookup::abort()
{
    m_id = 0;
    m_done = nullptr;
}

void HostLookup::finish(quint64 id, const QList<QHostAddress> &addresses, const QString &error)
{
    if (id != m_id || !m_done)
        return;
    const Done done = std::exchange(m_done, nullptr);
    m_id = 0;
    done(addresses, error);
}

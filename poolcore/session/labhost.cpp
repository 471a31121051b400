#include "labhost.h"

#include "labserver.h"

#include <QTimer>

using namespace Qt::StringLiterals;

namespace {

// The lab panel's counters move a few times a second; more would be noise.
constexpr int CountersIntervalMs = 250;

} // namespace

LabHost::LabHost(std::function<void()> wake)
    : m_wake(std::move(wake))
    , m_thread(u"lab"_s)
{ }

LabHost::~LabHost()
{
    // The server and its sockets are deleted on their own thread.
    m_thread.stop([this] { delete std::exchange(m_server, nullptr); });
}

void LabHost::post(const std::function<void(Delivery &)> &change)
{
    if (m_mailbox.update(change))
        m_wake();
}

void LabHost::answer(quint64 command, const QString &action,
                     const std::function<QStringList()> &work)
{
    SessionReply reply;
    reply.command = command;
    reply.action = action;
    reply.errors = work();
    post([&](Delivery &delivery) {
        if (reply.ok() && m_server)
            delivery.feed.settings = m_server->settings();
        delivery.replies.append(reply);
    });
}

void LabHost::start(const LabSettings &settings, quint64 command)
{
    m_thread.post([this, settings, command] {
        m_server = new LabServer;
        QObject::connect(m_server, &LabServer::listeningChanged, m_server, [this](bool on) {
            post([on](Delivery &delivery) { delivery.feed.listening = on; });
        });
        QObject::connect(m_server, &LabServer::errorOccurred, m_server,
                         [this](const QString &message) {
                             post([&](Delivery &delivery) { delivery.feed.errors << message; });
                         });
        auto *counters = new QTimer(m_server);
        QObject::connect(counters, &QTimer::timeout, m_server, [this] { publishCounters(); });
        counters->start(CountersIntervalMs);
        answer(command, u"start_lab"_s, [&] { return m_server->start(settings); });
    });
}

void LabHost::publishCounters()
{
    const LabCounters counters = m_server->counters();
    post([&](Delivery &delivery) { delivery.feed.counters = counters; });
}

void LabHost::setSettings(const LabSettings &settings, quint64 command)
{
    m_thread.post([this, settings, command] {
        answer(command, u"set_lab_settings"_s, [&] {
            return m_server ? m_server->setSettings(settings)
                            : QStringList{u"the lab is not running"_s};
        });
    });
}

void LabHost::restart(qint64 downMs, quint64 command)
{
    m_thread.post([this, downMs, command] {
        answer(command, u"restart_lab"_s, [&] {
            if (!m_server)
                return QStringList{u"the lab is not running"_s};
            m_server->restart(downMs);
            return QStringList();
        });
    });
}

void LabHost::resetAll(quint64 command)
{
    m_thread.post([this, command] {
        answer(command, u"reset_lab_connections"_s, [&] {
            if (!m_server)
                return QStringList{u"the lab is not running"_s};
            m_server->resetAll();
            return QStringList();
        });
    });
}

void LabHost::stop(quint64 command)
{
    m_thread.post([this, command] {
        answer(command, u"stop_lab"_s, [&] {
            if (!m_server)
                return QStringList{u"the lab is not running"_s};
            m_server->stop();
            publishCounters();
            return QStringList();
        });
    });
}

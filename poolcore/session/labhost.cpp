#include "labhost.h"

#include "labserver.h"

using namespace Qt::StringLiterals;

LabHost::LabHost(QObject *parent)
    : QObject(parent)
{ }

LabHost::~LabHost()
{
    stop();
}

QStringList LabHost::start(const LabSettings &settings)
{
    QStringList errors = settings.validate();
    if (!errors.isEmpty())
        return errors;
    stop();
    m_thread = std::make_unique<QThread>();
    m_thread->setObjectName(u"lab"_s);
    m_server = new LabServer;
    m_server->moveToThread(m_thread.get());
    connect(m_server, &LabServer::listeningChanged, this, &LabHost::listeningChanged);
    connect(m_server, &LabServer::errorOccurred, this, &LabHost::errorOccurred);
    m_thread->start();
    runOnLabThread([&] { errors = m_server->start(settings); });
    if (!errors.isEmpty())
        stop();
    return errors;
}

void LabHost::stop()
{
    if (!m_server)
        return;
    // The server and its sockets are deleted on their own thread.
    runOnLabThread([this] { delete m_server; });
    m_server = nullptr;
    m_thread->quit();
    m_thread->wait();
    m_thread.reset();
}

QStringList LabHost::setSettings(const LabSettings &settings)
{
    QStringList errors = settings.validate();
    if (errors.isEmpty() && m_server)
        runOnLabThread([&] { errors = m_server->setSettings(settings); });
    return errors;
}

LabSettings LabHost::settings() const
{
    LabSettings settings;
    if (m_server)
        runOnLabThread([&] { settings = m_server->settings(); });
    return settings;
}

QHostAddress LabHost::address() const
{
    return m_server ? m_server->address() : QHostAddress();
}

quint16 LabHost::port() const
{
    return m_server ? m_server->port() : 0;
}

bool LabHost::isListening() const
{
    return m_server && m_server->isListening();
}

LabCounters LabHost::counters() const
{
    return m_server ? m_server->counters() : LabCounters();
}

void LabHost::restart(qint64 downMs)
{
    if (m_server)
        runOnLabThread([&] { m_server->restart(downMs); });
}

void LabHost::resetAll()
{
    if (m_server)
        runOnLabThread([this] { m_server->resetAll(); });
}

void LabHost::runOnLabThread(const std::function<void()> &function) const
{
    if (QThread::currentThread() == m_thread.get())
        function();
    else
        QMetaObject::invokeMethod(m_server, function, Qt::BlockingQueuedConnection);
}

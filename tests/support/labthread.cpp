#include "labthread.h"

#include "labserver.h"
#include "tlsthreadstate.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

LabThread::LabThread(QObject *parent)
    : QObject(parent)
{ }

LabThread::~LabThread()
{
    stop();
}

QStringList LabThread::start(const LabSettings &settings)
{
    QStringList errors = settings.validate();
    if (!errors.isEmpty())
        return errors;
    stop();
    m_thread = std::make_unique<QThread>();
    m_thread->setObjectName(u"lab"_s);
    m_server = new LabServer;
    m_server->moveToThread(m_thread.get());
    connect(m_server, &LabServer::listeningChanged, this, &LabThread::listeningChanged);
    connect(m_server, &LabServer::errorOccurred, this, &LabThread::errorOccurred);
    m_thread->start();
    runOnLabThread([&] { errors = m_server->start(settings); });
    if (!errors.isEmpty())
        stop();
    return errors;
}

void LabThread::stop()
{
    if (!m_server)
        return;
    // The server and its sockets are deleted on their own thread.
    runOnLabThread([this] {
        delete m_server;
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        releaseTlsThreadState(); // as ThreadHost does: nothing left for the thread's exit
    });
    m_server = nullptr;
    m_thread->quit();
    m_thread->wait();
    m_thread.reset();
}

QStringList LabThread::setSettings(const LabSettings &settings)
{
    QStringList errors = settings.validate();
    if (errors.isEmpty() && m_server)
        runOnLabThread([&] { errors = m_server->setSettings(settings); });
    return errors;
}

LabSettings LabThread::settings() const
{
    LabSettings settings;
    if (m_server)
        runOnLabThread([&] { settings = m_server->settings(); });
    return settings;
}

QHostAddress LabThread::address() const
{
    return m_server ? m_server->address() : QHostAddress();
}

quint16 LabThread::port() const
{
    return m_server ? m_server->port() : 0;
}

bool LabThread::isListening() const
{
    return m_server && m_server->isListening();
}

LabCounters LabThread::counters() const
{
    return m_server ? m_server->counters() : LabCounters();
}

void LabThread::restart(qint64 downMs)
{
    if (m_server)
        runOnLabThread([&] { m_server->restart(downMs); });
}

void LabThread::resetAll()
{
    if (m_server)
        runOnLabThread([this] { m_server->resetAll(); });
}

void LabThread::runOnLabThread(const std::function<void()> &function) const
{
    if (QThread::currentThread() == m_thread.get())
        function();
    else
        QMetaObject::invokeMethod(m_server, function, Qt::BlockingQueuedConnection);
}

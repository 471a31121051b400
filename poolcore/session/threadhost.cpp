#include "threadhost.h"

#include "tlsthreadstate.h"

#include <QCoreApplication>

ThreadHost::ThreadHost(const QString &name)
    : m_thread(std::make_unique<QThread>())
    , m_context(new QObject)
{
    m_thread->setObjectName(name);
    m_context->moveToThread(m_thread.get());
    m_thread->start();
}

ThreadHost::~ThreadHost()
{
    stop();
}

void ThreadHost::post(std::function<void()> work)
{
    if (m_context)
        QMetaObject::invokeMethod(m_context, std::move(work), Qt::QueuedConnection);
}

void ThreadHost::stop(std::function<void()> last)
{
    // A retired thread may still be ending: it is waited for all the same.
    if (m_context)
        end(std::move(last));
    m_thread->wait();
}

void ThreadHost::retire(std::function<void()> last, QObject *context, std::function<void()> done)
{
    if (!m_context)
        return;
    QObject::connect(m_thread.get(), &QThread::finished, context, std::move(done),
                     Qt::QueuedConnection);
    end(std::move(last));
}

void ThreadHost::end(std::function<void()> last)
{
    QObject *context = std::exchange(m_context, nullptr);
    QMetaObject::invokeMethod(
        context,
        [context, last = std::move(last)] {
            if (last)
                last();
            delete context;
            // Sockets deleted later go now, so that nothing of OpenSSL's is left for the
            // thread's exit to free while the process exits.
            QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
            releaseTlsThreadState();
            QThread::currentThread()->quit();
        },
        Qt::QueuedConnection);
}

#include "poolhost.h"

#include "connectionpool.h"
#include "eventbatcher.h"

using namespace Qt::StringLiterals;

PoolHost::PoolHost(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<PoolEvent>();
    qRegisterMetaType<PoolSnapshot>();
}

PoolHost::~PoolHost()
{
    // No signals from a destructor: the receivers may be halfway gone themselves.
    blockSignals(true);
    stop();
}

QStringList PoolHost::start(const PoolSettings &settings)
{
    if (const QStringList errors = settings.validate(); !errors.isEmpty())
        return errors;
    stop();
    m_thread = std::make_unique<QThread>();
    m_thread->setObjectName(u"pool"_s);
    m_thread->start();
    m_context = new QObject;
    m_context->moveToThread(m_thread.get());
    runOnPoolThread([this, settings] {
        m_pool = new ConnectionPool(settings);
        m_batcher = new EventBatcher(
            m_pool, this, [this] { takeDelivery(); }, m_deliveryIntervalMs, m_snapshotIntervalMs,
            m_maxBufferedEvents);
    });
    return {};
}

void PoolHost::stop()
{
    if (!m_thread)
        return;
    EventBatcher::Delivery last;
    runOnPoolThread([this, &last] {
        if (m_pool) {
            m_pool->shutdown();
            m_batcher->flushToMailbox(true);
            last = m_batcher->take();
            delete m_batcher;
            delete m_pool;
        }
        delete m_context;
    });
    m_pool = nullptr;
    m_batcher = nullptr;
    m_context = nullptr;
    deliver(std::move(last));
    m_thread->quit();
    m_thread->wait();
    m_thread.reset();
}

void PoolHost::runOnPoolThread(const std::function<void()> &function)
{
    if (QThread::currentThread() == m_thread.get())
        function();
    else
        QMetaObject::invokeMethod(m_context, function, Qt::BlockingQueuedConnection);
}

void PoolHost::invoke(std::function<void(ConnectionPool &)> function)
{
    if (!m_pool)
        return;
    ConnectionPool *pool = m_pool;
    QMetaObject::invokeMethod(
        pool, [pool, function = std::move(function)] { function(*pool); }, Qt::QueuedConnection);
}

void PoolHost::invokeAndWait(std::function<void(ConnectionPool &)> function)
{
    if (!m_pool)
        return;
    runOnPoolThread([this, &function] { function(*m_pool); });
}

void PoolHost::setDeliveryIntervalMs(int ms)
{
    m_deliveryIntervalMs = ms;
    applyIntervals();
}

void PoolHost::setSnapshotIntervalMs(int ms)
{
    m_snapshotIntervalMs = ms;
    applyIntervals();
}

void PoolHost::setMaxBufferedEvents(int count)
{
    m_maxBufferedEvents = count;
    applyIntervals();
}

void PoolHost::applyIntervals()
{
    if (!m_batcher)
        return;
    runOnPoolThread([this] {
        m_batcher->setIntervals(m_deliveryIntervalMs, m_snapshotIntervalMs, m_maxBufferedEvents);
    });
}

quint64 PoolHost::droppedEvents() const
{
    return m_batcher ? m_batcher->droppedEvents() : 0;
}

void PoolHost::flush()
{
    if (!m_batcher)
        return;
    runOnPoolThread([this] { m_batcher->flushToMailbox(true); });
    takeDelivery();
}

void PoolHost::takeDelivery()
{
    if (m_batcher)
        deliver(m_batcher->take());
}

void PoolHost::deliver(EventBatcher::Delivery &&delivery)
{
    if (!delivery.events.isEmpty())
        Q_EMIT eventsDelivered(delivery.events);
    if (delivery.snapshot)
        Q_EMIT snapshotDelivered(*delivery.snapshot);
}

#include "targetresolver.h"

#include "specialusename.h"

using namespace Qt::StringLiterals;

TargetResolver::TargetResolver(Clock &clock, Listener &listener)
    : m_clock(clock)
    , m_listener(listener)
    , m_refreshTimer(clock.createTimer([this] {
        lookUp();
        scheduleRefresh();
    }))
{ }

TargetResolver::~TargetResolver()
{
    stop();
}

void TargetResolver::setTarget(const QString &host, quint16 port,
                               const QList<HostOverride> &overrides, bool connectionsOpen)
{
    m_lookup.abort();
    m_host = host;
    m_port = port;
    m_cursor = 0;
    m_isName = false;
    m_refusal.clear();
    m_refusalQueued = false;
    ++m_generation;
    for (const HostOverride &entry : overrides) {
        if (entry.host.compare(host, Qt::CaseInsensitive) == 0 && entry.port == port) {
            m_addresses = {entry.address};
            m_listener.targetResolved(m_addresses, u"hosts override"_s, 0);
            scheduleRefresh();
            return;
        }
    }
    if (QHostAddress literal; literal.setAddress(host)) {
        m_addresses = {literal};
    } else if (auto special = SpecialUseName::of(host)) {
        m_addresses = special->addresses;
        if (m_addresses.isEmpty())
            m_refusal = special->message;
        else
            m_listener.targetResolved(m_addresses, u"special-use name"_s, 0);
    } else {
        m_isName = true;
        m_addresses.clear();
        if (connectionsOpen)
            lookUp();
    }
    scheduleRefresh();
}

void TargetResolver::setRefreshMs(qint64 ms)
{
    m_refreshMs = ms;
    scheduleRefresh();
}

void TargetResolver::stop()
{
    m_refreshTimer->stop();
    m_refusalQueued = false;
    ++m_generation;
    m_lookup.abort();
}

bool TargetResolver::needsLookup() const
{
    return m_isName;
}

void TargetResolver::scheduleRefresh()
{
    if (m_refreshMs > 0 && needsLookup())
        m_refreshTimer->start(m_clock.nowNs() + m_refreshMs * 1'000'000);
    else
        m_refreshTimer->stop();
}

void TargetResolver::lookUp()
{
    if (!m_refusal.isEmpty()) {
        if (m_refusalQueued)
            return;
        // Answered here, never asked of the system; from the event loop, as a lookup would be,
        // so that no dial fails inside its own start.
        m_refusalQueued = true;
        QMetaObject::invokeMethod(
            this,
            [this, generation = m_generation] {
                if (generation != m_generation)
                    return;
                m_refusalQueued = false;
                m_listener.targetResolutionFailed(m_refusal, 0);
            },
            Qt::QueuedConnection);
        return;
    }
    if (m_lookup.isRunning() || !needsLookup())
        return;
    m_lookupStartedNs = m_clock.nowNs();
    m_lookup.start(m_host, [this](const QList<QHostAddress> &addresses, const QString &error) {
        lookedUp(addresses, error);
    });
}

void TargetResolver::lookedUp(const QList<QHostAddress> &addresses, const QString &error)
{
    const qint64 tookNs = m_clock.nowNs() - m_lookupStartedNs;
    if (addresses.isEmpty()) {
        m_listener.targetResolutionFailed(u"%1: %2"_s.arg(m_host, error), tookNs);
        return;
    }
    m_addresses = addresses;
    m_listener.targetResolved(m_addresses, HostLookup::source(), tookNs);
}

QList<QHostAddress> TargetResolver::dialOrder()
{
    const qsizetype n = m_addresses.size();
    QList<QHostAddress> order;
    order.reserve(n);
    for (qsizetype i = 0; i < n; ++i)
        order << m_addresses[(m_cursor + i) % n];
    m_cursor = n ? int((m_cursor + 1) % n) : 0;
    return order;
}

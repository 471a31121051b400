#include "targetresolver.h"

#include <QHostInfo>

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
    if (m_lookupId >= 0)
        QHostInfo::abortHostLookup(m_lookupId);
    m_lookupId = -1;
    m_host = host;
    m_port = port;
    m_cursor = 0;
    m_isName = false;
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
    if (m_lookupId >= 0)
        QHostInfo::abortHostLookup(m_lookupId);
    m_lookupId = -1;
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
    if (m_lookupId >= 0 || !needsLookup())
        return;
    m_lookupStartedNs = m_clock.nowNs();
    m_lookupId = QHostInfo::lookupHost(m_host, this, &TargetResolver::onLookedUp);
}

void TargetResolver::onLookedUp(const QHostInfo &info)
{
    if (info.lookupId() != m_lookupId)
        return;
    m_lookupId = -1;
    const qint64 tookNs = m_clock.nowNs() - m_lookupStartedNs;
    if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
        m_listener.targetResolutionFailed(u"%1: %2"_s.arg(m_host,
                                                          info.error() == QHostInfo::NoError
                                                              ? u"no addresses"_s
                                                              : info.errorString()),
                                          tookNs);
        return;
    }
    m_addresses = info.addresses();
    m_listener.targetResolved(m_addresses, u"DNS"_s, tookNs);
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

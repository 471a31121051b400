#include "evictionpolicy.h"

#include "idlelist.h"
#include "monotonicclock.h"
#include "pooledconnection.h"
#include "poolstats.h"

#include <algorithm>

using namespace Qt::StringLiterals;

CloseDecision EvictionPolicy::keepOrClose(const PooledConnection &connection, qint64 nowNs,
                                          const PoolFacts &pool) const
{
    if (connection.pendingEviction != EvictionReason::None)
        return {connection.pendingEviction, connection.pendingMessage};
    if (pool.shutDown)
        return {EvictionReason::Shutdown, {}};
    if (connection.generation != pool.generation)
        return {EvictionReason::Cleared, {}};
    if (!connection.link->isConnected())
        return {EvictionReason::PeerClosed, u"closed while in use"_s};
    if (const qint64 unread = connection.link->bytesAvailable())
        return {EvictionReason::UnexpectedData,
                u"%1 unread bytes were left when it came back"_s.arg(unread)};
    if (connection.expiresNs && nowNs >= connection.expiresNs)
        return {EvictionReason::MaxLifetime, {}};
    if (pool.connections > m_settings.maxConnections)
        return {EvictionReason::Shrink,
                u"max_connections is now %1"_s.arg(m_settings.maxConnections)};
    return {};
}

CloseDecision EvictionPolicy::checkAtAcquire(const PooledConnection &connection, qint64 nowNs,
                                             const PoolFacts &pool) const
{
    const qint64 idleNs = nowNs - connection.lastReleasedNs;
    if (connection.expiresNs && nowNs >= connection.expiresNs)
        return {EvictionReason::MaxLifetime, {}};
    // A connection of an older generation is not handed out, even before its clear closed it.
    if (connection.generation != pool.generation)
        return {EvictionReason::Cleared, {}};
    // Idle connections that min idle or min connections keeps are still good to use.
    if (m_settings.idleTimeoutMs && idleNs >= MonotonicClock::msToNs(m_settings.idleTimeoutMs)
        && pool.idle > m_settings.minIdle && pool.connections > m_settings.minConnections)
        return {EvictionReason::IdleTimeout, u"idle for %1 ms"_s.arg(idleNs / 1'000'000)};
    if (!m_settings.checkBeforeReuse
        || idleNs < MonotonicClock::msToNs(m_settings.checkAfterIdleMs))
        return {};
    const Link &link = *connection.link;
    if (!link.isConnected())
        return {EvictionReason::StaleCheckFailed, u"the socket is no longer connected"_s};
    if (const qint64 unread = link.bytesAvailable())
        return {EvictionReason::StaleCheckFailed,
                u"%1 unread bytes arrived while idle"_s.arg(unread)};
    switch (link.peekHealth()) {
    case SocketOptions::Health::Alive:
        return {};
    case SocketOptions::Health::PendingData:
        // TLS may deliver session tickets after the handshake; only plain TCP knows that
        // pending bytes mean the stream is out of step.
        if (m_settings.tls)
            return {};
        return {EvictionReason::StaleCheckFailed, u"bytes arrived while idle"_s};
    case SocketOptions::Health::PeerClosed:
        return {EvictionReason::StaleCheckFailed, u"the server closed it (FIN pending)"_s};
    case SocketOptions::Health::Reset:
        return {EvictionReason::StaleCheckFailed, u"the server reset it (RST)"_s};
    case SocketOptions::Health::TimedOut:
        return {EvictionReason::StaleCheckFailed,
                u"the kernel gave up on it: keepalive probes went unanswered (ETIMEDOUT)"_s};
    case SocketOptions::Health::NotConnected:
        break;
    }
    return {EvictionReason::StaleCheckFailed, u"the kernel no longer has it established"_s};
}

CloseDecision EvictionPolicy::targetChange(const PoolSettings &old) const
{
    const PoolSettings &now = m_settings;
    if (now.host != old.host || now.port != old.port)
        return {EvictionReason::AddressChanged, u"the target changed to %1"_s.arg(now.target())};
    // The same server, but a connection made with the old TLS settings is not the one asked
    // for: plain where TLS is wanted, or verified against other certificates.
    if (now.tls != old.tls)
        return {EvictionReason::TlsChanged,
                now.tls ? u"TLS was turned on"_s : u"TLS was turned off"_s};
    if (now.tlsInsecure != old.tlsInsecure)
        return {EvictionReason::TlsChanged,
                now.tlsInsecure ? u"tls_insecure was turned on: certificates are not verified"_s
                                : u"tls_insecure was turned off: certificates are verified"_s};
    return {EvictionReason::TlsChanged,
            now.caFile.isEmpty() ? u"ca_file was removed: only the system's CAs are trusted"_s
                                 : u"ca_file changed to %1"_s.arg(now.caFile)};
}

std::vector<EvictionPolicy::Eviction> EvictionPolicy::idleExpiry(const IdleList &idle, qint64 nowNs,
                                                                 qsizetype connections) const
{
    std::vector<Eviction> evictions;
    const qint64 idleTimeoutNs = MonotonicClock::msToNs(m_settings.idleTimeoutMs);
    int staying = idle.size();
    for (PooledConnection *c = idle.oldest(); c; c = c->newer) {
        const qint64 idleNs = nowNs - c->lastReleasedNs;
        if (c->expiresNs && nowNs >= c->expiresNs) {
            evictions.push_back({c, {EvictionReason::MaxLifetime, {}}});
            --staying;
            --connections;
        } else if (idleTimeoutNs && idleNs >= idleTimeoutNs && staying > m_settings.minIdle
                   && connections > m_settings.minConnections) {
            evictions.push_back(
                {c, {EvictionReason::IdleTimeout, u"idle for %1 ms"_s.arg(idleNs / 1'000'000)}});
            --staying;
            --connections;
        }
    }
    return evictions;
}

qint64 EvictionPolicy::cleanerDueNs(const PooledConnection &connection, const PoolFacts &pool) const
{
    qint64 due = connection.expiresNs;
    if (m_settings.idleTimeoutMs && pool.idle > m_settings.minIdle
        && pool.connections > m_settings.minConnections) {
        const qint64 idleDue
            = connection.lastReleasedNs + MonotonicClock::msToNs(m_settings.idleTimeoutMs);
        due = due ? std::min(due, idleDue) : idleDue;
    }
    return due;
}

std::optional<DialError> EvictionPolicy::earlyCloseCause(const PooledConnection &connection,
                                                         EvictionReason reason, qint64 ageNs,
                                                         const PoolFacts &pool) const
{
    if (!connection.connectedNs || ageNs >= PoolStats::EarlyCloseNs || pool.shutDown)
        return std::nullopt;
    if (connection.state == ConnectionState::InUse && connection.answered)
        return std::nullopt;
    switch (reason) {
    case EvictionReason::PeerClosed:
    case EvictionReason::SocketError:
    case EvictionReason::StaleCheckFailed:
        return DialError::Reset;
    case EvictionReason::UnexpectedData:
        return DialError::Other;
    default:
        return std::nullopt;
    }
}

#pragma once

#include "clock.h"
#include "connectioninfo.h"
#include "connector.h"
#include "dialbackoff.h"
#include "targetresolver.h"

#include <QSslConfiguration>

#include <memory>
#include <optional>
#include <vector>

class PoolEventLog;
class PooledConnection;
struct PoolSettings;
struct PoolStats;

// The pool's dials: where the target is (TargetResolver), each new connection connected
// through the Connector within the connect timeout, and the back-off after failures
// (DialBackoff). The pool owns the connections and decides how many to dial; the dialer takes
// each from its start until it is established or has failed, and records what happened.
// Internal to ConnectionPool; lives on its thread.
class Dialer : private TargetResolver::Listener
{
public:
    // What the dialer tells the pool.
    class Pool
    {
    public:
        // The one place a connection's state changes.
        virtual void setState(PooledConnection *connection, ConnectionState state) = 0;
        virtual void dialEstablished(PooledConnection *connection) = 0;
        // The connection is finished with: the pool forgets it.
        virtual void dialFailed(PooledConnection *connection, DialError error,
                                const QString &message)
            = 0;
        // Connections to peers not among addresses must go.
        virtual void targetMoved(const QList<QHostAddress> &addresses) = 0;
        virtual void backoffEnded() = 0;

    protected:
        ~Pool() = default;
    };

    Dialer(Clock &clock, Connector &connector, const PoolSettings &settings, PoolEventLog &log,
           PoolStats &stats, Pool &pool);
    ~Dialer();

    // Reads the target, TLS and refresh interval from the settings again.
    void setTarget(bool connectionsOpen);
    void setRefreshMs(qint64 ms);
    void stop();

    // How many dials may start now, with dialing under way: none while backing off (the pool
    // hears backoffEnded()), one at a time after a failure until a dial succeeds.
    int allowance(qint64 nowNs, int dialing);
    void start(PooledConnection *connection);
    // The pool closed a connection that was still dialing.
    void abandon(PooledConnection *connection);

    // Records an early close (PoolStats::EarlyCloseNs); returns what its eviction's message adds.
    QString recordEarlyClose(qint64 ageNs, DialError cause, const QString &message);

    const QList<QHostAddress> &addresses() const { return m_resolver.addresses(); }
    const DialBackoff &backoff() const { return m_backoff; }

    // What a dialing connection's link says (through PooledConnection).
    void linkConnected(PooledConnection *connection);
    void linkEstablished(PooledConnection *connection);
    void linkFailed(PooledConnection *connection, DialError error, const QString &message);

private:
    // startNs: when the addresses were there to dial, the end of the resolve part.
    void connect(PooledConnection *connection, qint64 startNs);
    void timedOut(PooledConnection *connection);
    void fail(PooledConnection *connection, DialError error, const QString &message);
    void targetResolved(const QList<QHostAddress> &addresses, const QString &source,
                        qint64 tookNs) override;
    void targetResolutionFailed(const QString &message, qint64 tookNs) override;
    QString target() const;

    Clock &m_clock;
    Connector &m_connector;
    const PoolSettings &m_settings;
    PoolEventLog &m_log;
    PoolStats &m_stats;
    Pool &m_pool;
    TargetResolver m_resolver;
    std::optional<QSslConfiguration> m_tls;
    DialBackoff m_backoff;
    std::unique_ptr<ClockTimer> m_backoffTimer;
    std::vector<PooledConnection *> m_awaitingAddress; // dialing, waiting for the resolver
};

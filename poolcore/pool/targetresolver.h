#pragma once

#include "clock.h"
#include "hostlookup.h"
#include "hostoverride.h"

#include <QHostAddress>
#include <QList>
#include <QObject>

#include <memory>

// Where the pool's target is: a literal address, a hosts override (like curl --resolve), a
// special-use name's local answer (SpecialUseName), or what name resolution says, looked up
// again every refresh interval. It spreads dials over every address the name has. Internal to
// the pool; lives on its thread.
class TargetResolver : public QObject
{
public:
    class Listener
    {
    public:
        // source: HostLookup::source(), "hosts override" or "special-use name"; tookNs: 0 but
        // for a lookup.
        virtual void targetResolved(const QList<QHostAddress> &addresses, const QString &source,
                                    qint64 tookNs)
            = 0;
        virtual void targetResolutionFailed(const QString &message, qint64 tookNs) = 0;

    protected:
        ~Listener() = default;
    };

    TargetResolver(Clock &clock, Listener &listener);
    ~TargetResolver() override;

    // A new target. An override is reported at once. A name is looked up when it is first
    // dialed, or at once when connections are open, so that those to addresses it no longer
    // lists can go.
    void setTarget(const QString &host, quint16 port, const QList<HostOverride> &overrides,
                   bool connectionsOpen);
    // 0: look a name up only when there is no address to dial.
    void setRefreshMs(qint64 ms);
    void stop();

    const QList<QHostAddress> &addresses() const { return m_addresses; }
    // Starts a lookup unless one is running or the target needs none.
    void lookUp();
    // Every address, starting one further along at each call.
    QList<QHostAddress> dialOrder();

private:
    bool needsLookup() const;
    void lookedUp(const QList<QHostAddress> &addresses, const QString &error);
    void scheduleRefresh();

    Clock &m_clock;
    Listener &m_listener;
    QString m_host;
    quint16 m_port = 0;
    bool m_isName = false;
    QString m_refusal; // a special-use name that never resolves: why
    bool m_refusalQueued = false;
    quint64 m_generation = 0; // tells a refusal queued for an earlier target apart
    QList<QHostAddress> m_addresses;
    int m_cursor = 0;
    HostLookup m_lookup; // afresh every time, never from a cache
    qint64 m_lookupStartedNs = 0;
    qint64 m_refreshMs = 0;
    std::unique_ptr<ClockTimer> m_refreshTimer;
};

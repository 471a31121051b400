#pragma once

#include "connectionpool.h"
#include "fakeconnector.h"
#include "manualclock.h"
#include "poolobserver.h"

#include <QCoreApplication>

#include <algorithm>
#include <memory>
#include <vector>

// A pool on the seams: a ManualClock and a FakeConnector, with a recorder of its events and a
// borrower that keeps what its acquires got. Nothing here waits real time.
class PoolHarness : public PoolObserver
{
public:
    static PoolSettings defaults()
    {
        PoolSettings settings;
        settings.host = QStringLiteral("127.0.0.1");
        settings.port = 5432;
        settings.connectTimeoutMs = 5'000;
        settings.backoffInitialMs = 20;
        settings.backoffMaxMs = 200;
        settings.dnsRefreshMs = 0;
        settings.checkAfterIdleMs = 0;
        return settings;
    }

    explicit PoolHarness(const PoolSettings &settings = defaults())
        : pool(std::make_unique<ConnectionPool>(settings, clock, connector))
    {
        pool->addObserver(this);
        settle();
    }
    ~PoolHarness() override
    {
        // Leases go back while their pool lives, shut down so they are not handed on; the
        // pool goes before what its completions would write to.
        pool->removeObserver(this);
        pool->shutdown();
        settle();
        results.clear();
        pool.reset();
    }

    // Runs what the event loop has queued (the pool's completions and pre-warming), and the
    // timers already due, until nothing is left. No real time passes.
    void settle()
    {
        for (int round = 0; round < 20; ++round) {
            QCoreApplication::sendPostedEvents();
            clock.advance(0);
        }
    }
    void advanceMs(qint64 ms)
    {
        clock.advanceMs(ms);
        settle();
    }

    quint64 acquire(qint64 timeoutMs = -1, bool fresh = false, QObject *context = nullptr)
    {
        return pool->acquire(
            context, [this](AcquireResult r) { results.push_back(std::move(r)); },
            AcquireOptions{.timeoutMs = timeoutMs, .fresh = fresh});
    }
    int granted() const
    {
        return int(std::count_if(results.begin(), results.end(),
                                 [](const AcquireResult &r) { return r.ok(); }));
    }
    // Establishes every dial, then lets the completions through.
    void establishAll()
    {
        connector.establishAll();
        settle();
    }

    void eventRecorded(const PoolEvent &event) override { events.push_back(event); }
    int count(EventKind kind) const
    {
        return int(std::count_if(events.begin(), events.end(),
                                 [kind](const PoolEvent &e) { return e.kind == kind; }));
    }
    int evictions(EvictionReason reason) const
    {
        return int(std::count_if(events.begin(), events.end(), [reason](const PoolEvent &e) {
            return e.kind == EventKind::Evicted && e.reason == reason;
        }));
    }
    const PoolEvent *last(EventKind kind) const
    {
        const auto it = std::find_if(events.rbegin(), events.rend(),
                                     [kind](const PoolEvent &e) { return e.kind == kind; });
        return it == events.rend() ? nullptr : &*it;
    }
    std::vector<EventKind> kindsSince(size_t first) const
    {
        std::vector<EventKind> kinds;
        for (size_t i = first; i < events.size(); ++i)
            kinds.push_back(events[i].kind);
        return kinds;
    }

    ManualClock clock;
    FakeConnector connector;
    std::unique_ptr<ConnectionPool> pool;
    std::vector<PoolEvent> events;
    std::vector<AcquireResult> results;
};

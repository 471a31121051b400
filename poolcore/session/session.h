#pragma once

#include "comparisonplan.h"
#include "poolconfig.h"
#include "probesettings.h"
#include "sessionfeed.h"
#include "sessionprofile.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <map>
#include <memory>

class Comparison;
class LabHost;
class PoolHost;
class ProbeHost;

// What the window, `poolscope run` and every other front end drive: the embedded lab, any
// number of pools with their workloads, and the probes, each on a thread of its own. Commands
// go in as calls that return at once with a command id; each gets exactly one SessionReply in a
// later feed. What happens comes out as one value, SessionFeed, about 30 times a second
// (feedDelivered) and never more often; nothing here blocks on another thread but the
// destructor, which ends them.
//
// A pool that targets the lab dials the lab's address, with its TLS and trusting its
// certificate, whatever its own settings say; it starts once the lab listens.
//
// Lives on one thread (the GUI's or the command's); every call must come from there.
class Session : public QObject
{
    Q_OBJECT
public:
    explicit Session(QObject *parent = nullptr);
    ~Session() override;

    // MonotonicClock time when the session was made: zero on every time axis.
    qint64 epochNs() const { return m_epochNs; }
    // Before the first pool: how often feeds go out, snapshots are taken, and how many events
    // may wait for a stalled consumer before the oldest are dropped.
    void setFeedIntervalMs(int ms) { m_feedIntervalMs = ms; }
    void setSnapshotIntervalMs(int ms) { m_snapshotIntervalMs = ms; }
    void setMaxBufferedEvents(int count) { m_maxBufferedEvents = count; }

    // The lab. Its settings' address and port are where it listens (port 0: any free one);
    // the reply's feed carries the port it got.
    quint64 startLab(const LabSettings &settings);
    quint64 setLabSettings(const LabSettings &settings);
    quint64 restartLab(qint64 downMs);
    quint64 resetLabConnections();
    // Drops every connection and stops listening; the reply's feed has the final counters.
    quint64 stopLab();

    // The embedded lab on loopback (any free port) and a pool on the profile, its workload
    // running when asked: what the window opens. Returns the pool's id.
    quint32 open(const SessionProfile &profile, bool runWorkload);

    // Pools. addPool() returns the new pool's id; its reply has the action "add_pool".
    quint32 addPool(const PoolConfig &config);
    quint64 removePool(quint32 pool);
    quint64 setPoolSettings(quint32 pool, const PoolSettings &settings);
    quint64 setTarget(quint32 pool, const QString &host, int port, bool tls);
    quint64 targetLab(quint32 pool, bool tls);
    quint64 flushPool(quint32 pool);
    // The pool's counters and histograms and its workload's totals start again from zero; the
    // connections, the gauges and the generation stay. Reports from before the reset carry an
    // earlier PoolStats::sinceNs (LoadProgress::statisticsSinceNs).
    quint64 resetStatistics(quint32 pool);
    // The pool's own workload, which runs until stopped (its request and time limits are
    // ignored). A protocol change on a pool that targets the lab changes the lab's too.
    quint64 setWorkload(quint32 pool, const LoadSettings &load);
    quint64 setProtocol(quint32 pool, ProtocolKind kind);
    quint64 startWorkload(quint32 pool);
    quint64 stopWorkload(quint32 pool);
    // The lab's knobs, the pool's settings and its workload at once.
    quint64 applyProfile(quint32 pool, const SessionProfile &profile);
    // A bounded run (its request or time limit) beside the workload; its RunUpdates carry the
    // returned id.
    quint64 runWorkload(quint32 pool, const LoadSettings &load);
    quint64 stopRun(quint32 pool, quint64 run);

    // Pooled against unpooled on the same workload; its ComparisonUpdates carry the id.
    quint64 compare(const ComparisonPlan &plan);
    quint64 cancelComparison();
    // The half under way stops early; what it did counts, and the next half begins.
    quint64 endComparisonHalf();

    // The probes: is a target reachable, and after how long are idle connections dropped.
    quint64 probe(const ProbeSettings &settings);
    quint64 findIdleCutoff(const ProbeSettings &settings);
    quint64 stopProbes();

    // What the session runs on now, as it applied it: what a front end edits when it changes
    // one setting. (What happens comes in the feed.)
    const PoolConfig *config(quint32 pool) const;
    const LabSettings &labSettings() const { return m_labSettings; }
    // The pool's settings and workload with the lab's knobs; the defaults for a pool that is
    // not there.
    SessionProfile profile(quint32 pool) const;

Q_SIGNALS:
    void feedDelivered(const SessionFeed &feed);

private:
    struct PoolEntry
    {
        std::unique_ptr<PoolHost> host; // null until it started
        PoolConfig config; // as applied: effective settings and workload
        bool configChanged = true; // the next feed says so
    };
    friend class Comparison;

    quint64 nextCommand() { return m_nextCommand++; }
    quint64 refuse(quint32 pool, const QString &action, const QStringList &errors);
    quint64 accept(quint32 pool, const QString &action);
    PoolEntry *entry(quint32 pool);
    PoolSettings effective(PoolSettings settings, bool targetsLab) const;
    QStringList check(const PoolSettings &settings, bool targetsLab) const;
    LoadSettings effective(LoadSettings load, const PoolSettings &pool) const;
    bool labReady() const { return m_labListeningPort != 0; }
    void startPool(quint32 id, PoolEntry &entry);
    quint64 applyPool(quint32 pool, PoolSettings settings, bool targetsLab, const QString &action);
    void applyLabToPools();

    void wake();
    void deliver();
    void takeLab(SessionFeed &feed);
    void takePools(SessionFeed &feed);
    PoolFeed &feedFor(SessionFeed &feed, quint32 pool);

    qint64 m_epochNs;
    int m_feedIntervalMs = 33;
    int m_snapshotIntervalMs = 100;
    int m_maxBufferedEvents = 1'000'000;
    quint64 m_nextCommand = 1;
    quint32 m_nextPool = 1;
    quint64 m_sequence = 0;

    std::unique_ptr<LabHost> m_lab;
    LabSettings m_labSettings;
    quint16 m_labListeningPort = 0;
    std::map<quint32, PoolEntry> m_pools;
    std::vector<std::unique_ptr<PoolHost>> m_retiring; // ending their threads
    std::unique_ptr<ProbeHost> m_probe;
    std::unique_ptr<Comparison> m_comparison;
    QList<SessionReply> m_localReplies; // answered here, without a thread
    QTimer m_deliveryTimer;
    QElapsedTimer m_sinceDelivery;
};

#pragma once

#include "labsettings.h"
#include "loadreport.h"
#include "requestrate.h"
#include "session.h"

#include <QObject>

#include <optional>

class QEventLoop;
class QFile;
class MetricsCollector;
class RecordingWriter;
class UnixSignalNotifier;

// What `poolscope run` does with a Session: one bounded run on a pool, or a comparison with a
// pool for each half, optionally on the embedded lab; every event written to the events file
// and every feed to the recording as the feed brings it, and the progress line on a terminal.
class RunSession : public QObject
{
public:
    // One pool and its workload: the only one, or one of --targets.
    struct Target
    {
        QString name; // empty for the single target
        PoolSettings pool;
        LoadSettings load;
        bool targetsLab = false;
    };
    struct Plan
    {
        std::optional<LabSettings> lab; // start it (the targets that ask for it use it)
        QList<Target> targets; // at least one, each run at once
        // With --compare, the one target's unpooled half's pool.
        std::optional<PoolSettings> unpooledPool;
    };
    struct Outcome
    {
        QString error; // a part could not start: bad settings, the lab
        QList<LoadReport> reports; // one per target, in the plan's order
        std::optional<LoadReport> unpooled;
        QString eventsError; // the events file could not be written (a full disk): why
        QString recordError; // the recording could not be written: why
    };

    // events and recording may be null: not asked for.
    RunSession(QFile *events, RecordingWriter *recording, UnixSignalNotifier &signals);

    Outcome exec(const Plan &plan);
    // Gives every feed to metrics too (--metrics-listen).
    void setMetrics(MetricsCollector *metrics) { m_metrics = metrics; }

private:
    void onFeed(const SessionFeed &feed);
    void begin();
    void writeEvents(const PoolFeed &pool);
    void record(const SessionFeed &feed);
    void showProgress(const LoadProgress &progress, const QString &mode);
    void fail(const QString &error);
    QString modeOf(quint32 pool) const;

    Session m_session;
    QFile *m_events;
    RecordingWriter *m_recording;
    MetricsCollector *m_metrics = nullptr;
    Plan m_plan;
    QEventLoop *m_loop = nullptr;
    Outcome m_outcome;
    QList<quint32> m_pools; // not yet removed: the pooled half's, then the unpooled one's
    quint32 m_pooledPool = 0;
    int m_poolsAdded = 0;
    QList<quint64> m_runs; // each target's run, in the plan's order
    quint64 m_comparison = 0;
    int m_reported = 0; // targets whose report is in
    int m_open = 0;
    RequestRate m_rate;
    bool m_progressShown = false;
};

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
    struct Plan
    {
        std::optional<LabSettings> lab; // start it and target it
        PoolSettings pool;
        LoadSettings load;
        // With --compare: the unpooled half's pool (the pooled half runs on pool).
        std::optional<PoolSettings> unpooledPool;
    };
    struct Outcome
    {
        QString error; // a part could not start: bad settings, the lab
        LoadReport first;
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
    quint64 m_run = 0; // a single run's id
    quint64 m_comparison = 0;
    bool m_reported = false;
    int m_open = 0;
    RequestRate m_rate;
    bool m_progressShown = false;
};

#pragma once

#include "loadprogress.h"
#include "loadreport.h"
#include "loadsettings.h"
#include "requestrecord.h"

#include <QObject>
#include <QTimer>

#include <memory>
#include <vector>

class ConnectionPool;
class LoadWorker;

// Runs requests through a ConnectionPool (or, unpooled, on a new connection per request that
// is closed after it) at a concurrency, optionally capped to a rate, for a number of requests
// or a duration. Lives on the pool's thread; every call must come from there.
class LoadDriver : public QObject
{
    Q_OBJECT
public:
    LoadDriver(ConnectionPool *pool, QObject *parent = nullptr);
    ~LoadDriver() override;

    // Returns the validation errors; on errors nothing changes. While running, concurrency,
    // rate, pooled and the timeouts apply from the next request on.
    QStringList setSettings(const LoadSettings &settings);
    const LoadSettings &settings() const { return m_settings; }

    void start();
    // No new requests; those in flight finish (or time out), then finished() is emitted.
    void stop();
    bool isRunning() const { return m_running; }
    int inFlight() const;

    // Everything since start() or the last resetStatistics(), with the pool's statistics at
    // this moment.
    LoadReport report() const;
    // The totals and the report start again from zero now; the requests in flight count when
    // they end. (The pool's statistics are ConnectionPool::resetStatistics().)
    void resetStatistics();
    void setProgressIntervalMs(int ms);

Q_SIGNALS:
    // All emitted on the pool's thread.
    void requestCompleted(const RequestRecord &record);
    void progressed(const LoadProgress &progress);
    void finished();

private:
    void fillSlots();
    void completed(LoadWorker *worker, const RequestRecord &record, bool counted);
    void emitProgress();
    void startInterval(qint64 nowNs);
    bool limitReached() const;
    void finishIfDone();
    bool targetUnreachable(const RequestRecord &record) const;
    void giveUp(const RequestRecord &record);
    void failWhatIsLeft();
    void scheduleDuration();
    void startRequest(LoadWorker *worker);
    void checkTimeouts();

    ConnectionPool *m_pool;
    LoadSettings m_settings;
    bool m_running = false;
    bool m_stopping = false;
    qint64 m_startNs = 0;
    qint64 m_countingSinceNs = 0; // the start or the last statistics reset
    qint64 m_stopNs = 0;
    quint64 m_started = 0;
    QString m_gaveUp; // why the run stopped early: the dial error of an unreachable target
    RequestError m_gaveUpError = RequestError::None;
    qint64 m_rateOriginNs = 0; // the rate counts starts from here
    quint64 m_startedSinceRateOrigin = 0;
    std::vector<std::unique_ptr<LoadWorker>> m_workers;
    QTimer m_rateTimer{this};
    QTimer m_timeoutTimer{this};
    QByteArray m_request; // m_settings.protocol.request(), built once
    QString m_purpose; // what each lease is for, shared by all of them
    QTimer m_durationTimer{this};
    QTimer m_progressTimer{this};
    LoadReport m_report;
    LoadProgress m_progress;
    qint64 m_lastProgressNs = 0;
};

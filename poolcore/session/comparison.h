#pragma once

#include "loadprogress.h"
#include "loadreport.h"

#include <QObject>

class LoadDriver;
class Session;

// Pooled against unpooled on the same workload, through the session's pool: the main workload
// pauses, the same requests run pooled for a while, then unpooled (a new connection per
// request) for as long, then the main workload resumes. Running on the same pool means the
// lanes, the table and the log show both halves as they happen.
//
// Every signal is emitted on the thread the comparison lives on.
class Comparison : public QObject
{
    Q_OBJECT
public:
    enum class Phase : quint8 { Idle, Pooled, Unpooled };

    explicit Comparison(Session *session, QObject *parent = nullptr);
    ~Comparison() override;

    void start(double phaseSeconds);
    void cancel();
    bool isRunning() const { return m_phase != Phase::Idle; }
    bool isCancelling() const { return m_cancelling; }

    // What a phase did: the driver's report, and the dials the pool made meanwhile.
    struct Result
    {
        LoadReport report;
        quint64 dials = 0;
    };

Q_SIGNALS:
    void phaseChanged(Comparison::Phase phase);
    // seconds: since the phase began.
    void progressed(Comparison::Phase phase, double seconds, const LoadProgress &progress);
    void finished(const Comparison::Result &pooled, const Comparison::Result &unpooled);
    void cancelled();

private:
    void startPhase(Phase phase);
    void phaseFinished();
    Result collect();
    void restoreWorkload();

    Session *m_session;
    LoadDriver *m_driver = nullptr; // lives on the pool's thread
    Phase m_phase = Phase::Idle;
    double m_phaseSeconds = 5;
    qint64 m_phaseStartNs = 0;
    quint64 m_dialsAtStart = 0;
    bool m_resumeWorkload = false;
    bool m_cancelling = false;
    Result m_pooled;
};

#pragma once

#include "idlecutoffresult.h"
#include "poolsettings.h"
#include "probefeed.h"
#include "proberesult.h"
#include "sessionreply.h"

#include <QJsonObject>
#include <QTimer>
#include <QWidget>

class FeedState;
class QChartView;
class QGroupBox;
class ProbeTableModel;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineSeries;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableView;
class QValueAxis;
class Session;

// Is the pool's target reachable, where does the time go, and after how long are idle
// connections dropped: the plain-language verdict on top, a table per address and step, a chart
// of step times across repeated probes, and the idle-cutoff finder whose recommendation can be
// applied in one click. The session runs the probes on a thread of their own; this view asks
// for them and shows what the feed brings.
class ReachabilityView : public QWidget
{
    Q_OBJECT
public:
    // The chart keeps this many probes.
    static constexpr int HistoryLength = 60;

    ReachabilityView(Session *session, FeedState *state, QWidget *parent = nullptr);
    ~ReachabilityView() override;

    // The target, TLS and --resolve entries to probe; a probe under way goes on with the old.
    void setPoolSettings(const PoolSettings &settings);
    PoolSettings poolSettings() const { return m_poolSettings; }
    // The request whose first response byte is timed; none: connect (and TLS) only. The
    // idle-cutoff finder needs one.
    void setProtocol(std::optional<ProtocolKind> kind);
    std::optional<ProtocolKind> protocol() const;

    bool isProbing() const;
    bool isFindingIdleCutoff() const;
    // The last probe's result and verdict (while one runs: what it has so far).
    ProbeResult result() const { return m_result; }
    ProbeVerdict verdict() const { return m_result.verdict(); }
    IdleCutoffResult idleCutoff() const { return m_cutoff; }
    // The result shown was measured on another target than the pool's now (it is shown as
    // such, and the cutoff's recommendation cannot be applied).
    bool isResultStale() const;
    bool isCutoffStale() const;

public Q_SLOTS:
    void runProbe();
    // Runs a probe and, in a scroll area (the window's dock), scrolls the verdict into view,
    // now and when it comes.
    void runProbeAndReveal();
    void stopProbe();
    void findIdleCutoff();

Q_SIGNALS:
    void probeFinished(const ProbeResult &result);
    // The user asked to apply the idle-cutoff finder's recommendation: changes holds only the
    // settings to change, as PoolSettings JSON keys (apply them with
    // PoolSettings::fromJson(changes, &errors, current)).
    void recommendationApplied(const QJsonObject &changes);

private:
    QChartView *createHistoryChart();
    QGroupBox *createCutoffBox();
    ProbeSettings probeSettings() const;
    void updateTarget();
    void onProbed(const ProbeFeed &probe);
    void onReplied(const SessionReply &reply);
    void onProbeFinished(const ProbeResult &result);
    // The verdict of m_result, or that it was measured on another target.
    void showResult();
    void showVerdict(const ProbeVerdict &verdict);
    void revealVerdict();
    void addToHistory(const ProbeResult &result);
    void onCutoffFinished(const IdleCutoffResult &result);
    // m_cutoff, with the advice for the pool's settings now.
    void showCutoff();
    void updateButtons();
    void showError(const QStringList &errors);

    Session *m_session;
    PoolSettings m_poolSettings;
    quint64 m_probeCommand = 0;
    quint64 m_cutoffCommand = 0;
    bool m_probing = false;
    bool m_finding = false;
    bool m_revealVerdict = false;
    ProbeResult m_result; // its settings name the target it was measured on
    IdleCutoffResult m_cutoff;
    std::optional<ProbeSettings> m_cutoffSettings; // what the cutoff was found on; none yet
    ProbeSettings m_historySettings; // the target of the probes in the chart
    ProbeTableModel *m_model;
    QTimer m_repeatTimer;
    int m_probeCount = 0;

    QLabel *m_verdictLabel;
    QLabel *m_explanationLabel;
    QLabel *m_targetLabel;
    QComboBox *m_protocolBox;
    QSpinBox *m_countBox;
    QCheckBox *m_repeatBox;
    QSpinBox *m_repeatSecondsBox;
    QPushButton *m_runButton;
    QPushButton *m_stopButton;
    QTableView *m_table;
    QList<QLineSeries *> m_series; // by ProbeStep::Kind
    QValueAxis *m_xAxis;
    QValueAxis *m_yAxis;
    QSpinBox *m_maxIdleBox;
    QPushButton *m_findButton;
    QProgressBar *m_progress;
    QLabel *m_progressLabel;
    QLabel *m_cutoffLabel;
    QPushButton *m_applyButton;
};

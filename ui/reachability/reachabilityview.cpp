#include "reachabilityview.h"

#include "feedstate.h"
#include "probetablemodel.h"
#include "session.h"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// One colour per verdict, the same wherever a verdict shows.
QString statusStyle(std::optional<ProbeVerdict::Status> status)
{
    QString background = u"#eceff1"_s;
    QString border = u"#90a4ae"_s;
    if (status == ProbeVerdict::Status::Reachable) {
        background = u"#e8f5e9"_s;
        border = u"#2e7d32"_s;
    } else if (status == ProbeVerdict::Status::Degraded) {
        background = u"#fff3e0"_s;
        border = u"#ef6c00"_s;
    } else if (status == ProbeVerdict::Status::Unreachable) {
        background = u"#ffebee"_s;
        border = u"#c62828"_s;
    }
    return u"QLabel { background: %1; border-left: 6px solid %2; padding: 8px; "
           "font-weight: bold; }"_s.arg(background, border);
}

// Whether a and b probe the same thing: results of one say nothing about the other.
bool sameTarget(const ProbeSettings &a, const ProbeSettings &b)
{
    return a.host == b.host && a.port == b.port && a.tls == b.tls && a.insecure == b.insecure
        && a.caFile == b.caFile && a.hostOverrides == b.hostOverrides;
}

const QList<QColor> &stepColors()
{
    static const QList<QColor> colors{QColor(0x6a, 0x1b, 0x9a), QColor(0x15, 0x65, 0xc0),
                                      QColor(0x00, 0x83, 0x8f), QColor(0xef, 0x6c, 0x00)};
    return colors;
}

} // namespace

ReachabilityView::ReachabilityView(Session *session, FeedState *state, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_model(new ProbeTableModel(this))
    , m_verdictLabel(new QLabel(this))
    , m_explanationLabel(new QLabel(this))
    , m_targetLabel(new QLabel(this))
    , m_protocolBox(new QComboBox(this))
    , m_countBox(new QSpinBox(this))
    , m_repeatBox(new QCheckBox(tr("Repeat every"), this))
    , m_repeatSecondsBox(new QSpinBox(this))
    , m_runButton(new QPushButton(tr("Run probe"), this))
    , m_stopButton(new QPushButton(tr("Stop"), this))
    , m_table(new QTableView(this))
    , m_xAxis(new QValueAxis(this))
    , m_yAxis(new QValueAxis(this))
    , m_maxIdleBox(new QSpinBox(this))
    , m_findButton(new QPushButton(tr("Find idle cutoff"), this))
    , m_progress(new QProgressBar(this))
    , m_progressLabel(new QLabel(this))
    , m_cutoffLabel(new QLabel(this))
    , m_applyButton(new QPushButton(tr("Apply to pool settings"), this))
{
    // Object names: what tests and style sheets find the parts by.
    m_verdictLabel->setObjectName(u"verdictLabel"_s);
    m_explanationLabel->setObjectName(u"explanationLabel"_s);
    m_runButton->setObjectName(u"runProbeButton"_s);
    m_stopButton->setObjectName(u"stopProbeButton"_s);
    m_findButton->setObjectName(u"findIdleCutoffButton"_s);
    m_applyButton->setObjectName(u"applyRecommendationButton"_s);
    m_cutoffLabel->setObjectName(u"idleCutoffLabel"_s);
    m_table->setObjectName(u"probeTable"_s);

    m_verdictLabel->setWordWrap(true);
    m_verdictLabel->setText(tr("No probe yet: run one to see whether the target is reachable "
                               "and where the time goes."));
    m_verdictLabel->setStyleSheet(statusStyle(std::nullopt));
    m_explanationLabel->setWordWrap(true);
    m_explanationLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_explanationLabel->hide();

    m_protocolBox->addItem(tr("none (connect only)"));
    for (const QString &name : enumNameList<ProtocolKind>())
        m_protocolBox->addItem(name, name);
    m_protocolBox->setCurrentIndex(m_protocolBox->findData(u"http"_s));
    m_protocolBox->setToolTip(tr("The request whose first response byte is timed"));
    m_countBox->setRange(1, 100);
    m_countBox->setValue(4);
    m_countBox->setSuffix(tr(" attempts"));
    m_repeatSecondsBox->setRange(1, 3600);
    m_repeatSecondsBox->setValue(10);
    m_repeatSecondsBox->setSuffix(tr(" s"));
    m_stopButton->setEnabled(false);
    // Clicked, these are disabled while they work: had the click focused them, the focus would
    // move on to the next widget, and the dock's scroll area would scroll away to it.
    for (QPushButton *button : {m_runButton, m_stopButton, m_findButton, m_applyButton})
        button->setFocusPolicy(Qt::TabFocus);

    auto *controls = new QHBoxLayout;
    controls->addWidget(m_targetLabel, 1);
    controls->addWidget(new QLabel(tr("Protocol"), this));
    controls->addWidget(m_protocolBox);
    controls->addWidget(m_countBox);
    controls->addWidget(m_repeatBox);
    controls->addWidget(m_repeatSecondsBox);
    controls->addWidget(m_runButton);
    controls->addWidget(m_stopButton);

    m_table->setModel(m_model);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);

    QChartView *chartView = createHistoryChart();

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(chartView);
    splitter->setStretchFactor(1, 1);

    QGroupBox *cutoffBox = createCutoffBox();

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_verdictLabel);
    layout->addWidget(m_explanationLabel);
    layout->addLayout(controls);
    layout->addWidget(splitter, 1);
    layout->addWidget(cutoffBox);

    m_repeatTimer.setSingleShot(true);
    connect(&m_repeatTimer, &QTimer::timeout, this, &ReachabilityView::runProbe);
    connect(m_runButton, &QPushButton::clicked, this, &ReachabilityView::runProbe);
    connect(m_stopButton, &QPushButton::clicked, this, &ReachabilityView::stopProbe);
    connect(m_findButton, &QPushButton::clicked, this, &ReachabilityView::findIdleCutoff);
    connect(m_applyButton, &QPushButton::clicked, this,
            [this] { Q_EMIT recommendationApplied(m_cutoff.recommendation(m_poolSettings)); });
    connect(m_protocolBox, &QComboBox::currentIndexChanged, this, &ReachabilityView::updateButtons);
    connect(m_repeatBox, &QCheckBox::toggled, this, [this](bool on) {
        if (!on)
            m_repeatTimer.stop();
    });
    connect(state, &FeedState::probed, this, &ReachabilityView::onProbed);
    connect(state, &FeedState::replied, this, &ReachabilityView::onReplied);
    updateTarget();
    updateButtons();
}

ReachabilityView::~ReachabilityView() = default;

QChartView *ReachabilityView::createHistoryChart()
{
    auto *chart = new QChart;
    chart->setTitle(tr("Step times across probes (mean per probe)"));
    chart->legend()->setAlignment(Qt::AlignBottom);
    m_xAxis->setTitleText(tr("probe"));
    m_xAxis->setLabelFormat(u"%d"_s);
    m_xAxis->setRange(1, HistoryLength);
    m_yAxis->setTitleText(tr("ms"));
    m_yAxis->setRange(0, 1);
    chart->addAxis(m_xAxis, Qt::AlignBottom);
    chart->addAxis(m_yAxis, Qt::AlignLeft);
    for (int kind = 0; kind <= int(ProbeStep::Kind::Response); ++kind) {
        auto *series = new QLineSeries;
        series->setName(enumName(ProbeStep::Kind(kind)));
        series->setColor(stepColors().at(kind));
        series->setPointsVisible(true);
        chart->addSeries(series);
        series->attachAxis(m_xAxis);
        series->attachAxis(m_yAxis);
        m_series << series;
    }
    auto *chartView = new QChartView(chart, this);
    chartView->setRenderHint(QPainter::Antialiasing);
    chartView->setMinimumHeight(220);
    return chartView;
}

QGroupBox *ReachabilityView::createCutoffBox()
{
    auto *cutoffBox = new QGroupBox(tr("Idle cutoff: after how long are idle connections "
                                       "dropped?"),
                                    this);
    m_maxIdleBox->setRange(int(ProbeSettings::MinMaxIdleMs / 1000),
                           int(ProbeSettings::MaxMaxIdleMs / 1000));
    m_maxIdleBox->setValue(600);
    m_maxIdleBox->setSuffix(tr(" s"));
    m_maxIdleBox->setToolTip(tr("The longest idle time tried; the search takes a little more "
                                "than the cutoff per round"));
    m_progress->setRange(0, 100);
    m_progress->setValue(0);
    m_cutoffLabel->setWordWrap(true);
    m_cutoffLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_applyButton->setEnabled(false);
    auto *cutoffRow = new QHBoxLayout;
    cutoffRow->addWidget(new QLabel(tr("Up to"), this));
    cutoffRow->addWidget(m_maxIdleBox);
    cutoffRow->addWidget(m_findButton);
    cutoffRow->addWidget(m_progress, 1);
    cutoffRow->addWidget(m_applyButton);
    auto *cutoffLayout = new QVBoxLayout(cutoffBox);
    cutoffLayout->addLayout(cutoffRow);
    cutoffLayout->addWidget(m_progressLabel);
    cutoffLayout->addWidget(m_cutoffLabel);
    return cutoffBox;
}

void ReachabilityView::setPoolSettings(const PoolSettings &settings)
{
    if (settings == m_poolSettings)
        return;
    m_poolSettings = settings;
    updateTarget();
    showResult();
    if (m_cutoffSettings && !m_finding)
        showCutoff();
    updateButtons();
}

void ReachabilityView::setProtocol(std::optional<ProtocolKind> kind)
{
    m_protocolBox->setCurrentIndex(kind ? m_protocolBox->findData(enumName(*kind)) : 0);
}

std::optional<ProtocolKind> ReachabilityView::protocol() const
{
    return enumFromName<ProtocolKind>(m_protocolBox->currentData().toString());
}

bool ReachabilityView::isProbing() const
{
    return m_probing;
}

bool ReachabilityView::isFindingIdleCutoff() const
{
    return m_finding;
}

bool ReachabilityView::isResultStale() const
{
    return !m_result.settings.host.isEmpty()
        && !sameTarget(m_result.settings, ProbeSettings::fromPoolSettings(m_poolSettings));
}

bool ReachabilityView::isCutoffStale() const
{
    return m_cutoffSettings
        && !sameTarget(*m_cutoffSettings, ProbeSettings::fromPoolSettings(m_poolSettings));
}

ProbeSettings ReachabilityView::probeSettings() const
{
    ProbeSettings settings = ProbeSettings::fromPoolSettings(m_poolSettings);
    if (const auto kind = protocol()) {
        Protocol request;
        request.kind = *kind;
        if (kind == ProtocolKind::Http)
            request.httpHost = m_poolSettings.host;
        settings.protocol = request;
    }
    settings.count = m_countBox->value();
    settings.intervalMs = 200;
    settings.maxIdleMs = qint64(m_maxIdleBox->value()) * 1000;
    return settings;
}

void ReachabilityView::updateTarget()
{
    if (m_poolSettings.host.isEmpty()) {
        m_targetLabel->setText(tr("No target"));
        return;
    }
    QString text = tr("Target: %1").arg(m_poolSettings.target());
    if (m_poolSettings.tls)
        text += m_poolSettings.tlsInsecure ? tr(" (TLS, insecure)") : tr(" (TLS)");
    m_targetLabel->setText(text);
}

void ReachabilityView::updateButtons()
{
    const bool haveTarget = !m_poolSettings.host.isEmpty() && m_poolSettings.port > 0;
    m_runButton->setEnabled(haveTarget && !m_probing);
    m_stopButton->setEnabled(m_probing || m_finding || m_repeatTimer.isActive());
    m_findButton->setEnabled(haveTarget && protocol().has_value() && !m_finding);
    m_findButton->setToolTip(protocol() ? tr("Leave connections idle for growing times and "
                                             "check which still answer")
                                        : tr("Needs a protocol: an idle connection counts as "
                                             "usable only when it answers a request"));
    const bool found
        = m_cutoffSettings && !m_finding && m_cutoff.outcome == IdleCutoffResult::Outcome::Found;
    const bool stale = isCutoffStale();
    const bool changes = found && !m_cutoff.recommendation(m_poolSettings).isEmpty();
    m_applyButton->setEnabled(found && !stale && changes);
    if (found && stale)
        m_applyButton->setToolTip(tr("Measured on %1, but the pool now connects to %2: search "
                                     "again for settings that fit it.")
                                      .arg(m_cutoffSettings->target(), m_poolSettings.target()));
    else if (found && !changes)
        m_applyButton->setToolTip(tr("Nothing to change: the pool's settings already keep clear "
                                     "of this cutoff."));
    else
        m_applyButton->setToolTip(tr("Apply the settings recommended below to the running pool "
                                     "(once an idle cutoff is found)."));
}

void ReachabilityView::showError(const QStringList &errors)
{
    // What was shown before is no answer to this probe.
    m_result = ProbeResult();
    m_model->clear();
    m_verdictLabel->setText(tr("Cannot probe: %1").arg(errors.join(u"; "_s)));
    m_verdictLabel->setStyleSheet(statusStyle(ProbeVerdict::Status::Unreachable));
    m_explanationLabel->hide();
}

void ReachabilityView::runProbe()
{
    m_repeatTimer.stop();
    const ProbeSettings settings = probeSettings();
    if (const QStringList errors = settings.validate(); !errors.isEmpty()) {
        showError(errors);
        updateButtons();
        return;
    }
    m_probeCommand = m_session->probe(settings);
    m_probing = true;
    m_result = ProbeResult();
    m_result.settings = settings;
    m_model->clear();
    m_verdictLabel->setText(tr("Probing %1...").arg(m_poolSettings.target()));
    m_verdictLabel->setStyleSheet(statusStyle(std::nullopt));
    updateButtons();
}

void ReachabilityView::runProbeAndReveal()
{
    runProbe();
    m_revealVerdict = m_probing;
    revealVerdict();
}

void ReachabilityView::revealVerdict()
{
    // Later: the dock that holds this view may only now be shown, and is laid out after.
    QTimer::singleShot(0, this, [this] {
        for (QWidget *w = parentWidget(); w; w = w->parentWidget()) {
            if (auto *area = qobject_cast<QScrollArea *>(w)) {
                area->ensureWidgetVisible(m_verdictLabel, 0, 0);
                return;
            }
        }
    });
}

void ReachabilityView::stopProbe()
{
    m_repeatTimer.stop();
    m_repeatBox->setChecked(false);
    m_session->stopProbes();
    updateButtons();
}

void ReachabilityView::onReplied(const SessionReply &reply)
{
    if (reply.ok())
        return;
    if (reply.command == m_probeCommand) {
        m_probing = false;
        showError(reply.errors);
    } else if (reply.command == m_cutoffCommand) {
        m_finding = false;
        m_cutoffSettings.reset();
        m_cutoffLabel->setText(tr("Cannot search: %1").arg(reply.errors.join(u"; "_s)));
    }
    updateButtons();
}

void ReachabilityView::onProbed(const ProbeFeed &probe)
{
    if (probe.started)
        m_result.settings = *probe.started;
    if (!probe.attempts.isEmpty()) {
        m_result.attempts += probe.attempts;
        m_model->setResult(m_result);
        showResult();
    }
    if (probe.finished)
        onProbeFinished(*probe.finished);
    if (probe.cutoffProgress) {
        m_progress->setValue(probe.cutoffProgress->percent);
        m_progressLabel->setText(probe.cutoffProgress->text);
    }
    if (probe.cutoff)
        onCutoffFinished(*probe.cutoff);
}

void ReachabilityView::onProbeFinished(const ProbeResult &result)
{
    m_probing = false;
    m_result = result;
    m_model->setResult(result);
    showResult();
    m_table->resizeColumnsToContents();
    if (!result.attempts.isEmpty())
        addToHistory(result);
    if (m_repeatBox->isChecked())
        m_repeatTimer.start(m_repeatSecondsBox->value() * 1000);
    if (m_revealVerdict) {
        m_revealVerdict = false;
        revealVerdict();
    }
    updateButtons();
    Q_EMIT probeFinished(result);
}

void ReachabilityView::showResult()
{
    if (m_result.settings.host.isEmpty() || (m_probing && m_result.attempts.isEmpty()))
        return; // nothing measured yet: what the label says stands
    if (!isResultStale()) {
        showVerdict(m_result.verdict());
        return;
    }
    const ProbeVerdict verdict = m_result.verdict();
    m_verdictLabel->setText(
        tr("Not the current target: this was measured on %1, and the pool "
           "now connects to %2. Run the probe again to check it. (%1 was "
           "%3.)")
            .arg(m_result.settings.target(), m_poolSettings.target(), enumName(verdict.status)));
    m_verdictLabel->setStyleSheet(statusStyle(std::nullopt));
    m_explanationLabel->hide();
}

void ReachabilityView::showVerdict(const ProbeVerdict &verdict)
{
    QString heading = enumName(verdict.status).toUpper();
    if (verdict.failure != ProbeFailure::None)
        heading += u" (%1 at %2)"_s.arg(enumName(verdict.failure), enumName(verdict.step));
    m_verdictLabel->setText(u"%1: %2"_s.arg(heading, verdict.sentence));
    m_verdictLabel->setStyleSheet(statusStyle(verdict.status));
    QStringList lines;
    if (!verdict.cause.isEmpty())
        lines << tr("Likely cause: %1").arg(verdict.cause);
    if (!verdict.next.isEmpty())
        lines << tr("Next: %1").arg(verdict.next);
    for (const QString &note : verdict.notes)
        lines << tr("Note: %1").arg(note);
    if (!verdict.detail.isEmpty())
        lines << tr("Detail: %1").arg(verdict.detail);
    m_explanationLabel->setText(lines.join(u'\n'));
    m_explanationLabel->setVisible(!lines.isEmpty());
}

void ReachabilityView::addToHistory(const ProbeResult &result)
{
    if (!sameTarget(result.settings, m_historySettings)) {
        // Step times of another target would read as a change of this one.
        for (QLineSeries *series : std::as_const(m_series))
            series->clear();
        m_probeCount = 0;
        m_historySettings = result.settings;
    }
    ++m_probeCount;
    double top = 0;
    for (int kind = 0; kind < m_series.size(); ++kind) {
        double sum = 0;
        int count = 0;
        for (const ProbeStepSummary &s : result.summaries()) {
            if (int(s.kind) == kind && s.succeeded > 0) {
                sum += s.meanNs * s.succeeded;
                count += s.succeeded;
            }
        }
        QLineSeries *series = m_series.at(kind);
        if (count > 0)
            series->append(m_probeCount, sum / count / 1e6);
        // Scroll: the oldest probe leaves as a new one comes.
        while (series->count() > 0 && series->at(0).x() <= m_probeCount - HistoryLength)
            series->remove(0);
        for (const QPointF &point : series->points())
            top = std::max(top, point.y());
    }
    m_xAxis->setRange(std::max(1, m_probeCount - HistoryLength + 1),
                      std::max(HistoryLength, m_probeCount));
    m_yAxis->setRange(0, top > 0 ? top * 1.15 : 1);
}

void ReachabilityView::findIdleCutoff()
{
    const ProbeSettings settings = probeSettings();
    if (const QStringList errors = settings.validate(); !errors.isEmpty()) {
        m_cutoffLabel->setText(tr("Cannot search: %1").arg(errors.join(u"; "_s)));
        return;
    }
    m_cutoffCommand = m_session->findIdleCutoff(settings);
    m_finding = true;
    m_cutoff = IdleCutoffResult();
    m_cutoffSettings = settings;
    m_cutoffLabel->clear();
    updateButtons();
}

void ReachabilityView::onCutoffFinished(const IdleCutoffResult &result)
{
    m_finding = false;
    m_cutoff = result;
    m_progressLabel->setText(tr("Searched for %1: %2 round(s), %3 connection(s) checked.")
                                 .arg(IdleCutoffResult::secondsText(result.elapsedMs))
                                 .arg(result.rounds)
                                 .arg(result.trials.size()));
    showCutoff();
    updateButtons();
}

void ReachabilityView::showCutoff()
{
    const IdleCutoffResult &result = m_cutoff;
    QString text;
    if (isCutoffStale()) {
        text = u"<p style='color:#8a5a00'><b>%1</b></p>"_s.arg(
            tr("Not the current target: this was found on %1, and the pool now connects to %2. "
               "Search again before applying anything.")
                .arg(m_cutoffSettings->target(), m_poolSettings.target())
                .toHtmlEscaped());
    }
    text += u"<b>%1</b>"_s.arg(result.sentence().toHtmlEscaped());
    if (result.outcome == IdleCutoffResult::Outcome::Found) {
        text += u"<br>"_s
            + tr("Idle connections %1; shown as %2.")
                  .arg(result.boundsText().toHtmlEscaped(), enumName(result.drop).toUpper());
    } else if (result.outcome == IdleCutoffResult::Outcome::Failed
               && !result.failure.next.isEmpty()) {
        text += u"<br>"_s + tr("Next: %1").arg(result.failure.next.toHtmlEscaped());
    }
    const QStringList advice = result.advice(m_poolSettings);
    if (!advice.isEmpty()) {
        text += u"<br>"_s
            + (result.recommendation(m_poolSettings).isEmpty()
                   ? tr("The pool's settings already keep clear of it:")
                   : tr("Recommended for the pool:"))
            + u"<ul>"_s;
        for (const QString &line : advice)
            text += u"<li>%1</li>"_s.arg(line.toHtmlEscaped());
        text += u"</ul>"_s;
    }
    m_cutoffLabel->setText(text);
}

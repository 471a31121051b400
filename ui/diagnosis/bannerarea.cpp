#include "bannerarea.h"

#include "diagnosis.h"
#include "diagnosistext.h"
#include "dialfailurebanner.h"
#include "feedstate.h"

#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

// Exhaustion causes take the low byte, warnings one bit each above it.
int summaryKeyOf(const Diagnosis &diagnosis)
{
    if (diagnosis.exhaustion().exhausted())
        return int(diagnosis.exhaustion().cause);
    int key = 0;
    for (const SettingsRules::Warning &warning : diagnosis.warnings())
        key |= 0x100 << int(warning.kind);
    return key;
}

} // namespace

BannerArea::BannerArea(Diagnosis *diagnosis, FeedState *state, QWidget *parent)
    : QWidget(parent)
    , m_diagnosis(diagnosis)
    , m_state(state)
    , m_dial(new DialFailureBanner(this))
    , m_failure(new Banner(u"requestFailureBanner"_s, Banner::Tone::Error, this))
    , m_failureFix(m_failure->addButton(u"requestFailureFix"_s, {}))
    , m_summary(new Banner(u"diagnosisBanner"_s, Banner::Tone::Warning, this))
    , m_sizingFix(m_summary->addButton(u"diagnosisSizingFix"_s, {}))
{
    setObjectName(u"bannerArea"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_dial);
    layout->addWidget(m_failure);
    layout->addWidget(m_summary);
    QPushButton *details = m_summary->addButton(u"diagnosisDetails"_s, tr("Details"));
    details->show();

    connect(m_dial, &DialFailureBanner::probeRequested, this, &BannerArea::probeRequested);
    connect(details, &QPushButton::clicked, this, &BannerArea::diagnosisRequested);
    connect(m_failureFix, &QPushButton::clicked, m_diagnosis, &Diagnosis::applyFailureFix);
    connect(m_sizingFix, &QPushButton::clicked, m_diagnosis, &Diagnosis::applySizingFix);
    connect(m_failure, &Banner::dismissed, this, [this] { m_failureDismissed = true; });
    connect(m_summary, &Banner::dismissed, this, [this] { m_summaryDismissedKey = m_summaryKey; });
    connect(m_diagnosis, &Diagnosis::updated, this, &BannerArea::showDiagnosis);
}

// The diagnosis publishes at most once a second, or when what it says changes: each banner
// says what it published, the same decision the Diagnosis tab words.
void BannerArea::showDiagnosis()
{
    showDials();
    showFailure();
    showSummary();
}

void BannerArea::showDials()
{
    const DialError error = m_diagnosis->dialOutage();
    // A failure is announced once: dismissed, it stays away until dials recover or fail for
    // another reason.
    if (error == m_dialShown)
        return;
    m_dialShown = error;
    m_dial->showFailure(error, m_diagnosis->dialMessage(), m_state->profile().pool,
                        m_state->profile().targetsLab && !m_state->isLabListening());
}

void BannerArea::showFailure()
{
    const FailureRules::Verdict &verdict = m_diagnosis->failure();
    const bool changed = verdict.error != m_failureShown;
    if (changed) {
        m_failureShown = verdict.error;
        m_failureDismissed = false;
    }
    if (!verdict.failing() || m_failureDismissed) {
        m_failure->clear();
        return;
    }
    m_failure->say(DiagnosisText::failure(verdict, m_diagnosis->failureFacts()),
                   DiagnosisText::failureDetail(verdict));
    const QString fix = DiagnosisText::fixLabel(verdict);
    if (m_failureFix->text() != fix)
        m_failureFix->setText(fix);
    m_failureFix->setVisible(!fix.isEmpty());
}

void BannerArea::showSummary()
{
    m_summaryKey = summaryKeyOf(*m_diagnosis);
    if (m_summaryKey != m_summaryDismissedKey)
        m_summaryDismissedKey = 0;
    if (!m_summaryKey || m_summaryKey == m_summaryDismissedKey) {
        m_summary->clear();
        return;
    }
    const QList<SettingsRules::Warning> &warnings = m_diagnosis->warnings();
    const QString sizing = DiagnosisText::sizingFixLabel(m_diagnosis->exhaustion());
    if (m_sizingFix->text() != sizing)
        m_sizingFix->setText(sizing);
    m_sizingFix->setVisible(!sizing.isEmpty());
    if (m_diagnosis->exhaustion().exhausted()) {
        m_summary->say(
            DiagnosisText::exhaustion(m_diagnosis->exhaustion(), m_diagnosis->exhaustionFacts()));
    } else {
        const QString first = DiagnosisText::warningTitle(warnings.first());
        m_summary->say(warnings.size() == 1
                           ? tr("A pool setting disagrees with what was observed: %1.").arg(first)
                           : tr("%1 pool settings disagree with what was observed; the first: %2.")
                                 .arg(warnings.size())
                                 .arg(first));
    }
}

#include "diagnosisview.h"

#include "diagnosis.h"
#include "diagnosistext.h"
#include "holdermodel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

QLabel *wrapping(QWidget *parent, const QString &objectName = {})
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QLabel *heading(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setStyleSheet(u"font-weight: bold;"_s);
    return label;
}

void setTextIfChanged(QLabel *label, const QString &text)
{
    if (label->text() != text)
        label->setText(text);
}

QString fixObjectName(SettingsRules::Kind kind)
{
    return u"fix_%1"_s.arg(int(kind));
}

} // namespace

DiagnosisView::DiagnosisView(Diagnosis *diagnosis, QWidget *parent)
    : QWidget(parent)
    , m_diagnosis(diagnosis)
    , m_cause(wrapping(this, u"diagnosisCause"_s))
    , m_sizingFix(new QPushButton(this))
    , m_little(wrapping(this, u"diagnosisLittle"_s))
    , m_queue(wrapping(this, u"diagnosisQueue"_s))
    , m_holders(new HolderModel(this))
    , m_holderView(new QTableView(this))
    , m_warningsLayout(new QVBoxLayout)
    , m_warningsBox(new QWidget(this))
    , m_noWarnings(wrapping(this, u"diagnosisNoWarnings"_s))
    , m_fixStatus(wrapping(this, u"diagnosisFixStatus"_s))
{
    setObjectName(u"diagnosisView"_s);
    m_cause->setStyleSheet(u"font-weight: bold;"_s);
    m_sizingFix->setObjectName(u"diagnosisSizingFix"_s);
    m_sizingFix->setToolTip(tr("Max connections for the load Little's law gives, with a quarter "
                               "more for its ups and downs, and no more than the workload holds "
                               "at once."));
    m_sizingFix->hide();
    m_holderView->setObjectName(u"holderView"_s);
    m_holderView->setModel(m_holders);
    m_holderView->verticalHeader()->hide();
    m_holderView->setSelectionMode(QAbstractItemView::NoSelection);
    m_holderView->setFocusPolicy(Qt::NoFocus);
    m_holderView->horizontalHeader()->setStretchLastSection(true);
    m_holderView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_holderView->setMinimumHeight(90);
    m_holderView->setToolTip(tr("Each lease out, the longest held first: its connection, how "
                                "long it is held, since when (seconds since the session "
                                "began) and the request its holder said it is for."));

    auto *exhaustion = new QVBoxLayout;
    exhaustion->addWidget(heading(tr("Why requests wait"), this));
    exhaustion->addWidget(m_cause);
    exhaustion->addWidget(m_sizingFix, 0, Qt::AlignLeft);
    exhaustion->addWidget(m_little);
    exhaustion->addWidget(m_queue);
    exhaustion->addStretch(1);
    auto *holders = new QVBoxLayout;
    holders->addWidget(heading(tr("Who holds the connections"), this));
    holders->addWidget(m_holderView, 1);

    m_warningsLayout->setContentsMargins(0, 0, 0, 0);
    m_warningsBox->setLayout(m_warningsLayout);
    auto *settings = new QVBoxLayout;
    settings->addWidget(heading(tr("Settings checked against what was observed"), this));
    settings->addWidget(m_warningsBox);
    settings->addWidget(m_noWarnings);
    settings->addWidget(m_fixStatus);
    settings->addStretch(1);
    m_noWarnings->setText(tr("No setting disagrees with what was observed so far."));
    m_fixStatus->hide();

    // Three columns: a bottom dock is wide and short, at 1280x720 a few lines tall.
    auto *layout = new QHBoxLayout(this);
    layout->addLayout(exhaustion, 1);
    layout->addSpacing(12);
    layout->addLayout(holders, 1);
    layout->addSpacing(12);
    layout->addLayout(settings, 1);

    connect(m_sizingFix, &QPushButton::clicked, m_diagnosis, &Diagnosis::applySizingFix);
    connect(m_diagnosis, &Diagnosis::updated, this, &DiagnosisView::refresh);
    connect(m_diagnosis, &Diagnosis::fixAnswered, this, &DiagnosisView::showFixAnswer);
}

void DiagnosisView::setEpochNs(qint64 epochNs)
{
    m_holders->setEpochNs(epochNs);
}

void DiagnosisView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh();
}

void DiagnosisView::refresh()
{
    // A hidden view costs nothing; it catches up when shown.
    if (!isVisible())
        return;
    const ExhaustionRules::Verdict &verdict = m_diagnosis->exhaustion();
    const ExhaustionRules::Facts &facts = m_diagnosis->exhaustionFacts();
    setTextIfChanged(m_cause,
                     verdict.exhausted() ? DiagnosisText::exhaustion(verdict, facts)
                                         : DiagnosisText::health(verdict, facts));
    const QString sizing = DiagnosisText::sizingFixLabel(verdict);
    if (m_sizingFix->text() != sizing)
        m_sizingFix->setText(sizing);
    m_sizingFix->setVisible(!sizing.isEmpty());
    setTextIfChanged(m_little, DiagnosisText::littlesLaw(verdict, facts));
    setTextIfChanged(m_queue, DiagnosisText::queue(facts.waiting, facts.oldestWaitNs));
    m_holders->setHolders(m_diagnosis->holders());
    showWarnings();
}

void DiagnosisView::showWarnings()
{
    const QList<SettingsRules::Warning> &warnings = m_diagnosis->warnings();
    if (warnings == m_shownWarnings)
        return;
    m_shownWarnings = warnings;
    while (QLayoutItem *item = m_warningsLayout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    for (const SettingsRules::Warning &warning : warnings) {
        auto *box = new QWidget(m_warningsBox);
        auto *layout = new QVBoxLayout(box);
        layout->setContentsMargins(0, 0, 0, 6);
        layout->setSpacing(2);
        QLabel *title = wrapping(box);
        title->setText(DiagnosisText::warningTitle(warning));
        title->setStyleSheet(u"font-weight: bold; color: #9a5b00;"_s);
        QLabel *reason = wrapping(box);
        reason->setText(DiagnosisText::warningReason(warning));
        auto *fix = new QPushButton(DiagnosisText::fixLabel(warning), box);
        fix->setObjectName(fixObjectName(warning.kind));
        connect(fix, &QPushButton::clicked, this,
                [this, warning] { m_diagnosis->applyFix(warning); });
        layout->addWidget(title);
        layout->addWidget(reason);
        layout->addWidget(fix, 0, Qt::AlignLeft);
        m_warningsLayout->addWidget(box);
    }
    m_noWarnings->setVisible(warnings.isEmpty());
}

void DiagnosisView::showFixAnswer(const QString &fix, bool applied, const QStringList &errors)
{
    m_fixStatus->setText(applied ? tr("Applied: %1.").arg(fix)
                                 : tr("Not applied (%1): %2").arg(fix, errors.join(u"; "_s)));
    m_fixStatus->show();
}

QPushButton *DiagnosisView::fixButton(SettingsRules::Kind kind) const
{
    return m_warningsBox->findChild<QPushButton *>(fixObjectName(kind));
}

QString DiagnosisView::causeText() const
{
    return m_cause->text();
}

QString DiagnosisView::littlesLawText() const
{
    return m_little->text();
}

QString DiagnosisView::queueText() const
{
    return m_queue->text();
}

QString DiagnosisView::fixStatus() const
{
    return m_fixStatus->text();
}

#include "dialfailurebanner.h"

#include "probeverdict.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

DialFailureBanner::DialFailureBanner(QWidget *parent)
    : QFrame(parent)
    , m_sentenceLabel(new QLabel(this))
    , m_detailLabel(new QLabel(this))
    , m_probeButton(new QPushButton(tr("Run probe"), this))
    , m_dismissButton(new QPushButton(tr("Dismiss"), this))
{
    setObjectName(u"dialFailureBanner"_s);
    m_sentenceLabel->setObjectName(u"dialFailureSentence"_s);
    m_probeButton->setObjectName(u"runProbeButton"_s);
    setStyleSheet(u"#dialFailureBanner { background: #ffebee; border-left: 6px solid #c62828; }"_s);
    m_sentenceLabel->setWordWrap(true);
    m_sentenceLabel->setStyleSheet(u"font-weight: bold;"_s);
    m_detailLabel->setWordWrap(true);
    m_detailLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *text = new QVBoxLayout;
    text->addWidget(m_sentenceLabel);
    text->addWidget(m_detailLabel);
    auto *layout = new QHBoxLayout(this);
    layout->addLayout(text, 1);
    layout->addWidget(m_probeButton);
    layout->addWidget(m_dismissButton);

    connect(m_probeButton, &QPushButton::clicked, this, &DialFailureBanner::probeRequested);
    connect(m_dismissButton, &QPushButton::clicked, this, &DialFailureBanner::dismiss);
    hide();
}

void DialFailureBanner::showFailure(DialError error, const QString &message,
                                    const PoolSettings &settings)
{
    if (error == DialError::None) {
        dismiss();
        return;
    }
    m_error = error;
    const ProbeVerdict verdict
        = ProbeVerdict::fromDialError(error, ProbeSettings::fromPoolSettings(settings), message);
    m_sentenceLabel->setText(tr("The pool cannot open connections. %1").arg(verdict.sentence));
    m_detailLabel->setText(tr("Likely cause: %1\nDetail: %2").arg(verdict.cause, message));
    show();
}

void DialFailureBanner::dismiss()
{
    m_error = DialError::None;
    m_sentenceLabel->clear();
    m_detailLabel->clear();
    hide();
}

QString DialFailureBanner::sentence() const
{
    return m_sentenceLabel->text();
}

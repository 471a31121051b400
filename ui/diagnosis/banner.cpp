#include "banner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

Banner::Banner(const QString &objectName, Tone tone, QWidget *parent)
    : QFrame(parent)
    , m_sentenceLabel(new QLabel(this))
    , m_detailLabel(new QLabel(this))
    , m_buttons(new QWidget(this))
{
    setObjectName(objectName);
    const QString colours = tone == Tone::Error
        ? u"background: #ffebee; border-left: 6px solid #c62828;"_s
        : u"background: #fff4e0; border-left: 6px solid #e08a00;"_s;
    setStyleSheet(u"#%1 { %2 } #%1 QLabel { color: #202020; }"_s.arg(objectName, colours));
    m_sentenceLabel->setObjectName(objectName + u"Sentence"_s);
    m_detailLabel->setObjectName(objectName + u"Detail"_s);
    m_sentenceLabel->setWordWrap(true);
    m_sentenceLabel->setStyleSheet(u"font-weight: bold;"_s);
    m_sentenceLabel->setTextFormat(Qt::PlainText);
    m_detailLabel->setWordWrap(true);
    m_detailLabel->setTextFormat(Qt::PlainText);
    m_detailLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *text = new QVBoxLayout;
    text->setSpacing(1);
    text->addWidget(m_sentenceLabel);
    text->addWidget(m_detailLabel);
    auto *buttons = new QHBoxLayout(m_buttons);
    buttons->setContentsMargins(0, 0, 0, 0);
    auto *dismiss = new QPushButton(tr("Dismiss"), this);
    dismiss->setObjectName(objectName + u"Dismiss"_s);
    buttons->addWidget(dismiss);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 4, 6, 4);
    layout->addLayout(text, 1);
    layout->addWidget(m_buttons, 0, Qt::AlignVCenter);

    connect(dismiss, &QPushButton::clicked, this, [this] {
        clear();
        Q_EMIT dismissed();
    });
    hide();
}

QPushButton *Banner::addButton(const QString &objectName, const QString &text)
{
    auto *button = new QPushButton(text, m_buttons);
    button->setObjectName(objectName);
    auto *layout = static_cast<QHBoxLayout *>(m_buttons->layout());
    layout->insertWidget(layout->count() - 1, button);
    button->hide();
    return button;
}

void Banner::say(const QString &sentence, const QString &detail)
{
    if (m_sentenceLabel->text() != sentence)
        m_sentenceLabel->setText(sentence);
    if (m_detailLabel->text() != detail)
        m_detailLabel->setText(detail);
    m_detailLabel->setVisible(!detail.isEmpty());
    show();
}

void Banner::clear()
{
    m_sentenceLabel->clear();
    m_detailLabel->clear();
    hide();
}

QString Banner::sentence() const
{
    return m_sentenceLabel->text();
}

QString Banner::detail() const
{
    return m_detailLabel->text();
}

#include "settingrow.h"

#include "settingfield.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>

using namespace Qt::StringLiterals;

SettingRow::SettingRow(const QString &key, Kind kind, const QString &unit, QWidget *parent)
    : QWidget(parent)
    , m_key(key)
    , m_kind(kind)
    , m_errorLabel(new QLabel(this))
{
    setObjectName(u"row_"_s + key);
    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setHorizontalSpacing(4);
    layout->setVerticalSpacing(1);
    QWidget *editor = nullptr;
    switch (kind) {
    case Kind::Number:
    case Kind::Text:
        m_line = new QLineEdit(this);
        if (kind == Kind::Number) {
            m_line->setAlignment(Qt::AlignRight);
            m_line->setMaximumWidth(110);
        }
        connect(m_line, &QLineEdit::textEdited, this, &SettingRow::textEdited);
        connect(m_line, &QLineEdit::editingFinished, this, &SettingRow::commitText);
        editor = m_line;
        break;
    case Kind::Switch:
        m_check = new QCheckBox(this);
        connect(m_check, &QCheckBox::clicked, this, [this](bool on) {
            setError({});
            Q_EMIT committed(on);
        });
        editor = m_check;
        break;
    case Kind::Choice:
        m_combo = new QComboBox(this);
        connect(m_combo, &QComboBox::activated, this, [this](int index) {
            setError({});
            Q_EMIT committed(m_combo->itemText(index));
        });
        editor = m_combo;
        break;
    }
    editor->setObjectName(u"setting_"_s + key);
    layout->addWidget(editor, 0, 0);
    if (!unit.isEmpty()) {
        auto *unitLabel = new QLabel(unit, this);
        unitLabel->setForegroundRole(QPalette::PlaceholderText);
        layout->addWidget(unitLabel, 0, 1);
    }
    layout->setColumnStretch(2, 1);
    m_errorLabel->setObjectName(u"error_"_s + key);
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont small = m_errorLabel->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    m_errorLabel->setFont(small);
    m_errorLabel->hide();
    layout->addWidget(m_errorLabel, 1, 0, 1, 3);
}

QWidget *SettingRow::editor() const
{
    if (m_line)
        return m_line;
    if (m_check)
        return m_check;
    return m_combo;
}

void SettingRow::setChoices(const QStringList &choices)
{
    if (!m_combo)
        return;
    const QSignalBlocker blocker(m_combo);
    m_combo->clear();
    m_combo->addItems(choices);
}

void SettingRow::setParser(const SettingFieldBase *field)
{
    m_parser = [field](const QString &text, QVariant *value) {
        QString error;
        const auto parsed = field->parse(text, &error);
        if (!parsed)
            return u"%1: %2"_s.arg(field->key, error);
        *value = *parsed;
        return QString();
    };
}

void SettingRow::setToolTips(const QString &toolTip)
{
    editor()->setToolTip(toolTip);
    setToolTip(toolTip);
}

void SettingRow::setPlaceholder(const QString &text)
{
    if (m_line)
        m_line->setPlaceholderText(text);
}

QString SettingRow::displayText(const QVariant &value) const
{
    if (value.typeId() == QMetaType::QStringList)
        return value.toStringList().join(u", "_s);
    if (value.typeId() == QMetaType::Double)
        return QString::number(value.toDouble(), 'g', 12);
    return value.toString();
}

void SettingRow::setValue(const QVariant &value)
{
    switch (m_kind) {
    case Kind::Number:
    case Kind::Text: {
        const QString text = displayText(value);
        m_committedText = text;
        if (m_line->hasFocus() || !m_error.isEmpty())
            return;
        if (m_line->text() != text)
            m_line->setText(text);
        break;
    }
    case Kind::Switch: {
        const QSignalBlocker blocker(m_check);
        m_check->setChecked(value.toBool());
        break;
    }
    case Kind::Choice: {
        const QSignalBlocker blocker(m_combo);
        m_combo->setCurrentText(value.toString());
        break;
    }
    }
}

void SettingRow::setError(const QString &message)
{
    m_error = message;
    showMessage(message, QColor(0xB0, 0x2A, 0x1E));
    editor()->setStyleSheet(
        message.isEmpty() ? QString() : u"border: 1px solid #c0392b; background: #fdecea;"_s);
}

std::optional<QVariant> SettingRow::refusedValue() const
{
    if (m_error.isEmpty() || !m_line)
        return std::nullopt;
    QVariant value = m_line->text();
    if (m_parser && !m_parser(m_line->text(), &value).isEmpty())
        return std::nullopt;
    return value;
}

void SettingRow::setWarning(const QString &message)
{
    if (!m_error.isEmpty())
        return; // a refusal says more
    showMessage(message, QColor(0x8A, 0x5A, 0x00));
}

void SettingRow::showMessage(const QString &message, const QColor &colour)
{
    QPalette palette = m_errorLabel->palette();
    palette.setColor(QPalette::WindowText, colour);
    m_errorLabel->setPalette(palette);
    m_errorLabel->setText(message);
    m_errorLabel->setVisible(!message.isEmpty());
}

void SettingRow::textEdited()
{
    // Checked as typed, so the message is there before Enter; applied only on commit.
    QVariant value;
    const QString text = m_line->text();
    setError(m_parser ? m_parser(text, &value) : QString());
}

void SettingRow::commitText()
{
    const QString text = m_line->text();
    QVariant value = text;
    const QString error = m_parser ? m_parser(text, &value) : QString();
    setError(error);
    if (!error.isEmpty() || text == m_committedText)
        return;
    m_committedText = text;
    Q_EMIT committed(value);
}

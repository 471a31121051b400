#pragma once

#include <QVariant>
#include <QWidget>

#include <functional>
#include <optional>

class QCheckBox;
class QComboBox;
class QColor;
class QLabel;
class QLineEdit;
struct SettingFieldBase;

// One editable setting: its editor, its unit, and under them the message that says why the
// value typed is not accepted. Values are checked as they are typed and committed on Enter,
// on leaving the field, on a click (switches) or on a choice; a value that does not parse is
// never committed. Whoever applies the value may still refuse it with setError().
class SettingRow : public QWidget
{
    Q_OBJECT
public:
    enum class Kind : quint8 { Number, Text, Switch, Choice };
    // Reads typed text into *value; returns the error message, empty when accepted.
    using Parser = std::function<QString(const QString &text, QVariant *value)>;

    SettingRow(const QString &key, Kind kind, const QString &unit, QWidget *parent = nullptr);

    QString key() const { return m_key; }
    void setChoices(const QStringList &choices);
    void setParser(Parser parser) { m_parser = std::move(parser); }
    // Parses with field; the row puts the field's key before its messages, which do not name it.
    void setParser(const SettingFieldBase *field);
    void setToolTips(const QString &toolTip);
    void setPlaceholder(const QString &text);

    // Shows value, unless the user is typing in the field or it shows a refused value.
    void setValue(const QVariant &value);
    QString error() const { return m_error; }
    void setError(const QString &message);
    // The value typed into a field that shows a refusal, when it parses: refused because of
    // another setting, it may be right once that one changes. nullopt otherwise.
    std::optional<QVariant> refusedValue() const;
    // Below the field too, but the value stands: what it may cost.
    void setWarning(const QString &message);
    QWidget *editor() const;

Q_SIGNALS:
    // A value the parser accepted; the receiver applies it, or calls setError().
    void committed(const QVariant &value);

private:
    void textEdited();
    void commitText();
    QString displayText(const QVariant &value) const;

    QString m_key;
    Kind m_kind;
    Parser m_parser;
    QLineEdit *m_line = nullptr;
    QCheckBox *m_check = nullptr;
    QComboBox *m_combo = nullptr;
    void showMessage(const QString &message, const QColor &colour);

    QLabel *m_errorLabel;
    QString m_error;
    QString m_committedText;
};

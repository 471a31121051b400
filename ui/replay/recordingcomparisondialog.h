#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QTableWidget;

// File → Compare recordings: two recordings side by side, as Compare sets pooled against
// unpooled live: each figure of both recordings' first pools and how many times the second's
// is the first's (RecordingComparison). A bad file gets Recording's one-line message under the
// fields, and the dialog stays.
class RecordingComparisonDialog : public QDialog
{
    Q_OBJECT
public:
    // first: the recording on show in the window, if any.
    explicit RecordingComparisonDialog(const QString &first, QWidget *parent = nullptr);

    QLineEdit *firstField() const { return m_first; }
    QLineEdit *secondField() const { return m_second; }
    QTableWidget *table() const { return m_table; }
    QLabel *messageLabel() const { return m_message; }
    // Reads both files and fills the table; false (and the message says why) when it cannot.
    bool compare();

    // The figure's name for a RecordingComparison::Row key.
    static QString figureName(const QString &key);

private:
    QWidget *fileRow(QLineEdit *field, const QString &title);

    QLineEdit *m_first;
    QLineEdit *m_second;
    QLabel *m_message;
    QTableWidget *m_table;
};

#pragma once

#include <QFrame>

class QLabel;
class QPushButton;

// A strip over the timelines that says something is wrong: a sentence in bold, a detail under
// it, the buttons that act on it, and Dismiss. Hidden until it has something to say; the
// sentence and detail wrap, so nothing is cut off at any width.
class Banner : public QFrame
{
    Q_OBJECT
public:
    enum class Tone : quint8 { Error, Warning };

    Banner(const QString &objectName, Tone tone, QWidget *parent = nullptr);

    // Shows the banner with this text; an empty detail takes no room.
    void say(const QString &sentence, const QString &detail = {});
    // A button beside the text, hidden until shown; clicked() is the caller's to connect.
    QPushButton *addButton(const QString &objectName, const QString &text);
    // Hides it, as Dismiss does, without the dismissed() signal.
    void clear();

    QString sentence() const;
    QString detail() const;

Q_SIGNALS:
    // The user dismissed it.
    void dismissed();

private:
    QLabel *m_sentenceLabel;
    QLabel *m_detailLabel;
    QWidget *m_buttons;
};

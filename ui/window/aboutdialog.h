#pragma once

#include <QDialog>

// Help → About: the version of PoolScope and of Qt, and where the window keeps what it
// remembers, so a user can find, back up or delete it.
class AboutDialog : public QDialog
{
    Q_OBJECT
public:
    explicit AboutDialog(QWidget *parent = nullptr);

    // The dialog's text, as rich text.
    static QString text();
};

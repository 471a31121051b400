#pragma once

#include "sessionprofile.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QToolButton;
class Session;

// Where the pool connects: host:port, the protocol spoken and TLS. Pointing it at a real
// server is one edit and Enter; "Embedded lab" points it back. A target that is not accepted
// is marked at the field with the reason and not applied.
class TargetBar : public QWidget
{
    Q_OBJECT
public:
    explicit TargetBar(Session *session, QWidget *parent = nullptr);

    QLineEdit *targetEdit() const { return m_target; }
    QString error() const { return m_error; }

private:
    void commit();
    void setError(const QString &message);
    void showProfile(const SessionProfile &profile);

    Session *m_session;
    QLineEdit *m_target;
    QToolButton *m_lab;
    QComboBox *m_protocol;
    QCheckBox *m_tls;
    QLabel *m_badge;
    QLabel *m_errorLabel;
    QString m_error;
};

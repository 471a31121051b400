#pragma once

#include "sessionprofile.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QToolButton;
class FeedState;
class Session;

// Where the pool connects: host:port, the protocol spoken and TLS. Pointing it at a real
// server is one edit and Enter; "Embedded lab" points it back. A target that is not accepted
// is marked at the field with the reason and not applied.
class TargetBar : public QWidget
{
    Q_OBJECT
public:
    TargetBar(Session *session, FeedState *state, QWidget *parent = nullptr);

    QLineEdit *targetEdit() const { return m_target; }
    QString error() const { return m_error; }

private:
    void commit();
    // Sends a command; a refusal shows at the field when its reply comes.
    void send(quint64 command);
    void setError(const QString &message);
    // Lab, lab down or real server, from the target and whether the lab listens.
    void showBadge();
    void showProfile(const SessionProfile &profile);

    Session *m_session;
    FeedState *m_state;
    quint64 m_command = 0; // the last one sent, whose reply shows here
    // Embedded lab was clicked: the field shows the lab's target even while it has focus,
    // until the command's reply.
    bool m_showNextTarget = false;
    QLineEdit *m_target;
    QToolButton *m_lab;
    QComboBox *m_protocol;
    QCheckBox *m_tls;
    QLabel *m_badge;
    QLabel *m_errorLabel;
    QString m_error;
};

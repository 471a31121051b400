#pragma once

#include "sessionprofile.h"

#include <QHash>
#include <QTimer>
#include <QWidget>

class QLabel;
class QPushButton;
class QSpinBox;
class Session;
class SettingRow;
struct LabKnob;

// The embedded lab backend: one-click faults (restart, reset every connection, blackhole,
// pause accepting, idle-close) and every knob, live, with what the lab has done so far.
class LabPanel : public QWidget
{
    Q_OBJECT
public:
    explicit LabPanel(Session *session, QWidget *parent = nullptr);

    SettingRow *row(const QString &key) const { return m_rows.value(key); }
    QPushButton *restartButton() const { return m_restart; }

private:
    void apply(const LabKnob &knob, const QVariant &value);
    void setSwitch(const QString &key, const QVariant &value);
    void showProfile(const SessionProfile &profile);
    void showCounters();

    Session *m_session;
    QHash<QString, SettingRow *> m_rows;
    QLabel *m_status;
    QLabel *m_counters;
    QPushButton *m_restart;
    QSpinBox *m_downMs;
    QPushButton *m_blackhole;
    QPushButton *m_pauseAccepting;
    QPushButton *m_idleClose;
    QTimer m_refresh;
};

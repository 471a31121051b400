#pragma once

#include "labcounters.h"
#include "sessionprofile.h"

#include <QHash>
#include <QWidget>

class QGroupBox;
class QLabel;
class QPushButton;
class QSpinBox;
class FeedState;
class Session;
class SettingRow;
struct LabKnob;

// The embedded lab backend: one-click faults (restart, reset every connection, blackhole,
// pause accepting, idle-close) and every knob, live, with what the lab has done so far.
class LabPanel : public QWidget
{
    Q_OBJECT
public:
    LabPanel(Session *session, FeedState *state, QWidget *parent = nullptr);

    SettingRow *row(const QString &key) const { return m_rows.value(key); }
    QPushButton *restartButton() const { return m_restart; }

private:
    QGroupBox *createFaults();
    QGroupBox *createKnobs();
    QGroupBox *createCounters();
    void apply(const LabKnob &knob, const QVariant &value);
    void setSwitch(const QString &key, const QVariant &value);
    void showProfile(const SessionProfile &profile);
    void showCounters(const LabCounters &counters);

    Session *m_session;
    FeedState *m_state;
    QHash<QString, SettingRow *> m_rows;
    QHash<quint64, QString> m_pending; // commands sent, by the knob they were for
    QLabel *m_status;
    QLabel *m_counters;
    QPushButton *m_restart;
    QSpinBox *m_downMs;
    QPushButton *m_blackhole;
    QPushButton *m_pauseAccepting;
    QPushButton *m_idleClose;
};

#pragma once

#include "loadprogress.h"
#include "requestrate.h"
#include "sessionprofile.h"

#include <QHash>
#include <QWidget>

#include <optional>

class QComboBox;
class QFormLayout;
class QLabel;
class QPushButton;
class QRadioButton;
class FeedState;
class Session;
class SettingRow;

// The workload that drives the pool: start and stop, pooled or a new connection per request,
// how many requests at once, how many a second, and what each request is. Changes apply to the
// running workload from its next request on.
class WorkloadPanel : public QWidget
{
    Q_OBJECT
public:
    WorkloadPanel(Session *session, FeedState *state, QWidget *parent = nullptr);

    SettingRow *row(const QString &key) const { return m_rows.value(key); }
    QPushButton *startStopButton() const { return m_startStop; }
    // Every report counts toward the rate; the live line shows the latest when asked, which
    // the window does once a second.
    void addProgress(const LoadProgress &progress);
    void showLive();
    // The workload's rate as the workload line and the status bar show it.
    const RequestRate &requestRate() const { return m_rate; }

private:
    SettingRow *addRow(const QString &key, const QString &title, const QString &unit,
                       const QString &toolTip);
    void apply(const QString &key, const QVariant &value);
    void showProfile(const SessionProfile &profile);
    void showRunning(bool running);

    Session *m_session;
    FeedState *m_state;
    QHash<QString, SettingRow *> m_rows;
    QHash<quint64, QString> m_pending; // commands sent, by the key they were for
    QPushButton *m_startStop;
    QRadioButton *m_pooled;
    QRadioButton *m_unpooled;
    QComboBox *m_protocol;
    QLabel *m_live;
    RequestRate m_rate;
    std::optional<LoadProgress> m_latest;
    QFormLayout *m_form;
};

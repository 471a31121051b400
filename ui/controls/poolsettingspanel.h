#pragma once

#include "sessionprofile.h"

#include <QHash>
#include <QWidget>

class FeedState;
class Session;
class SettingRow;
struct PoolSettingField;

// Every pool setting except the target's host, port and TLS (those are in the target bar),
// grouped as the descriptor table groups them, with units, tooltips and the validation
// message at the field. A value applies to the running pool as soon as it is committed; a
// value that is not accepted is never applied.
class PoolSettingsPanel : public QWidget
{
    Q_OBJECT
public:
    PoolSettingsPanel(Session *session, FeedState *state, QWidget *parent = nullptr);

    SettingRow *row(const QString &key) const { return m_rows.value(key); }

private:
    void apply(const PoolSettingField &field, const QVariant &value);
    // The errors about field if there are some; otherwise what stood in the way.
    void showErrors(const QString &key, const QStringList &errors);
    void showProfile(const SessionProfile &profile);

    Session *m_session;
    FeedState *m_state;
    QHash<QString, SettingRow *> m_rows;
    QHash<quint64, QString> m_pending; // commands sent, by the key they were for
};

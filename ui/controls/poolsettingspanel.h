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

public Q_SLOTS:
    // The embedded defaults for every pool setting but the target's (the Target group: host,
    // port, TLS, its certificate settings and resolve overrides), as docs/window.md says.
    void restoreDefaults();

private:
    void apply(const PoolSettingField &field, const QVariant &value);
    // Adds to settings the values refused before that now pass with it (min idle 5 refused
    // over max 3, then max raised to 10); returns their keys. Those still refused get their
    // message again, as of settings.
    QStringList takeRefused(const QString &committedKey, PoolSettings *settings);
    // The errors about field if there are some; otherwise what stood in the way.
    void showErrors(const QString &key, const QStringList &errors);
    void showProfile(const SessionProfile &profile);

    Session *m_session;
    FeedState *m_state;
    QHash<QString, SettingRow *> m_rows;
    QHash<quint64, QStringList> m_pending; // commands sent, by the keys they were for
};

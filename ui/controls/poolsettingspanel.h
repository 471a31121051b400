#pragma once

#include "sessionprofile.h"

#include <QHash>
#include <QWidget>

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
    explicit PoolSettingsPanel(Session *session, QWidget *parent = nullptr);

    SettingRow *row(const QString &key) const { return m_rows.value(key); }

private:
    void apply(const PoolSettingField &field, const QVariant &value);
    void showProfile(const SessionProfile &profile);

    Session *m_session;
    QHash<QString, SettingRow *> m_rows;
};

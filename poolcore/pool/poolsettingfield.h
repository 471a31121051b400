#pragma once

#include "poolsettings.h"
#include "settingfield.h"

#include <QList>
#include <QString>

// A description of one pool setting: its key, kind, unit and accepted range, and how to read
// and write it generically (SettingField). Validation, JSON, the command line, the window's
// settings panel and the README table are all built from this one list.
struct PoolSettingField : SettingField<PoolSettings>
{
    enum class Group : quint8 { Target, Size, Timeouts, Lifetime, Health, Network };

    Group group = Group::Size;

    static const QList<PoolSettingField> &all();
    // By key ("max_connections") or option name ("max-connections").
    static const PoolSettingField *find(QStringView key);
    // "max-connections" for "max_connections".
    QString optionName() const;
};

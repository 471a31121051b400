#pragma once

#include "poolsettings.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <functional>

// A description of one setting: its key, kind, unit and accepted range, and how to read and
// write it generically. Validation, JSON, the command line, the window's settings panel and the
// README table are all built from this one list.
struct PoolSettingField
{
    enum class Kind : quint8 { Text, Integer, Boolean, Choice, HostOverrides };
    enum class Group : quint8 { Target, Size, Timeouts, Lifetime, Health, Network };

    QString key; // "max_connections"
    Kind kind = Kind::Integer;
    Group group = Group::Size;
    QString unit; // "ms", "s", "" for counts and switches
    qint64 minimum = 0;
    qint64 maximum = 0;
    QString zeroMeans; // what 0 stands for, when it is special ("never")
    QStringList choices; // Kind::Choice
    std::function<QVariant(const PoolSettings &)> get;
    std::function<void(PoolSettings &, const QVariant &)> set;

    static const QList<PoolSettingField> &all();
    static const PoolSettingField *find(QStringView key);
    // "max-connections" for "max_connections".
    QString optionName() const;
    // Checks one value against this field alone (range, choice); empty when it is accepted.
    QString check(const QVariant &value) const;
    // Parses text typed on a command line or in a field into *value; returns an error message
    // (empty when accepted) that names the setting, the text and what is accepted.
    QString fromText(QStringView text, QVariant *value) const;
    // "1 to 10000", "0 (resolve once) or 100 to 86400000 ms", "lifo or fifo", ...
    QString acceptedText() const;
    QVariant defaultValue() const { return get(PoolSettings()); }
};

#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <functional>
#include <optional>

// What a setting's description says whatever settings it belongs to: its key, kind, unit and
// the values it accepts, and how it words them. SettingField adds how to read and write it.
struct SettingFieldBase
{
    enum class Kind : quint8 {
        Integer, // a whole number from minimum to maximum
        Fraction, // a finite number from minimum to maximum
        Switch, // true or false, on or off
        Choice, // one of choices, typed in any case
        Text, // one line; validate says whether it is accepted
        List, // comma-separated entries; validate says whether they are accepted
    };
    // How messages word a value. The pool's settings live in files, JSON and the window and are
    // named as read ("true or false", "1 to 600000 ms", `0 is out of range`); the lab's knobs
    // are typed on a command line and quote what was typed ("on or off", "0 to 600000 (ms)",
    // `"abc" is not a number`). Users and scripts know both.
    enum class Wording : quint8 { AsRead, AsTyped };

    QString key; // "max_connections", "latency"
    Kind kind = Kind::Integer;
    Wording wording = Wording::AsRead;
    QString unit; // "ms", "s", "bytes"; empty for counts, fractions and switches
    double minimum = 0; // with zeroMeans: the smallest value other than 0
    double maximum = 0;
    QString zeroMeans; // what 0 stands for, when it is special ("never")
    QStringList choices; // Choice
    QString accepted; // Text, List: what is accepted, in words
    // Text, List: what is wrong with a value, not naming the setting; empty when accepted.
    std::function<QString(const QVariant &)> validate;

    // "1 to 10000", "0 (resolve once) or 100 to 86400000 ms", "0 to 600000 (ms)", "lifo or
    // fifo", "on or off", ...
    QString acceptedText() const;
    // Checks one value against this setting alone (range, choice); empty when it is accepted,
    // otherwise a message that starts with the key: "latency: 700000 is out of range; ...".
    QString check(const QVariant &value) const;
    // Reads text typed on a command line or in a field. On failure, nullopt and *error says why
    // and what is accepted, not naming the setting: "\"abc\" is not a number; accepted: ...".
    std::optional<QVariant> parse(QStringView text, QString *error) const;

private:
    QString notAChoice() const;
    QString problem(const QVariant &value) const;
};

// A setting of Settings, read and written generically.
template<typename Settings> struct SettingField : SettingFieldBase
{
    std::function<QVariant(const Settings &)> get;
    std::function<void(Settings &, const QVariant &)> set;

    QVariant defaultValue() const { return get(Settings()); }

    // get and set reach member, as a QVariant of its own type.
    template<typename T> void bind(T Settings::*member)
    {
        get = [member](const Settings &settings) { return QVariant::fromValue(settings.*member); };
        set = [member](Settings &settings, const QVariant &value) {
            settings.*member = value.value<T>();
        };
    }
};

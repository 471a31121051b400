#pragma once

#include "labsettings.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <functional>
#include <optional>

// A description of one lab knob: its key (also the command-line option, with "--"), kind,
// unit, accepted range and what it simulates, and how to read and write it generically.
// Validation, the command line, a settings panel and the knob table in the notes are built
// from this one list. The listen address is not a knob: it says where, not how.
struct LabKnob
{
    enum class Kind : quint8 { Integer, Fraction, Switch, Choice };

    QString key; // "latency"
    Kind kind = Kind::Integer;
    QString unit; // "ms", "bytes", "" for counts, fractions and switches
    double minimum = 0; // with zeroMeans: the smallest value other than 0
    double maximum = 0;
    QString zeroMeans; // what 0 stands for, when it is special ("never")
    QStringList choices; // Kind::Choice
    QString simulates; // one line: what it stands for in the real world
    std::function<QVariant(const LabSettings &)> get;
    std::function<void(LabSettings &, const QVariant &)> set;

    static const QList<LabKnob> &all();
    static const LabKnob *find(QStringView key);

    // "0 to 600000 (ms)", "0 (never) or 1 to 86400000 (ms)", "echo, line, http, redis or
    // memcached", "on or off".
    QString acceptedText() const;
    // Empty when value is accepted; otherwise "latency: 700000 is out of range; accepted: ...".
    QString check(const QVariant &value) const;
    // Reads a value as typed on a command line. On failure, nullopt and *error says why
    // without naming the knob: "\"abc\" is not a number; accepted: 0 to 600000 (ms)".
    std::optional<QVariant> parse(QStringView text, QString *error) const;
};

#pragma once

#include "scriptcommand.h"

#include <QByteArray>
#include <QList>
#include <QString>

// Reads a script: JSON lines (one command per line, blank lines skipped) or one JSON array of
// commands. Every command is checked before anything runs: a known op, the keys it takes, each
// of the right type. The first problem is returned as a message naming its line.
class ScriptParser
{
public:
    // The commands, or none and *error set.
    static QList<ScriptCommand> parse(const QByteArray &input, QString *error);
    // The ops, for messages and --help.
    static QStringList ops();

private:
    static QList<ScriptCommand> parseArray(const QByteArray &input, QString *error);
    static QList<ScriptCommand> parseLines(const QByteArray &input, QString *error);
    // The command in object at line, or an error naming what is wrong and what is accepted.
    static bool read(const QJsonObject &object, int line, ScriptCommand *command, QString *error);
    static bool checkOp(const ScriptCommand &command, QString *error);
};

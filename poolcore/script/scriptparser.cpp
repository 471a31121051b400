#include "scriptparser.h"

#include "poolevent.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include <algorithm>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

enum class Type : quint8 { String, Integer, Bool, Object };

// Counts and milliseconds: a day bounds every wait, and fits a timer's int.
constexpr qint64 MaxInteger = 86'400'000;

struct Key
{
    const char *name;
    Type type;
    bool required = false;
};

struct Op
{
    const char *name;
    std::vector<Key> keys;
    bool matchesEvents = false; // other keys are event fields to match
};

const std::vector<Op> &opTable()
{
    static const std::vector<Op> table{
        {"create",
         {{"settings", Type::Object},
          {"lab", Type::Object},
          {"protocol", Type::Object},
          {"paused", Type::Bool}}},
        {"acquire",
         {{"label", Type::String, true}, {"timeout_ms", Type::Integer}, {"fresh", Type::Bool}}},
        {"release", {{"label", Type::String, true}, {"broken", Type::Bool}}},
        {"join", {{"timeout_ms", Type::Integer}}},
        {"sleep", {{"ms", Type::Integer, true}}},
        {"wait_event",
         {{"kind", Type::String, true}, {"count", Type::Integer}, {"timeout_ms", Type::Integer}},
         true},
        {"clear", {{"pause", Type::Bool}, {"interrupt_in_use", Type::Bool}}},
        {"pause", {}},
        {"ready", {}},
        {"close", {}},
        {"settings", {{"set", Type::Object, true}}},
        {"lab", {{"set", Type::Object}, {"action", Type::String}, {"down_ms", Type::Integer}}},
        {"request", {{"label", Type::String, true}, {"timeout_ms", Type::Integer}}},
        {"expect", {{"kind", Type::String, true}, {"count", Type::Integer}}, true},
        {"say", {{"text", Type::String, true}}},
    };
    return table;
}

const Op *findOp(const QString &name)
{
    for (const Op &op : opTable()) {
        if (name == QLatin1String(op.name))
            return &op;
    }
    return nullptr;
}

bool hasType(const QJsonValue &value, Type type)
{
    switch (type) {
    case Type::String:
        return value.isString() && !value.toString().isEmpty();
    case Type::Integer:
        return value.isDouble() && value.toDouble() == double(value.toInteger())
            && value.toInteger() >= 0 && value.toInteger() <= MaxInteger;
    case Type::Bool:
        return value.isBool();
    case Type::Object:
        return value.isObject();
    }
    return false;
}

QString typeName(Type type)
{
    switch (type) {
    case Type::String:
        return u"a non-empty string"_s;
    case Type::Integer:
        return u"a whole number from 0 to %1"_s.arg(MaxInteger);
    case Type::Bool:
        return u"true or false"_s;
    case Type::Object:
        return u"an object"_s;
    }
    return {};
}

// The line each top-level element of a JSON array starts on, found by scanning (QJsonDocument
// gives no positions).
std::vector<int> elementLines(const QByteArray &input)
{
    std::vector<int> lines;
    int line = 1;
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    for (const char c : input) {
        if (c == '\n')
            ++line;
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
            if (depth == 1)
                lines.push_back(line);
        } else if (c == '{' || c == '[') {
            if (depth == 1)
                lines.push_back(line);
            ++depth;
        } else if (c == '}' || c == ']') {
            --depth;
        } else if (depth == 1 && c != ',' && c != ' ' && c != '\t' && c != '\r' && c != '\n') {
            if (lines.empty() || lines.back() != line)
                lines.push_back(line); // a bare value: numbers, true, null
        }
    }
    return lines;
}

int lineOfOffset(const QByteArray &input, qsizetype offset)
{
    return int(input.left(offset).count('\n')) + 1;
}

} // namespace

// What one op needs beyond its keys' types.
bool ScriptParser::checkOp(const ScriptCommand &command, QString *error)
{
    const int line = command.line;
    if (command.json.contains(u"kind"_s) && !enumFromName<EventKind>(command.string(u"kind"_s))) {
        *error = u"line %1: unknown event kind \"%2\"; one of %3"_s.arg(line).arg(
            command.string(u"kind"_s), enumNameList<EventKind>().join(u", "_s));
        return false;
    }
    if (command.op != u"lab"_s)
        return true;
    const bool set = command.json.contains(u"set"_s);
    const QString action = command.string(u"action"_s);
    if (set == command.json.contains(u"action"_s)) {
        *error = u"line %1: lab takes either \"set\":{knobs} or \"action\""_s.arg(line);
        return false;
    }
    static const QStringList actions{u"restart"_s, u"reset_connections"_s, u"stop"_s};
    if (!set && !actions.contains(action)) {
        *error = u"line %1: unknown lab action \"%2\"; one of %3"_s.arg(line).arg(
            action, actions.join(u", "_s));
        return false;
    }
    if (command.json.contains(u"down_ms"_s) && action != u"restart"_s) {
        *error = u"line %1: down_ms goes with the lab action restart"_s.arg(line);
        return false;
    }
    return true;
}

QStringList ScriptParser::ops()
{
    QStringList names;
    for (const Op &op : opTable())
        names << QString::fromLatin1(op.name);
    return names;
}

QList<ScriptCommand> ScriptParser::parse(const QByteArray &input, QString *error)
{
    const QByteArray trimmed = input.trimmed();
    if (trimmed.isEmpty()) {
        *error = u"the script is empty: give JSON lines or a JSON array of commands"_s;
        return {};
    }
    return trimmed.startsWith('[') ? parseArray(input, error) : parseLines(input, error);
}

QList<ScriptCommand> ScriptParser::parseArray(const QByteArray &input, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(input, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = u"line %1: malformed JSON (%2)"_s.arg(lineOfOffset(input, parseError.offset))
                     .arg(parseError.errorString());
        return {};
    }
    const QJsonArray array = document.array();
    const std::vector<int> lines = elementLines(input);
    QList<ScriptCommand> commands;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const int line = size_t(i) < lines.size() ? lines[size_t(i)] : 0;
        ScriptCommand command;
        if (!array.at(i).isObject()) {
            *error = u"line %1: a command is an object with \"op\", not %2"_s.arg(line).arg(
                QString::fromUtf8(
                    QJsonDocument(QJsonArray{array.at(i)}).toJson(QJsonDocument::Compact))
                    .mid(1)
                    .chopped(1));
            return {};
        }
        if (!read(array.at(i).toObject(), line, &command, error))
            return {};
        if (command.id.isUndefined())
            command.id = commands.size() + 1;
        commands << command;
    }
    return commands;
}

QList<ScriptCommand> ScriptParser::parseLines(const QByteArray &input, QString *error)
{
    QList<ScriptCommand> commands;
    const QList<QByteArray> lines = input.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray text = lines.at(i).trimmed();
        if (text.isEmpty())
            continue;
        const int line = int(i) + 1;
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(text, &parseError);
        if (parseError.error != QJsonParseError::NoError) {
            *error = u"line %1: malformed JSON at column %2 (%3); each line is one command, "
                     "an object such as {\"op\":\"acquire\",\"label\":\"c1\"}"_s.arg(line)
                         .arg(parseError.offset + 1)
                         .arg(parseError.errorString());
            return {};
        }
        if (!document.isObject()) {
            *error = u"line %1: a command is an object with \"op\", not %2"_s.arg(line).arg(
                QString::fromUtf8(text));
            return {};
        }
        ScriptCommand command;
        if (!read(document.object(), line, &command, error))
            return {};
        if (command.id.isUndefined())
            command.id = commands.size() + 1;
        commands << command;
    }
    return commands;
}

bool ScriptParser::read(const QJsonObject &object, int line, ScriptCommand *command, QString *error)
{
    const QString opName = object.value(u"op"_s).toString();
    const Op *op = findOp(opName);
    if (!op) {
        *error
            = (opName.isEmpty() ? u"line %1: a command needs \"op\"; one of %2"_s.arg(line)
                                : u"line %1: unknown op \"%2\"; one of %3"_s.arg(line).arg(opName))
                  .arg(ops().join(u", "_s));
        return false;
    }
    command->line = line;
    command->op = opName;
    command->json = object;
    command->id = object.value(u"id"_s);
    if (object.contains(u"actor"_s)) {
        if (!hasType(object.value(u"actor"_s), Type::String)) {
            *error = u"line %1: \"actor\" must be %2"_s.arg(line).arg(typeName(Type::String));
            return false;
        }
        command->actor = object.value(u"actor"_s).toString();
    } else if (opName == u"join"_s) {
        *error = u"line %1: join needs \"actor\", the actor to wait for"_s.arg(line);
        return false;
    }
    for (const Key &key : op->keys) {
        const QString name = QString::fromLatin1(key.name);
        if (!object.contains(name)) {
            if (key.required) {
                *error = u"line %1: %2 needs \"%3\" (%4)"_s.arg(line).arg(opName, name,
                                                                          typeName(key.type));
                return false;
            }
            continue;
        }
        if (!hasType(object.value(name), key.type)) {
            *error = u"line %1: \"%2\" of %3 must be %4"_s.arg(line).arg(name, opName,
                                                                         typeName(key.type));
            return false;
        }
    }
    if (!checkOp(*command, error))
        return false;
    if (op->matchesEvents)
        return true;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key() == u"op"_s || it.key() == u"id"_s || it.key() == u"actor"_s)
            continue;
        const bool known = std::any_of(op->keys.begin(), op->keys.end(), [&](const Key &key) {
            return it.key() == QLatin1String(key.name);
        });
        if (!known) {
            QStringList accepted{u"id"_s, u"actor"_s};
            for (const Key &key : op->keys)
                accepted << QString::fromLatin1(key.name);
            *error = u"line %1: %2 takes no \"%3\"; it takes %4"_s.arg(line).arg(
                opName, it.key(), accepted.join(u", "_s));
            return false;
        }
    }
    return true;
}

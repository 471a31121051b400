#include "scriptrun.h"

#include "scriptengine.h"
#include "scriptparser.h"

#include <QJsonDocument>
#include <QSignalSpy>

using namespace Qt::StringLiterals;

ScriptRun ScriptRun::of(const QByteArray &script, int timeoutMs)
{
    ScriptRun run;
    const QList<ScriptCommand> commands = ScriptParser::parse(script, &run.failure);
    if (commands.isEmpty()) {
        run.exitCode = ScriptEngine::BadInput;
        return run;
    }
    ScriptEngine engine(commands, [&run](const QByteArray &line) {
        run.lines << QJsonDocument::fromJson(line).object();
    });
    QSignalSpy finished(&engine, &ScriptEngine::finished);
    engine.start();
    if (finished.wait(timeoutMs))
        run.exitCode = finished.first().first().toInt();
    run.failure = engine.failure();
    return run;
}

QList<QJsonObject> ScriptRun::events() const
{
    QList<QJsonObject> found;
    for (const QJsonObject &line : lines) {
        if (line.contains(u"seq"_s))
            found << line;
    }
    return found;
}

QStringList ScriptRun::kinds(const QStringList &only) const
{
    QStringList found;
    for (const QJsonObject &event : events()) {
        const QString kind = event.value(u"kind"_s).toString();
        if (only.isEmpty() || only.contains(kind))
            found << kind;
    }
    return found;
}

QList<QJsonObject> ScriptRun::replies() const
{
    QList<QJsonObject> found;
    for (const QJsonObject &line : lines) {
        if (line.contains(u"reply"_s))
            found << line;
    }
    return found;
}

QJsonObject ScriptRun::replyTo(int line) const
{
    for (const QJsonObject &reply : replies()) {
        if (reply.value(u"line"_s).toInt() == line)
            return reply;
    }
    return {};
}

qsizetype ScriptRun::indexOf(const QString &key, const QString &value, qsizetype from) const
{
    for (qsizetype i = from; i < lines.size(); ++i) {
        if (lines[i].value(key).toString() == value)
            return i;
    }
    return -1;
}

QString ScriptRun::text() const
{
    // The end says what went wrong; QTest cuts long messages short.
    QStringList all;
    for (qsizetype i = std::max<qsizetype>(0, lines.size() - 8); i < lines.size(); ++i)
        all << QString::fromUtf8(QJsonDocument(lines[i]).toJson(QJsonDocument::Compact));
    return all.join(u'\n') + u"\nexit "_s + QString::number(exitCode) + u' ' + failure;
}

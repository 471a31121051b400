#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

// One command of a scenario script (docs/script.md), as read: the object itself and where it
// was, so that every message about it can name its line.
struct ScriptCommand
{
    static inline const QString MainActor = QStringLiteral("main");

    int line = 0; // 1-based, in the input
    QString op;
    QJsonValue id; // echoed in the reply; its number in the script (from 1) when it has none
    QString actor = MainActor; // who runs it; for join, the actor waited for (join runs on main)
    QJsonObject json;

    QString string(const QString &key) const { return json.value(key).toString(); }
    qint64 integer(const QString &key, qint64 fallback) const
    {
        return json.value(key).toInteger(fallback);
    }
    bool flag(const QString &key) const { return json.value(key).toBool(); }
    QJsonObject object(const QString &key) const { return json.value(key).toObject(); }
    // Who runs it: join waits on main for the actor it names.
    QString runner() const { return op == QLatin1String("join") ? MainActor : actor; }
};

#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

// A script run in-process, as `poolscope script` runs it, for tests: its exit code, every
// line it wrote and why it failed.
struct ScriptRun
{
    int exitCode = -1;
    QList<QJsonObject> lines;
    QString failure;

    // Runs script (JSON lines or an array) to its end, at most timeoutMs.
    static ScriptRun of(const QByteArray &script, int timeoutMs = 20'000);

    // The pool's events, in the order written.
    QList<QJsonObject> events() const;
    // Their kinds; with filter, only the kinds in it.
    QStringList kinds(const QStringList &only = {}) const;
    // The replies, in the order written; the reply to the command on line.
    QList<QJsonObject> replies() const;
    QJsonObject replyTo(int line) const;
    // Where in lines the first line with key == value is; -1 when none.
    qsizetype indexOf(const QString &key, const QString &value, qsizetype from = 0) const;
    // The last lines and the failure, for a failing check's message.
    QString text() const;
};

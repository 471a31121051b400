#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

// One run of a program to completion, with what it printed, for the tests that check
// PoolScope from outside: as a user, an installer or a packaging tool meets it.
class ExternalCommand
{
public:
    // Runs program with arguments in environment (the test's own when empty) and waits for it.
    static ExternalCommand run(const QString &program, const QStringList &arguments,
                               const QProcessEnvironment &environment = {}, int timeoutMs = 60'000);
    // The path of a tool on PATH, or empty after a failure that names the Debian package that
    // has it (QTest::qFail, so the test fails rather than passes without having looked).
    static QString requireTool(const QString &name, const QString &debianPackage);
    // The test's environment without a display: no DISPLAY, WAYLAND_DISPLAY or QT_QPA_PLATFORM.
    static QProcessEnvironment withoutDisplay();

    bool finished = false; // false: it did not start, crashed or timed out
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QString description; // "program arguments: exit N", and what it printed

    // The lines of standard output that start with two spaces and an option: "--name".
    QStringList optionsInOutput() const;
};

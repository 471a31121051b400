#include "externalcommand.h"

#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;

ExternalCommand ExternalCommand::run(const QString &program, const QStringList &arguments,
                                     const QProcessEnvironment &environment, int timeoutMs)
{
    ExternalCommand result;
    QProcess process;
    if (!environment.isEmpty())
        process.setProcessEnvironment(environment);
    process.start(program, arguments);
    const bool started = process.waitForStarted(timeoutMs);
    const bool done = started && process.waitForFinished(timeoutMs);
    if (!done) {
        process.kill();
        process.waitForFinished();
    }
    result.finished = done && process.exitStatus() == QProcess::NormalExit;
    result.exitCode = process.exitCode();
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    const QString how = !started ? u"did not start: "_s + process.errorString()
        : !done                  ? u"timed out"_s
        : !result.finished       ? u"crashed (signal)"_s
                                 : u"exit %1"_s.arg(result.exitCode);
    result.description = u"%1 %2: %3\nstdout:\n%4\nstderr:\n%5"_s.arg(
        program, arguments.join(u' '), how, QString::fromLocal8Bit(result.out),
        QString::fromLocal8Bit(result.err));
    return result;
}

QString ExternalCommand::requireTool(const QString &name, const QString &debianPackage)
{
    const QString path = QStandardPaths::findExecutable(name);
    if (path.isEmpty()) {
        const QString message
            = u"%1 is missing (Debian: %2, which scripts/setup.sh installs)"_s.arg(name,
                                                                                   debianPackage);
        QTest::qFail(qPrintable(message), __FILE__, __LINE__);
    }
    return path;
}

QProcessEnvironment ExternalCommand::withoutDisplay()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &name : {u"DISPLAY"_s, u"WAYLAND_DISPLAY"_s, u"QT_QPA_PLATFORM"_s})
        environment.remove(name);
    return environment;
}

QStringList ExternalCommand::optionsInOutput() const
{
    static const QRegularExpression option(u"^  (?:-\\w, )?(--[a-z][a-z-]*)"_s,
                                           QRegularExpression::MultilineOption);
    QStringList options;
    for (const auto &match : option.globalMatch(QString::fromUtf8(out)))
        options << match.captured(1);
    return options;
}

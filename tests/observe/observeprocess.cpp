#include "observeprocess.h"

#include <QJsonDocument>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;

namespace {
constexpr int Timeout = 20'000;
}

ObserveProcess::ObserveProcess(const QStringList &arguments)
{
    m_process.start(QStringLiteral(POOLSCOPE_BINARY),
                    QStringList{u"observe"_s} + arguments + QStringList{u"--report"_s, u"json"_s});
    m_process.setReadChannel(QProcess::StandardError);
}

ObserveProcess::~ObserveProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(Timeout);
    }
}

bool ObserveProcess::waitUntilObserving(QString *error)
{
    QByteArray said;
    while (!said.contains("observing")) {
        if (!m_process.waitForReadyRead(Timeout)) {
            *error = u"poolscope observe did not begin: "_s
                + QString::fromUtf8(said + m_process.readAllStandardError());
            return false;
        }
        said += m_process.readAllStandardError();
    }
    return true;
}

QJsonObject ObserveProcess::stop(QString *error)
{
    ::kill(pid_t(m_process.processId()), SIGTERM);
    return report(error);
}

QJsonObject ObserveProcess::report(QString *error)
{
    if (!m_process.waitForFinished(Timeout)) {
        *error = u"poolscope observe did not end"_s;
        return {};
    }
    QJsonParseError parseError;
    const QJsonDocument document
        = QJsonDocument::fromJson(m_process.readAllStandardOutput(), &parseError);
    if (!document.isObject())
        *error = u"no report (%1): %2"_s.arg(parseError.errorString(),
                                             QString::fromUtf8(m_process.readAllStandardError()));
    return document.object();
}

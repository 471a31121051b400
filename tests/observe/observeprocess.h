#pragma once

#include <QJsonObject>
#include <QProcess>
#include <QStringList>

// poolscope observe in a process of its own, with --report json: started and waited for until
// it says it observes, stopped by SIGTERM (it then takes a last reading and reports) or left to
// end by itself.
class ObserveProcess
{
public:
    explicit ObserveProcess(const QStringList &arguments);
    ~ObserveProcess();

    // Whether it has begun observing; false with its stderr in error otherwise.
    bool waitUntilObserving(QString *error);
    // SIGTERM, then its report; an empty object if it did not give one (error says why).
    QJsonObject stop(QString *error);
    // Waits for it to end by itself, then its report.
    QJsonObject report(QString *error);
    int exitCode() const { return m_process.exitCode(); }

private:
    QProcess m_process;
};

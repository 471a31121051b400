#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

// A real server from Debian's packages (nginx, redis-server, memcached, prometheus) on a free
// loopback
// port, started by the test and stopped by its own process id. A missing program is an error
// that says which package scripts/setup.sh installs, never a skipped test.
class RealServer
{
public:
    // nginx serving /ok (200), /fail (503) and /close (200, then closes) with keep-alive.
    static std::unique_ptr<RealServer> nginx(int keepaliveTimeoutS, QString *error);
    // extraArguments: more of redis-server's options, "--maxclients 1" say.
    static std::unique_ptr<RealServer> redis(QString *error,
                                             const QStringList &extraArguments = {});
    static std::unique_ptr<RealServer> memcached(QString *error);
    // Prometheus scraping http://TARGET/metrics (TARGET "127.0.0.1:PORT") every second, its
    // storage in a directory of its own; its HTTP API on port().
    static std::unique_ptr<RealServer> prometheus(const QString &target, QString *error);

    ~RealServer();
    quint16 port() const { return m_port; }
    qint64 pid() const { return m_process.processId(); }
    // SIGTERM to the process id, then waits for it to exit.
    bool stop();
    // Starts it again on the same port.
    bool start();

private:
    RealServer(const QString &program, const QStringList &arguments, quint16 port);
    static std::unique_ptr<RealServer> launch(const QString &name, const QStringList &arguments,
                                              quint16 port, std::unique_ptr<QTemporaryDir> dir,
                                              QString *error);
    static quint16 freePort();

    QString m_program;
    QStringList m_arguments;
    quint16 m_port;
    std::unique_ptr<QTemporaryDir> m_dir;
    QProcess m_process;
};

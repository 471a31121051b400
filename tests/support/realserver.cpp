#include "realserver.h"

#include <QFile>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
constexpr int Timeout = 15'000;
}

RealServer::RealServer(const QString &program, const QStringList &arguments, quint16 port)
    : m_program(program)
    , m_arguments(arguments)
    , m_port(port)
{ }

RealServer::~RealServer()
{
    stop();
}

quint16 RealServer::freePort()
{
    QTcpServer server;
    return server.listen(QHostAddress::LocalHost) ? server.serverPort() : 0;
}

std::unique_ptr<RealServer> RealServer::launch(const QString &name, const QStringList &arguments,
                                               quint16 port, std::unique_ptr<QTemporaryDir> dir,
                                               QString *error)
{
    const QString program = QStandardPaths::findExecutable(name, {u"/usr/sbin"_s, u"/usr/bin"_s});
    if (program.isEmpty()) {
        *error = u"%1 is not installed (scripts/setup.sh installs it)"_s.arg(name);
        return nullptr;
    }
    std::unique_ptr<RealServer> server(new RealServer(program, arguments, port));
    server->m_dir = std::move(dir);
    if (!server->start()) {
        *error = u"%1 did not start on port %2: %3"_s.arg(
            name, QString::number(port),
            QString::fromUtf8(server->m_process.readAllStandardError()));
        return nullptr;
    }
    return server;
}

std::unique_ptr<RealServer> RealServer::nginx(int keepaliveTimeoutS, QString *error)
{
    auto dir = std::make_unique<QTemporaryDir>();
    const quint16 port = freePort();
    QFile config(dir->filePath(u"nginx.conf"_s));
    if (!config.open(QIODevice::WriteOnly)) {
        *error = config.errorString();
        return nullptr;
    }
    config.write(QStringLiteral(
                     "daemon off; pid %1/nginx.pid; error_log stderr error; events {}\n"
                     "http { access_log off; client_body_temp_path %1;\n"
                     "  keepalive_timeout %3s; keepalive_requests 100000;\n"
                     "  server { listen 127.0.0.1:%2;\n"
                     "    location / { return 200 \"hello\\n\"; }\n"
                     "    location = /fail { return 503; }\n"
                     "    location = /close { keepalive_timeout 0; return 200 \"bye\\n\"; } } }\n")
                     .arg(dir->path())
                     .arg(port)
                     .arg(keepaliveTimeoutS)
                     .toUtf8());
    config.close();
    const QStringList arguments{u"-c"_s, config.fileName(), u"-p"_s, dir->path()};
    return launch(u"nginx"_s, arguments, port, std::move(dir), error);
}

std::unique_ptr<RealServer> RealServer::redis(QString *error, const QStringList &extraArguments)
{
    auto dir = std::make_unique<QTemporaryDir>();
    const quint16 port = freePort();
    const QStringList arguments{u"--port"_s,       QString::number(port),
                                u"--bind"_s,       u"127.0.0.1"_s,
                                u"--save"_s,       u""_s,
                                u"--appendonly"_s, u"no"_s,
                                u"--dir"_s,        dir->path(),
                                u"--logfile"_s,    u""_s};
    return launch(u"redis-server"_s, arguments + extraArguments, port, std::move(dir), error);
}

std::unique_ptr<RealServer> RealServer::memcached(QString *error)
{
    const quint16 port = freePort();
    return launch(u"memcached"_s,
                  {u"-l"_s, u"127.0.0.1"_s, u"-p"_s, QString::number(port), u"-U"_s, u"0"_s,
                   u"-u"_s, u"nobody"_s},
                  port, nullptr, error);
}

std::unique_ptr<RealServer> RealServer::prometheus(const QString &target, QString *error)
{
    auto dir = std::make_unique<QTemporaryDir>();
    const quint16 port = freePort();
    QFile config(dir->filePath(u"prometheus.yml"_s));
    if (!config.open(QIODevice::WriteOnly)) {
        *error = config.errorString();
        return nullptr;
    }
    config.write(u"global: {scrape_interval: 1s, scrape_timeout: 1s}\n"
                 "scrape_configs:\n"
                 "  - job_name: poolscope\n"
                 "    static_configs: [{targets: ['%1']}]\n"_s.arg(target)
                     .toUtf8());
    config.close();
    const QStringList arguments{u"--config.file=%1"_s.arg(config.fileName()),
                                u"--storage.tsdb.path=%1"_s.arg(dir->filePath(u"data"_s)),
                                u"--web.listen-address=127.0.0.1:%1"_s.arg(port),
                                u"--log.level=error"_s};
    return launch(u"prometheus"_s, arguments, port, std::move(dir), error);
}

bool RealServer::start()
{
    m_process.start(m_program, m_arguments);
    if (!m_process.waitForStarted(Timeout))
        return false;
    // Ready once it accepts connections on its port.
    return QTest::qWaitFor(
               [&] {
                   QTcpSocket probe;
                   probe.connectToHost(QHostAddress::LocalHost, m_port);
                   return probe.waitForConnected(1000) || m_process.state() != QProcess::Running;
               },
               Timeout)
        && m_process.state() == QProcess::Running;
}

bool RealServer::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return true;
    m_process.terminate();
    if (m_process.waitForFinished(Timeout))
        return true;
    m_process.kill();
    return m_process.waitForFinished(Timeout);
}

// PoolScope's pooled and unpooled throughput against real servers (nginx, redis-server) and
// the lab backend (plain and with real TLS), next to wrk with the same number of connections,
// at concurrency 1, 4 and 16. Every figure comes from this run; the ratios compare figures
// measured minutes apart on the same machine.
#include "labthread.h"
#include "realserver.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

const QString DurationS = qEnvironmentVariable("BENCH_DURATION_S", u"2"_s);

struct Measurement
{
    double rps = 0;
    double p50 = 0;
    double p99 = 0;
    qint64 failed = 0;
    QString error;
};

Measurement poolscope(quint16 port, const QString &protocol, int concurrency, bool pooled, bool tls)
{
    QStringList arguments{u"run"_s,        u"--target"_s,      u"127.0.0.1:%1"_s.arg(port),
                          u"--protocol"_s, protocol,           u"--duration"_s,
                          DurationS,       u"--concurrency"_s, QString::number(concurrency),
                          u"--report"_s,   u"json"_s};
    if (!pooled)
        arguments << u"--no-pool"_s;
    if (tls)
        arguments << u"--tls"_s << u"--insecure"_s;
    QProcess process;
    process.start(QStringLiteral(POOLSCOPE_BINARY), arguments);
    Measurement m;
    if (!process.waitForFinished(120'000)) {
        m.error = u"poolscope run did not finish"_s;
        return m;
    }
    const QJsonObject report = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
    m.rps = report[u"throughput_rps"_s].toDouble();
    m.p50 = report[u"latency_ms"_s][u"p50"_s].toDouble();
    m.p99 = report[u"latency_ms"_s][u"p99"_s].toDouble();
    m.failed = report[u"requests"_s][u"failed"_s].toInteger();
    if (report.isEmpty())
        m.error = QString::fromUtf8(process.readAllStandardError()).trimmed();
    return m;
}

double wrkMs(const QString &text)
{
    const auto match = QRegularExpression(u"([0-9.]+)(us|ms|s)"_s).match(text);
    if (!match.hasMatch())
        return 0;
    const double value = match.captured(1).toDouble();
    const QString unit = match.captured(2);
    return unit == u"us"_s ? value / 1000 : unit == u"s"_s ? value * 1000 : value;
}

// wrk with one thread, like PoolScope's one pool thread, and the same connections.
Measurement wrk(quint16 port, int concurrency)
{
    QProcess process;
    process.start(u"wrk"_s,
                  {u"-t1"_s, u"-c"_s, QString::number(concurrency), u"-d"_s, DurationS + u"s"_s,
                   u"--latency"_s, u"http://127.0.0.1:%1/"_s.arg(port)});
    Measurement m;
    if (!process.waitForFinished(120'000)) {
        m.error = u"wrk did not finish"_s;
        return m;
    }
    const QString out = QString::fromUtf8(process.readAllStandardOutput());
    m.rps = QRegularExpression(u"Requests/sec:\\s+([0-9.]+)"_s).match(out).captured(1).toDouble();
    m.p50 = wrkMs(QRegularExpression(u"\\s50%\\s+(\\S+)"_s).match(out).captured(1));
    m.p99 = wrkMs(QRegularExpression(u"\\s99%\\s+(\\S+)"_s).match(out).captured(1));
    if (m.rps == 0)
        m.error = u"wrk: "_s + out + QString::fromUtf8(process.readAllStandardError());
    return m;
}

QString cell(const Measurement &m)
{
    if (!m.error.isEmpty())
        return u"error"_s;
    return u"%1 (%2/%3)"_s.arg(m.rps, 0, 'f', 0).arg(m.p50, 0, 'f', 2).arg(m.p99, 0, 'f', 2);
}

double ratio(double a, double b)
{
    return b > 0 ? a / b : 0;
}

void report(const QString &name, const Measurement &m)
{
    if (!m.error.isEmpty())
        std::fprintf(stderr, "%s: %s\n", qPrintable(name), qPrintable(m.error));
    else if (m.failed)
        std::fprintf(stderr, "%s: %lld requests failed\n", qPrintable(name), m.failed);
}

struct Target
{
    QString name;
    quint16 port;
    QString protocol;
    bool tls;
    bool withWrk;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QString error;
    const auto nginx = RealServer::nginx(75, &error);
    const auto redis = nginx ? RealServer::redis(&error) : nullptr;
    if (!nginx || !redis || QStandardPaths::findExecutable(u"wrk"_s).isEmpty()) {
        std::fprintf(stderr, "bench_load: %s\n",
                     qPrintable(error.isEmpty() ? u"wrk is not installed"_s : error));
        return 1;
    }
    LabThread lab;
    LabThread tlsLab;
    LabSettings tlsSettings;
    tlsSettings.tls = true;
    if (!lab.start(LabSettings()).isEmpty() || !tlsLab.start(tlsSettings).isEmpty()) {
        std::fprintf(stderr, "bench_load: the lab backend did not start\n");
        return 1;
    }
    const QList<Target> targets{
        {u"nginx"_s, nginx->port(), u"http"_s, false, true},
        {u"redis"_s, redis->port(), u"redis"_s, false, false},
        {u"lab"_s, lab.port(), u"http"_s, false, true},
        {u"lab_tls"_s, tlsLab.port(), u"http"_s, true, false},
    };

    std::printf("%-8s %3s  %-24s %-24s %-24s  %s\n", "target", "c", "pooled rps (p50/p99 ms)",
                "unpooled rps (p50/p99)", "wrk -t1 rps (p50/p99)", "pooled/unpooled pooled/wrk");
    QStringList metrics;
    for (const Target &t : targets) {
        for (const int c : {1, 4, 16}) {
            const Measurement pooled = poolscope(t.port, t.protocol, c, true, t.tls);
            const Measurement unpooled = poolscope(t.port, t.protocol, c, false, t.tls);
            const Measurement baseline = t.withWrk ? wrk(t.port, c) : Measurement();
            const QString key = u"%1_c%2"_s.arg(t.name).arg(c);
            report(key + u" pooled"_s, pooled);
            report(key + u" unpooled"_s, unpooled);
            if (t.withWrk)
                report(key + u" wrk"_s, baseline);
            const double vsUnpooled = ratio(pooled.rps, unpooled.rps);
            const double vsWrk = ratio(pooled.rps, baseline.rps);
            std::printf("%-8s %3d  %-24s %-24s %-24s  %6.2f %8s\n", qPrintable(t.name), c,
                        qPrintable(cell(pooled)), qPrintable(cell(unpooled)),
                        t.withWrk ? qPrintable(cell(baseline)) : "-", vsUnpooled,
                        t.withWrk ? qPrintable(QString::number(vsWrk, 'f', 2)) : "-");
            std::fflush(stdout);
            metrics << u"%1_pooled_vs_unpooled_throughput: %2"_s.arg(key).arg(vsUnpooled, 0, 'f',
                                                                              2);
            if (t.withWrk)
                metrics << u"%1_pooled_vs_wrk_throughput: %2"_s.arg(key).arg(vsWrk, 0, 'f', 2);
            for (const auto &[mode, m] :
                 {std::pair{u"pooled"_s, pooled}, std::pair{u"unpooled"_s, unpooled},
                  std::pair{u"wrk"_s, baseline}}) {
                if (mode == u"wrk"_s && !t.withWrk)
                    continue;
                metrics << u"%1_%2_p50_ms: %3"_s.arg(key, mode).arg(m.p50, 0, 'f', 3)
                        << u"%1_%2_p99_ms: %3"_s.arg(key, mode).arg(m.p99, 0, 'f', 3);
            }
        }
    }
    std::printf("\n%s\n", qPrintable(metrics.join(u'\n')));
    return 0;
}

#include "labthread.h"
#include "prober.h"
#include "testserver.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace Qt::StringLiterals;

// The Prober against real loopback servers: the lab backend on its own thread, a refused port
// and a listener whose accept queue is full.
class tst_Prober : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void reachable();
    void refused();
    void timedOutOnAFullBacklog();
    void blackholeTimesOutAtTheResponse();
    void protocolError();
    void resetByAServerAtItsLimit();
    void tlsUntrustedThenInsecure();
    void tlsNameMismatch();
    void hostOverride();
    void unresolvableName_data();
    void unresolvableName();
    void localhostNameIsLoopback();
    void stopEndsEarly();
    void invalidSettings();
};

namespace {

constexpr int Timeout = 30'000;

ProbeSettings settingsFor(quint16 port, std::optional<ProtocolKind> kind = ProtocolKind::Http)
{
    ProbeSettings s;
    s.host = u"127.0.0.1"_s;
    s.port = port;
    s.count = 1;
    s.intervalMs = 0;
    if (kind) {
        Protocol protocol;
        protocol.kind = *kind;
        s.protocol = protocol;
    }
    return s;
}

ProbeResult run(const ProbeSettings &settings)
{
    Prober prober;
    QSignalSpy finished(&prober, &Prober::finished);
    const QStringList errors = prober.start(settings);
    if (!errors.isEmpty()) {
        qWarning() << errors;
        return {};
    }
    if (!finished.wait(Timeout) && finished.isEmpty())
        return {};
    return finished.constFirst().constFirst().value<ProbeResult>();
}

const ProbeStep *findStep(const ProbeAttempt &attempt, ProbeStep::Kind kind)
{
    for (const ProbeStep &step : attempt.steps) {
        if (step.kind == kind)
            return &step;
    }
    return nullptr;
}

quint16 closedPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost);
    return server.serverPort(); // closed when server goes
}

} // namespace

void tst_Prober::reachable()
{
    LabThread lab;
    QCOMPARE(lab.start(LabSettings()), QStringList());
    ProbeSettings settings = settingsFor(lab.port());
    settings.count = 3;
    Prober prober;
    QSignalSpy steps(&prober, &Prober::stepFinished);
    QSignalSpy attempts(&prober, &Prober::attemptFinished);
    QSignalSpy finished(&prober, &Prober::finished);
    QCOMPARE(prober.start(settings), QStringList());
    QVERIFY(prober.isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, Timeout);
    QVERIFY(!prober.isRunning());
    QCOMPARE(attempts.size(), 3);
    QCOMPARE(steps.size(), 9); // resolve, connect, response, three times

    const ProbeResult result = prober.result();
    QCOMPARE(result.attempts.size(), 3);
    const ProbeAttempt &first = result.attempts.constFirst();
    QCOMPARE(first.sequence, 1);
    QVERIFY(first.ok());
    QCOMPARE(findStep(first, ProbeStep::Kind::Resolve)->source, u"literal"_s);
    const ProbeStep *response = findStep(first, ProbeStep::Kind::Response);
    QVERIFY(response);
    QVERIFY(response->ok);
    QVERIFY(response->responseBytes > 0);
    QVERIFY(response->completeNs >= response->durationNs);

    const ProbeVerdict verdict = result.verdict();
    QCOMPARE(verdict.status, ProbeVerdict::Status::Reachable);
    QCOMPARE(verdict.succeeded, 3);
    const QList<ProbeStepSummary> summaries = result.summaries();
    QCOMPARE(summaries.size(), 3);
    for (const ProbeStepSummary &s : summaries) {
        QCOMPARE(s.sent, 3);
        QCOMPARE(s.succeeded, 3);
        QVERIFY(s.minNs <= s.meanNs && s.meanNs <= s.maxNs);
    }
    QCOMPARE(lab.counters().requests, 3u);
}

void tst_Prober::refused()
{
    const ProbeResult result = run(settingsFor(closedPort(), std::nullopt));
    QCOMPARE(result.attempts.size(), 1);
    const ProbeVerdict verdict = result.verdict();
    QCOMPARE(verdict.status, ProbeVerdict::Status::Unreachable);
    QCOMPARE(verdict.failure, ProbeFailure::Refused);
    QCOMPARE(verdict.step, ProbeStep::Kind::Connect);
    QVERIFY(verdict.sentence.contains(u"refused"_s));
}

void tst_Prober::timedOutOnAFullBacklog()
{
    FullBacklogListener listener;
    QVERIFY(listener.isValid());
    ProbeSettings settings = settingsFor(listener.port(), std::nullopt);
    settings.timeoutMs = 300;
    const ProbeVerdict verdict = run(settings).verdict();
    QCOMPARE(verdict.failure, ProbeFailure::TimedOut);
    QCOMPARE(verdict.step, ProbeStep::Kind::Connect);
}

void tst_Prober::blackholeTimesOutAtTheResponse()
{
    LabThread lab;
    LabSettings labSettings;
    labSettings.blackhole = true;
    QCOMPARE(lab.start(labSettings), QStringList());
    ProbeSettings settings = settingsFor(lab.port());
    settings.timeoutMs = 300;
    const ProbeResult result = run(settings);
    const ProbeVerdict verdict = result.verdict();
    QCOMPARE(verdict.failure, ProbeFailure::TimedOut);
    QCOMPARE(verdict.step, ProbeStep::Kind::Response);
    QVERIFY(findStep(result.attempts.constFirst(), ProbeStep::Kind::Connect)->ok);
}

void tst_Prober::protocolError()
{
    LabThread lab;
    LabSettings labSettings;
    labSettings.protocol = ProtocolKind::Redis;
    QCOMPARE(lab.start(labSettings), QStringList());
    const ProbeResult result = run(settingsFor(lab.port(), ProtocolKind::Http));
    const ProbeVerdict verdict = result.verdict();
    QCOMPARE(verdict.failure, ProbeFailure::ProtocolError);
    QCOMPARE(verdict.step, ProbeStep::Kind::Response);
    QVERIFY2(verdict.detail.contains(u"-ERR"_s), qPrintable(verdict.detail));
}

void tst_Prober::resetByAServerAtItsLimit()
{
    LabThread lab;
    LabSettings labSettings;
    labSettings.maxClients = 1;
    QCOMPARE(lab.start(labSettings), QStringList());
    QTcpSocket holder;
    holder.connectToHost(QHostAddress::LocalHost, lab.port());
    QVERIFY(holder.waitForConnected(Timeout));
    QTRY_COMPARE_WITH_TIMEOUT(lab.counters().open, 1, Timeout);

    const ProbeVerdict verdict = run(settingsFor(lab.port())).verdict();
    QCOMPARE(verdict.failure, ProbeFailure::Reset);
    QCOMPARE(verdict.step, ProbeStep::Kind::Response);
}

void tst_Prober::tlsUntrustedThenInsecure()
{
    LabThread lab;
    LabSettings labSettings;
    labSettings.tls = true;
    QCOMPARE(lab.start(labSettings), QStringList());
    ProbeSettings settings = settingsFor(lab.port());
    settings.tls = true;

    const ProbeResult strict = run(settings);
    QCOMPARE(strict.verdict().failure, ProbeFailure::TlsUntrusted);
    QCOMPARE(strict.verdict().step, ProbeStep::Kind::Tls);
    const ProbeStep *tls = findStep(strict.attempts.constFirst(), ProbeStep::Kind::Tls);
    QVERIFY(tls->tls.valid);
    QVERIFY(!tls->tls.trusted);
    QVERIFY(tls->tls.nameMatches); // the lab's certificate names 127.0.0.1
    QVERIFY(tls->tls.inDate);
    QCOMPARE(tls->tls.subject, u"localhost"_s);
    QVERIFY(!tls->tls.protocol.isEmpty());
    QVERIFY(!tls->tls.cipher.isEmpty());
    QVERIFY(tls->tls.expires.isValid());

    settings.insecure = true;
    const ProbeResult insecure = run(settings);
    const ProbeVerdict verdict = insecure.verdict();
    QCOMPARE(verdict.status, ProbeVerdict::Status::Reachable);
    QCOMPARE(verdict.notes.size(), 1);
    QVERIFY(verdict.notes.constFirst().contains(u"--insecure"_s));
    QVERIFY(findStep(insecure.attempts.constFirst(), ProbeStep::Kind::Response)->ok);
}

void tst_Prober::tlsNameMismatch()
{
    LabThread lab;
    LabSettings labSettings;
    labSettings.tls = true;
    QCOMPARE(lab.start(labSettings), QStringList());
    ProbeSettings settings = settingsFor(lab.port());
    settings.host = u"other.test"_s;
    settings.tls = true;
    settings.caFile = QStringLiteral(POOLSCOPE_SOURCE_DIR "/resources/lab/cert.pem");
    QString error;
    settings.hostOverrides << *HostOverride::parse(u"other.test:%1:127.0.0.1"_s.arg(lab.port()),
                                                   &error);
    const ProbeResult result = run(settings);
    QCOMPARE(result.verdict().failure, ProbeFailure::TlsNameMismatch);
    const ProbeStep *tls = findStep(result.attempts.constFirst(), ProbeStep::Kind::Tls);
    QVERIFY(tls->tls.trusted); // trusted through the CA file: only the name is wrong
    QVERIFY(!tls->tls.nameMatches);
}

void tst_Prober::hostOverride()
{
    LabThread lab;
    QCOMPARE(lab.start(LabSettings()), QStringList());
    ProbeSettings settings = settingsFor(lab.port());
    settings.host = u"backend.test"_s;
    QString error;
    settings.hostOverrides << *HostOverride::parse(u"backend.test:%1:127.0.0.1"_s.arg(lab.port()),
                                                   &error);
    const ProbeResult result = run(settings);
    QCOMPARE(result.verdict().status, ProbeVerdict::Status::Reachable);
    const ProbeStep *resolve = findStep(result.attempts.constFirst(), ProbeStep::Kind::Resolve);
    QCOMPARE(resolve->source, u"resolve"_s);
    QCOMPARE(resolve->addresses, QList<QHostAddress>{QHostAddress(QHostAddress::LocalHost)});
}

void tst_Prober::unresolvableName_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("cause");
    QTest::addColumn<QString>("next");
    QTest::newRow("invalid")
        << u"no-such-host..invalid"_s
        << u"\"no-such-host..invalid\" is a special-use name (RFC 6761) that "
           "never resolves."_s
        << u"Use another name: one under .invalid is meant never to resolve."_s;
    QTest::newRow("test") << u"backend..test"_s
                          << u"\"backend..test\" is a special-use name (RFC 6761) for testing"_s
                          << u"Give it an address with --resolve backend..test:80:ADDRESS."_s;
}

void tst_Prober::unresolvableName()
{
    // Special-use names (RFC 6761) the probe answers itself. Their empty label is a second
    // guard: Qt refuses such a name before asking any resolver, so no query leaves the machine.
    QFETCH(QString, host);
    QFETCH(QString, cause);
    QFETCH(QString, next);
    ProbeSettings settings = settingsFor(80, std::nullopt);
    settings.host = host;
    const ProbeResult result = run(settings);
    const ProbeVerdict verdict = result.verdict();
    QCOMPARE(verdict.failure, ProbeFailure::HostNotFound);
    QCOMPARE(verdict.step, ProbeStep::Kind::Resolve);
    QVERIFY2(verdict.cause.startsWith(cause), qPrintable(verdict.cause));
    QCOMPARE(verdict.next, next);
    const ProbeStep *resolve = findStep(result.attempts.constFirst(), ProbeStep::Kind::Resolve);
    QCOMPARE(resolve->source, u"special-use"_s);
    QVERIFY2(resolve->message.startsWith(cause.chopped(1)), qPrintable(resolve->message));
}

void tst_Prober::localhostNameIsLoopback()
{
    LabThread lab;
    QCOMPARE(lab.start(LabSettings()), QStringList());
    ProbeSettings settings = settingsFor(lab.port());
    settings.host = u"api.localhost"_s;
    const ProbeResult result = run(settings);
    const ProbeStep *resolve = findStep(result.attempts.constFirst(), ProbeStep::Kind::Resolve);
    QVERIFY(resolve->ok);
    QCOMPARE(resolve->source, u"special-use"_s);
    QCOMPARE(resolve->addresses,
             (QList<QHostAddress>{QHostAddress(QHostAddress::LocalHost),
                                  QHostAddress(QHostAddress::LocalHostIPv6)}));
    // The lab listens on 127.0.0.1: that connect succeeds, whatever ::1 answers.
    const auto &steps = result.attempts.constFirst().steps;
    QVERIFY(std::any_of(steps.begin(), steps.end(), [&](const ProbeStep &step) {
        return step.kind == ProbeStep::Kind::Connect && step.ok
            && step.address == u"127.0.0.1:%1"_s.arg(lab.port());
    }));
}

void tst_Prober::stopEndsEarly()
{
    LabThread lab;
    QCOMPARE(lab.start(LabSettings()), QStringList());
    ProbeSettings settings = settingsFor(lab.port());
    settings.count = 100;
    settings.intervalMs = 60'000;
    Prober prober;
    QSignalSpy attempts(&prober, &Prober::attemptFinished);
    QSignalSpy finished(&prober, &Prober::finished);
    QCOMPARE(prober.start(settings), QStringList());
    QTRY_COMPARE_WITH_TIMEOUT(attempts.size(), 1, Timeout);
    prober.stop();
    QCOMPARE(finished.size(), 1);
    const auto result = finished.constFirst().constFirst().value<ProbeResult>();
    QVERIFY(result.stopped);
    QCOMPARE(result.attempts.size(), 1);
    QVERIFY(!prober.isRunning());
}

void tst_Prober::invalidSettings()
{
    Prober prober;
    ProbeSettings settings;
    const QStringList errors = prober.start(settings);
    QCOMPARE(errors.size(), 2);
    QVERIFY(!prober.isRunning());
}

QTEST_GUILESS_MAIN(tst_Prober)
#include "tst_prober.moc"

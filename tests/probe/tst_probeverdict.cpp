#include "poolsettings.h"
#include "probesettings.h"
#include "probestepsummary.h"
#include "probetlsinfo.h"
#include "probeverdict.h"

#include <QTest>

using namespace Qt::StringLiterals;

// The value types of a probe: settings, classification, explanations and summaries.
class tst_ProbeVerdict : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void settingsValidation_data();
    void settingsValidation();
    void settingsFromPool();
    void failureNames();
    void everyFailureIsExplained();
    void fromDialError_data();
    void fromDialError();
    void tlsClassification_data();
    void tlsClassification();
    void summaries();
    void judgeReachable();
    void judgeDegraded();
    void judgeUnreachablePrefersTheDeepestFailure();
    void judgeNotesAnAddressThatFails();
};

namespace {

ProbeSettings target()
{
    ProbeSettings s;
    s.host = u"backend.test"_s;
    s.port = 8080;
    return s;
}

ProbeStep step(ProbeStep::Kind kind, const QString &address, qint64 ms,
               ProbeFailure failure = ProbeFailure::None)
{
    ProbeStep s;
    s.kind = kind;
    s.address = address;
    s.durationNs = ms * 1'000'000;
    s.ok = failure == ProbeFailure::None;
    s.failure = failure;
    if (kind == ProbeStep::Kind::Resolve && s.ok)
        s.addresses = {QHostAddress(u"127.0.0.1"_s)};
    return s;
}

ProbeAttempt attempt(int sequence, const QList<ProbeStep> &steps)
{
    ProbeAttempt a;
    a.sequence = sequence;
    a.steps = steps;
    return a;
}

const QString A = u"127.0.0.1:8080"_s;
const QString B = u"[::1]:8080"_s;

} // namespace

void tst_ProbeVerdict::settingsValidation_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QString>("message");
    QTest::newRow("no host") << u"host"_s << QVariant(u""_s)
                             << u"target: no host; accepted: HOST:PORT"_s;
    QTest::newRow("host with a space")
        << u"host"_s << QVariant(u"a b"_s) << u"target: \"a b\" is not a host name"_s;
    QTest::newRow("port 0") << u"port"_s << QVariant(0)
                            << u"target: port 0 is out of range; accepted: 1 to 65535"_s;
    QTest::newRow("count 0") << u"count"_s << QVariant(0)
                             << u"count: 0 is out of range; accepted: 1 to 10000"_s;
    QTest::newRow("interval negative")
        << u"interval"_s << QVariant(-1)
        << u"interval: -1 is out of range; accepted: 0 to 3600000 (ms)"_s;
    QTest::newRow("timeout 0") << u"timeout"_s << QVariant(0)
                               << u"timeout: 0 is out of range; accepted: 1 to 600000 (ms)"_s;
    QTest::newRow("max idle too short")
        << u"max-idle"_s << QVariant(500) << u"max-idle: 0.5 s is out of range; accepted: 1 to"_s;
    QTest::newRow("insecure without tls")
        << u"insecure"_s << QVariant(true) << u"insecure: only means something with TLS"_s;
    QTest::newRow("unreadable ca file")
        << u"ca-file"_s << QVariant(u"/no/such/file.pem"_s)
        << u"ca-file: \"/no/such/file.pem\" is not a readable file"_s;
}

void tst_ProbeVerdict::settingsValidation()
{
    QFETCH(QString, field);
    QFETCH(QVariant, value);
    QFETCH(QString, message);
    ProbeSettings s = target();
    QCOMPARE(s.validate(), QStringList());
    if (field == u"host")
        s.host = value.toString();
    else if (field == u"port")
        s.port = value.toInt();
    else if (field == u"count")
        s.count = value.toInt();
    else if (field == u"interval")
        s.intervalMs = value.toLongLong();
    else if (field == u"timeout")
        s.timeoutMs = value.toLongLong();
    else if (field == u"max-idle")
        s.maxIdleMs = value.toLongLong();
    else if (field == u"insecure")
        s.insecure = value.toBool();
    else if (field == u"ca-file")
        s.caFile = value.toString();
    const QStringList errors = s.validate();
    QCOMPARE(errors.size(), 1);
    QVERIFY2(errors.constFirst().startsWith(message), qPrintable(errors.constFirst()));
}

void tst_ProbeVerdict::settingsFromPool()
{
    PoolSettings pool;
    pool.host = u"db.test"_s;
    pool.port = 5432;
    pool.tls = true;
    pool.tlsInsecure = true;
    pool.connectTimeoutMs = 1234;
    QString error;
    pool.hostOverrides << *HostOverride::parse(u"db.test:5432:127.0.0.2", &error);
    const ProbeSettings s = ProbeSettings::fromPoolSettings(pool);
    QCOMPARE(s.target(), u"db.test:5432"_s);
    QVERIFY(s.tls);
    QVERIFY(s.insecure);
    QCOMPARE(s.timeoutMs, 1234);
    QCOMPARE(s.overrideAddress(), QHostAddress(u"127.0.0.2"_s));
    QVERIFY(!s.protocol);
    QCOMPARE(s.validate(), QStringList());

    ProbeSettings other = s;
    other.port = 5433;
    QVERIFY(!other.overrideAddress()); // an override is for one host and port
}

void tst_ProbeVerdict::failureNames()
{
    // Every dial error is the probe failure of the same name.
    for (int i = 0; i <= int(DialError::Other); ++i) {
        const DialError error = DialError(i);
        QCOMPARE(enumName(probeFailureOf(error)), enumName(error));
    }
    for (int i = 0; i <= int(ProbeFailure::Other); ++i)
        QCOMPARE(enumFromName<ProbeFailure>(enumName(ProbeFailure(i))), ProbeFailure(i));
    QVERIFY(!enumFromName<ProbeFailure>(u"bogus"_s));
}

void tst_ProbeVerdict::everyFailureIsExplained()
{
    ProbeSettings s = target();
    Protocol http;
    s.protocol = http;
    for (int f = 1; f <= int(ProbeFailure::Other); ++f) {
        for (int k = 0; k <= int(ProbeStep::Kind::Response); ++k) {
            const ProbeVerdict v = ProbeVerdict::explain(ProbeFailure(f), ProbeStep::Kind(k), s);
            const QByteArray what = enumName(ProbeFailure(f)).toUtf8() + " at "
                + enumName(ProbeStep::Kind(k)).toUtf8();
            QVERIFY2(v.sentence.endsWith(u'.') || ProbeFailure(f) == ProbeFailure::Other,
                     what.constData());
            QVERIFY2(!v.cause.isEmpty(), what.constData());
            QVERIFY2(!v.next.isEmpty(), what.constData());
            QCOMPARE(v.failure, ProbeFailure(f));
        }
    }
    const ProbeVerdict refused
        = ProbeVerdict::explain(ProbeFailure::Refused, ProbeStep::Kind::Connect, s);
    QCOMPARE(refused.sentence,
             u"Nothing accepts connections on backend.test:8080: the connection was refused."_s);
    const ProbeVerdict slow
        = ProbeVerdict::explain(ProbeFailure::TimedOut, ProbeStep::Kind::Response, s);
    QVERIFY(slow.sentence.contains(u"the http request got no answer within 3000 ms"_s));
}

void tst_ProbeVerdict::fromDialError_data()
{
    QTest::addColumn<DialError>("error");
    QTest::addColumn<ProbeFailure>("failure");
    QTest::addColumn<ProbeStep::Kind>("step");
    QTest::newRow("host not found")
        << DialError::HostNotFound << ProbeFailure::HostNotFound << ProbeStep::Kind::Resolve;
    QTest::newRow("refused") << DialError::Refused << ProbeFailure::Refused
                             << ProbeStep::Kind::Connect;
    QTest::newRow("timed out") << DialError::TimedOut << ProbeFailure::TimedOut
                               << ProbeStep::Kind::Connect;
    QTest::newRow("reset") << DialError::Reset << ProbeFailure::Reset << ProbeStep::Kind::Connect;
    QTest::newRow("unreachable") << DialError::NetworkUnreachable
                                 << ProbeFailure::NetworkUnreachable << ProbeStep::Kind::Connect;
    QTest::newRow("tls") << DialError::TlsFailure << ProbeFailure::TlsFailure
                         << ProbeStep::Kind::Tls;
    QTest::newRow("other") << DialError::Other << ProbeFailure::Other << ProbeStep::Kind::Connect;
}

void tst_ProbeVerdict::fromDialError()
{
    QFETCH(DialError, error);
    QFETCH(ProbeFailure, failure);
    QFETCH(ProbeStep::Kind, step);
    const ProbeVerdict v = ProbeVerdict::fromDialError(error, target(), u"the detail"_s);
    QCOMPARE(v.failure, failure);
    QCOMPARE(v.step, step);
    QCOMPARE(v.detail, u"the detail"_s);
    QVERIFY(!v.sentence.isEmpty());
    QVERIFY(!v.next.isEmpty());
    QCOMPARE(ProbeVerdict::fromDialError(DialError::None, target(), {}).failure,
             ProbeFailure::None);
}

void tst_ProbeVerdict::tlsClassification_data()
{
    QTest::addColumn<QList<QSslError>>("errors");
    QTest::addColumn<ProbeFailure>("failure");
    using E = QSslError;
    QTest::newRow("verified") << QList<QSslError>() << ProbeFailure::None;
    QTest::newRow("self-signed") << QList<QSslError>{E(E::SelfSignedCertificate)}
                                 << ProbeFailure::TlsUntrusted;
    QTest::newRow("unknown issuer")
        << QList<QSslError>{E(E::UnableToGetLocalIssuerCertificate)} << ProbeFailure::TlsUntrusted;
    QTest::newRow("expired") << QList<QSslError>{E(E::CertificateExpired)}
                             << ProbeFailure::TlsExpired;
    QTest::newRow("not yet valid")
        << QList<QSslError>{E(E::CertificateNotYetValid)} << ProbeFailure::TlsExpired;
    QTest::newRow("name") << QList<QSslError>{E(E::HostNameMismatch)}
                          << ProbeFailure::TlsNameMismatch;
    QTest::newRow("name and untrusted")
        << QList<QSslError>{E(E::SelfSignedCertificate), E(E::HostNameMismatch)}
        << ProbeFailure::TlsNameMismatch;
    QTest::newRow("all three") << QList<QSslError>{E(E::SelfSignedCertificate),
                                                   E(E::HostNameMismatch), E(E::CertificateExpired)}
                               << ProbeFailure::TlsExpired;
}

void tst_ProbeVerdict::tlsClassification()
{
    QFETCH(QList<QSslError>, errors);
    QFETCH(ProbeFailure, failure);
    QCOMPARE(ProbeTlsInfo::classify(errors), failure);
}

void tst_ProbeVerdict::summaries()
{
    using K = ProbeStep::Kind;
    const QList<ProbeAttempt> attempts{
        attempt(1, {step(K::Resolve, {}, 1), step(K::Connect, A, 10), step(K::Response, A, 5)}),
        attempt(2,
                {step(K::Resolve, {}, 3), step(K::Connect, A, 20),
                 step(K::Response, A, 9, ProbeFailure::TimedOut)}),
        attempt(3,
                {step(K::Resolve, {}, 2), step(K::Connect, B, 1, ProbeFailure::Refused),
                 step(K::Connect, A, 30), step(K::Response, A, 7)}),
    };
    const QList<ProbeStepSummary> s = ProbeStepSummary::summarize(attempts);
    QCOMPARE(s.size(), 4);
    QCOMPARE(s[0].kind, K::Resolve);
    QCOMPARE(s[0].sent, 3);
    QCOMPARE(s[0].minNs, 1'000'000);
    QCOMPARE(s[0].maxNs, 3'000'000);
    QCOMPARE(s[0].meanNs, 2e6);
    QCOMPARE(s[1].kind, K::Connect);
    QCOMPARE(s[1].address, A);
    QCOMPARE(s[1].succeeded, 3);
    QCOMPARE(s[1].meanNs, 20e6);
    QCOMPARE(s[2].kind, K::Response);
    QCOMPARE(s[2].address, A);
    QCOMPARE(s[2].sent, 3);
    QCOMPARE(s[2].succeeded, 2);
    QCOMPARE(s[2].meanNs, 6e6);
    QCOMPARE(s[2].maxNs, 7'000'000); // the failure's time counts only as a loss
    QCOMPARE(qRound(s[2].lossPercent()), 33);
    QCOMPARE(s[3].address, B);
    QCOMPARE(s[3].lossPercent(), 100.0);
    QVERIFY(!s[3].toJson().contains(u"mean_ms"_s));
}

void tst_ProbeVerdict::judgeReachable()
{
    using K = ProbeStep::Kind;
    const QList<ProbeAttempt> attempts{
        attempt(1, {step(K::Resolve, {}, 1), step(K::Connect, A, 10)}),
        attempt(2, {step(K::Resolve, {}, 1), step(K::Connect, A, 20)}),
    };
    const ProbeVerdict v = ProbeVerdict::judge(target(), attempts);
    QCOMPARE(v.status, ProbeVerdict::Status::Reachable);
    QCOMPARE(v.failure, ProbeFailure::None);
    QCOMPARE(v.succeeded, 2);
    QCOMPARE(v.sentence,
             u"backend.test:8080 is reachable: 2 of 2 attempts succeeded (connect 15.0 ms on "
             "average)."_s);
    QCOMPARE(v.toJson().value(u"failure"_s).toString(), u"none"_s);
    QVERIFY(!v.toJson().contains(u"step"_s));
}

void tst_ProbeVerdict::judgeDegraded()
{
    using K = ProbeStep::Kind;
    const QList<ProbeAttempt> attempts{
        attempt(1, {step(K::Resolve, {}, 1), step(K::Connect, A, 10)}),
        attempt(2, {step(K::Resolve, {}, 1), step(K::Connect, A, 3000, ProbeFailure::TimedOut)}),
    };
    const ProbeVerdict v = ProbeVerdict::judge(target(), attempts);
    QCOMPARE(v.status, ProbeVerdict::Status::Degraded);
    QVERIFY(v.reachable());
    QCOMPARE(v.failure, ProbeFailure::TimedOut);
    QVERIFY2(v.sentence.startsWith(u"backend.test:8080 is reachable, but 1 of 2 attempts failed. "
                                   "Connecting to 127.0.0.1:8080 got no answer"_s),
             qPrintable(v.sentence));
}

void tst_ProbeVerdict::judgeUnreachablePrefersTheDeepestFailure()
{
    using K = ProbeStep::Kind;
    const QList<ProbeAttempt> attempts{
        attempt(1,
                {step(K::Resolve, {}, 1), step(K::Connect, B, 1, ProbeFailure::Refused),
                 step(K::Connect, A, 1), step(K::Tls, A, 2, ProbeFailure::TlsUntrusted)}),
    };
    const ProbeVerdict v = ProbeVerdict::judge(target(), attempts);
    QCOMPARE(v.status, ProbeVerdict::Status::Unreachable);
    QCOMPARE(v.failure, ProbeFailure::TlsUntrusted);
    QCOMPARE(v.step, K::Tls);
    QCOMPARE(v.address, A);
    const QJsonObject json = v.toJson();
    QCOMPARE(json.value(u"failure"_s).toString(), u"tls_untrusted"_s);
    QCOMPARE(json.value(u"step"_s).toString(), u"tls"_s);
    QCOMPARE(json.value(u"status"_s).toString(), u"unreachable"_s);
}

void tst_ProbeVerdict::judgeNotesAnAddressThatFails()
{
    using K = ProbeStep::Kind;
    const QList<ProbeAttempt> attempts{
        attempt(1,
                {step(K::Resolve, {}, 1), step(K::Connect, B, 1, ProbeFailure::Refused),
                 step(K::Connect, A, 1)}),
    };
    const ProbeVerdict v = ProbeVerdict::judge(target(), attempts);
    QCOMPARE(v.status, ProbeVerdict::Status::Reachable);
    QCOMPARE(v.notes.size(), 1);
    QVERIFY2(v.notes.constFirst().startsWith(u"[::1]:8080 failed (refused)"_s),
             qPrintable(v.notes.constFirst()));
}

QTEST_GUILESS_MAIN(tst_ProbeVerdict)
#include "tst_probeverdict.moc"

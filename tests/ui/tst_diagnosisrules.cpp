// The diagnosis's rules driven with numbers: each cause of exhaustion, each settings warning
// and each request-failure fix, with the figures they give, and the history that makes their
// facts from a feed.
#include "diagnosistext.h"
#include "exhaustionrules.h"
#include "failurerules.h"
#include "feedhistory.h"
#include "settingsrules.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 Ms = 1'000'000;

// A pool of two connections, both busy, six requests waiting all through the window, and a
// workload of eight at a time with no rate cap.
ExhaustionRules::Facts starved()
{
    ExhaustionRules::Facts f;
    f.maxConnections = 2;
    f.open = 2;
    f.inUse = 2;
    f.waiting = 6;
    f.oldestWaitNs = 40 * Ms;
    f.windowS = 5;
    f.busyShare = 1;
    f.acquiresPerS = 300;
    f.workloadKnown = true;
    f.concurrency = 8;
    f.meanHoldNs = 6.5 * Ms;
    f.medianHeldNs = 3 * Ms;
    f.usualHoldNs = 6 * Ms;
    return f;
}

SettingsRules::Facts quiet()
{
    SettingsRules::Facts f;
    f.settings.host = u"127.0.0.1"_s;
    f.settings.port = 4000;
    f.settings.maxConnections = 8;
    f.settings.minIdle = 2;
    f.settings.idleTimeoutMs = 30'000;
    f.settings.maxLifetimeMs = 120'000;
    f.settings.acquireTimeoutMs = 5'000;
    f.windowS = 30;
    f.holds = 3'000;
    f.p99HoldNs = 9 * Ms;
    f.peakInUse = 2;
    f.observedS = 30;
    return f;
}

const SettingsRules::Warning *find(const QList<SettingsRules::Warning> &warnings,
                                   SettingsRules::Kind kind)
{
    for (const SettingsRules::Warning &w : warnings) {
        if (w.kind == kind)
            return &w;
    }
    return nullptr;
}

FailureRules::Facts failing(RequestError error, quint64 failed, quint64 completed)
{
    FailureRules::Facts f;
    f.windowS = 15;
    f.completed = completed;
    f.failedBy[size_t(error)] = failed;
    f.messages[size_t(error)] = u"what it said"_s;
    return f;
}

PoolSnapshot snapshotAt(qint64 timeNs, quint64 holds, qint64 holdNs)
{
    PoolSnapshot s;
    s.timeNs = timeNs;
    s.stats.acquisitions = holds;
    for (quint64 i = 0; i < holds; ++i)
        s.stats.holdTime.record(holdNs);
    return s;
}

PoolEvent leaseEvent(EventKind kind, qint64 timeNs, qint64 holdNs = 0)
{
    PoolEvent e;
    e.kind = kind;
    e.timeNs = timeNs;
    e.connectionId = 1;
    e.holdNs = holdNs;
    return e;
}

PoolEvent idleClose(qint64 timeNs, qint64 idleNs)
{
    PoolEvent e;
    e.kind = EventKind::Evicted;
    e.reason = EvictionReason::PeerClosed;
    e.timeNs = timeNs;
    e.idleNs = idleNs;
    return e;
}

} // namespace

class tst_DiagnosisRules : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void poolTooSmallNeedsTheConcurrency();
    void theRateCapBoundsTheArrivalRate();
    void slowBackendComparesWithTheUsualHold();
    void dialsFailingComeFirst();
    void stuckLeasesAreHeldTooLong();
    void noExhaustionStillSizesThePool();
    void acquireTimeoutsAloneAreExhaustion();
    void sentencesCarryTheNumbers();
    void idleTimeoutAboveTheCutoff();
    void minIdleTheServerKeepsClosing();
    void lifetimeTooShort();
    void acquireTimeoutBelowTheHold();
    void maxConnectionsFarAboveThePeak();
    void defaultsRaiseNoWarning();
    void roundUpToOneTwoFive();
    void protocolMismatchProposesTheServersProtocol();
    void requestTimeoutsOnTheBlackhole();
    void fewOrForeignFailuresAreNoBanner();
    void historyAgreesOnAnIdleCutoff();
    void historyIgnoresARestartsCloses();
    void historyMakesRatesFromSnapshots();
    void historyCountsFailuresByClass();
    void outageTimeoutsAreNoExhaustion();
    void neverTooSmallUnderMaxConnections();
    void historyLeavesOutClosesAroundRestarts();
    void peakInUseCountsEveryLease();
    void slowBackendNeverSaysTheSameFigureTwice();
    void poolTooSmallProposesMaxConnections();
    void idleFixAppliesWhatItsLabelSays();
    void aFixKeepsTheOtherWarnings();
    void waitersAtAFullPoolAreNeverNoExhaustion();
};

void tst_DiagnosisRules::poolTooSmallNeedsTheConcurrency()
{
    const auto v = ExhaustionRules::decide(starved());
    QCOMPARE(v.cause, ExhaustionRules::Cause::PoolTooSmall);
    QVERIFY(v.arrivalOffered);
    // Eight at a time, each holding 6.5 ms: 1230 requests/s, 8 connections.
    QCOMPARE(qRound(v.arrivalPerS), 1231);
    QCOMPARE(v.neededConnections, 8.0);
    QCOMPARE(v.maxConnections, 2);
}

void tst_DiagnosisRules::theRateCapBoundsTheArrivalRate()
{
    ExhaustionRules::Facts f = starved();
    f.rateCapPerS = 100;
    auto v = ExhaustionRules::decide(f);
    QCOMPARE(v.arrivalPerS, 100.0);
    QCOMPARE(v.neededConnections, 0.65);
    // With no workload of its own, the acquires seen.
    f.workloadKnown = false;
    v = ExhaustionRules::decide(f);
    QVERIFY(!v.arrivalOffered);
    QCOMPARE(v.arrivalPerS, 300.0);
}

void tst_DiagnosisRules::slowBackendComparesWithTheUsualHold()
{
    ExhaustionRules::Facts f = starved();
    f.rateCapPerS = 100;
    f.meanHoldNs = 200 * Ms;
    const auto v = ExhaustionRules::decide(f);
    QCOMPARE(v.cause, ExhaustionRules::Cause::SlowBackend);
    // 8 at a time at 200 ms is 40/s, under the cap: 8 connections; at the usual 6 ms the cap
    // holds it to 100/s: 0.6.
    QCOMPARE(v.arrivalPerS, 40.0);
    QCOMPARE(v.neededConnections, 8.0);
    QCOMPARE(v.neededAtUsualHold, 0.6);
    // Slower, but not three times: the pool is too small, not the backend slow (with no rate
    // cap the eight at a time need eight connections).
    f.rateCapPerS = 0;
    f.meanHoldNs = 15 * Ms;
    QCOMPARE(ExhaustionRules::decide(f).cause, ExhaustionRules::Cause::PoolTooSmall);
    // Three times a tiny hold is still fast.
    f.usualHoldNs = 1 * Ms;
    f.meanHoldNs = 5 * Ms;
    QCOMPARE(ExhaustionRules::decide(f).cause, ExhaustionRules::Cause::PoolTooSmall);
    // Much slower, but at the usual speed the same eight at a time needed eight too: the pool
    // was too small before the backend slowed.
    f.meanHoldNs = 200 * Ms;
    QCOMPARE(ExhaustionRules::decide(f).cause, ExhaustionRules::Cause::PoolTooSmall);
    // Nothing came back (every lease stuck): those out say how long they take.
    f.rateCapPerS = 100;
    f.meanHoldNs = 0;
    f.medianHeldNs = 900 * Ms;
    QCOMPARE(ExhaustionRules::decide(f).cause, ExhaustionRules::Cause::SlowBackend);
}

void tst_DiagnosisRules::dialsFailingComeFirst()
{
    ExhaustionRules::Facts f = starved();
    f.open = 0;
    f.inUse = 0;
    f.consecutiveDialFailures = 4;
    f.lastDialError = DialError::Refused;
    f.meanHoldNs = 500 * Ms;
    QCOMPARE(ExhaustionRules::decide(f).cause, ExhaustionRules::Cause::DialsFailing);
    // A failure while every connection is open is not why they are all busy.
    f.open = 2;
    QVERIFY(ExhaustionRules::decide(f).cause != ExhaustionRules::Cause::DialsFailing);
}

void tst_DiagnosisRules::stuckLeasesAreHeldTooLong()
{
    ExhaustionRules::Facts f = starved();
    f.maxConnections = 4;
    f.inUse = 4;
    f.rateCapPerS = 100;
    f.longHolders = 3;
    QCOMPARE(ExhaustionRules::longHoldNs(f), 1'000 * Ms); // at least a second
    // The one connection left serves 0.6 connections' worth: the stuck ones took the room.
    QCOMPARE(ExhaustionRules::decide(f).cause, ExhaustionRules::Cause::LeasesHeldTooLong);
    // All four stuck: the load would fit if they came back.
    f.longHolders = 4;
    QCOMPARE(ExhaustionRules::decide(f).cause, ExhaustionRules::Cause::LeasesHeldTooLong);
    // Eight at a time with no rate cap would not fit in four either way.
    f.rateCapPerS = 0;
    QCOMPARE(ExhaustionRules::decide(f).cause, ExhaustionRules::Cause::PoolTooSmall);
    f.rateCapPerS = 100;
    f.usualHoldNs = 500 * Ms;
    QCOMPARE(ExhaustionRules::longHoldNs(f), 5'000 * Ms);
}

void tst_DiagnosisRules::noExhaustionStillSizesThePool()
{
    ExhaustionRules::Facts f = starved();
    f.maxConnections = 8;
    f.waiting = 0;
    f.busyShare = 0.2;
    f.rateCapPerS = 100;
    const auto v = ExhaustionRules::decide(f);
    QCOMPARE(v.cause, ExhaustionRules::Cause::None);
    QVERIFY(!v.exhausted());
    QCOMPARE(v.neededConnections, 0.65);
}

void tst_DiagnosisRules::acquireTimeoutsAloneAreExhaustion()
{
    ExhaustionRules::Facts f = starved();
    f.busyShare = 0;
    f.waiting = 0;
    f.acquireTimeouts = 3;
    QCOMPARE(ExhaustionRules::decide(f).cause, ExhaustionRules::Cause::PoolTooSmall);
}

void tst_DiagnosisRules::sentencesCarryTheNumbers()
{
    ExhaustionRules::Facts f = starved();
    f.rateCapPerS = 100;
    f.meanHoldNs = 200 * Ms;
    const auto v = ExhaustionRules::decide(f);
    const QString sentence = DiagnosisText::exhaustion(v, f);
    QVERIFY2(sentence.startsWith(u"Slow backend: a lease is now held 200 ms"_s),
             qPrintable(sentence));
    QVERIFY2(sentence.contains(u"6 waiting, the oldest for 40.0 ms"_s), qPrintable(sentence));
    const QString little = DiagnosisText::littlesLaw(v, f);
    QCOMPARE(little,
             u"Little's law: 40 requests/s (offered: 8 at a time) × 200 ms mean "
             "hold = 8.0 connections needed; max connections is 2."_s);
    QCOMPARE(DiagnosisText::queue(6, 40 * Ms),
             u"Waiting for a connection: 6, the oldest for 40.0 ms."_s);
}

void tst_DiagnosisRules::idleTimeoutAboveTheCutoff()
{
    SettingsRules::Facts f = quiet();
    QVERIFY(!find(SettingsRules::check(f), SettingsRules::Kind::IdleTimeoutAboveCutoff));
    f.observedCutoffNs = 1'004 * Ms;
    const auto warnings = SettingsRules::check(f);
    const auto *w = find(warnings, SettingsRules::Kind::IdleTimeoutAboveCutoff);
    QVERIFY(w);
    QCOMPARE(w->observed, 1'004);
    QCOMPARE(w->proposed, 800); // four fifths, 803, down to 10 ms
    QVERIFY(!w->probed);
    QCOMPARE(SettingsRules::apply(*w, f.settings).idleTimeoutMs, 800);
    QCOMPARE(DiagnosisText::fixLabel(*w), u"Set idle timeout to 800 ms"_s);
    // The finder's cutoff, when there is one, is the better measure.
    f.probedCutoffMs = 900;
    w = find(SettingsRules::check(f), SettingsRules::Kind::IdleTimeoutAboveCutoff);
    QVERIFY(w && w->probed);
    QCOMPARE(w->proposed, 720);
    // Under the cutoff: nothing to say.
    f.settings.idleTimeoutMs = 700;
    QVERIFY(!find(SettingsRules::check(f), SettingsRules::Kind::IdleTimeoutAboveCutoff));
}

void tst_DiagnosisRules::minIdleTheServerKeepsClosing()
{
    SettingsRules::Facts f = quiet();
    f.observedCutoffNs = 1'000 * Ms;
    f.serverIdleCloses = 2;
    QVERIFY(!find(SettingsRules::check(f), SettingsRules::Kind::MinIdleClosedByServer));
    f.serverIdleCloses = 6;
    const auto *w = find(SettingsRules::check(f), SettingsRules::Kind::MinIdleClosedByServer);
    QVERIFY(w);
    QCOMPARE(w->observed, 6);
    QCOMPARE(w->among, 1'000);
    QCOMPARE(SettingsRules::apply(*w, f.settings).minIdle, 0);
    QVERIFY(DiagnosisText::warningReason(*w).contains(u"exempt from the idle timeout"_s));
    f.settings.minIdle = 0;
    QVERIFY(!find(SettingsRules::check(f), SettingsRules::Kind::MinIdleClosedByServer));
}

void tst_DiagnosisRules::lifetimeTooShort()
{
    SettingsRules::Facts f = quiet();
    f.settings.maxLifetimeMs = 900;
    f.windowS = 10;
    f.closes = 24;
    f.lifetimeCloses = 22;
    const auto *w = find(SettingsRules::check(f), SettingsRules::Kind::LifetimeTooShort);
    QVERIFY(w);
    QCOMPARE(w->perS, 2.2);
    QCOMPARE(w->proposed, 120'000);
    QCOMPARE(SettingsRules::apply(*w, f.settings).maxLifetimeMs, 120'000);
    // Lifetime closes that are most closes but rare are what a lifetime is for.
    f.windowS = 600;
    QVERIFY(!find(SettingsRules::check(f), SettingsRules::Kind::LifetimeTooShort));
    // Many, but most closes are something else.
    f.windowS = 10;
    f.closes = 60;
    QVERIFY(!find(SettingsRules::check(f), SettingsRules::Kind::LifetimeTooShort));
}

void tst_DiagnosisRules::acquireTimeoutBelowTheHold()
{
    SettingsRules::Facts f = quiet();
    f.settings.acquireTimeoutMs = 10;
    f.p99HoldNs = 53 * Ms;
    const auto *w = find(SettingsRules::check(f), SettingsRules::Kind::AcquireTimeoutBelowHold);
    QVERIFY(w);
    QCOMPARE(w->observed, 53);
    QCOMPARE(w->proposed, 200);
    // Too few holds to know a p99; and 0 is "fail at once", a choice.
    f.holds = 5;
    QVERIFY(!find(SettingsRules::check(f), SettingsRules::Kind::AcquireTimeoutBelowHold));
    f.holds = 3'000;
    f.settings.acquireTimeoutMs = 0;
    QVERIFY(!find(SettingsRules::check(f), SettingsRules::Kind::AcquireTimeoutBelowHold));
}

void tst_DiagnosisRules::maxConnectionsFarAboveThePeak()
{
    SettingsRules::Facts f = quiet();
    f.settings.maxConnections = 50;
    const auto *w = find(SettingsRules::check(f), SettingsRules::Kind::MaxConnectionsUnused);
    QVERIFY(w);
    QCOMPARE(w->observed, 2);
    QCOMPARE(w->proposed, 4);
    QCOMPARE(SettingsRules::apply(*w, f.settings).maxConnections, 4);
    // Not before the workload ran a while under these settings.
    f.observedS = 5;
    QVERIFY(!find(SettingsRules::check(f), SettingsRules::Kind::MaxConnectionsUnused));
    // Min idle keeps its connections.
    f.observedS = 30;
    f.settings.minIdle = 6;
    QCOMPARE(find(SettingsRules::check(f), SettingsRules::Kind::MaxConnectionsUnused)->proposed, 6);
}

void tst_DiagnosisRules::defaultsRaiseNoWarning()
{
    // The window's defaults at its default workload: max 8 with two in use is room, not waste.
    QVERIFY(SettingsRules::check(quiet()).isEmpty());
}

void tst_DiagnosisRules::roundUpToOneTwoFive()
{
    QCOMPARE(SettingsRules::roundUp(0), 1);
    QCOMPARE(SettingsRules::roundUp(1), 1);
    QCOMPARE(SettingsRules::roundUp(3), 5);
    QCOMPARE(SettingsRules::roundUp(10), 10);
    QCOMPARE(SettingsRules::roundUp(11), 20);
    QCOMPARE(SettingsRules::roundUp(106), 200);
    QCOMPARE(SettingsRules::roundUp(20'001), 50'000);
}

void tst_DiagnosisRules::protocolMismatchProposesTheServersProtocol()
{
    FailureRules::Facts f = failing(RequestError::ProtocolError, 404, 404);
    f.protocol = ProtocolKind::Redis;
    f.answers[size_t(RequestError::ProtocolError)] = AnswerKind::Http;
    auto v = FailureRules::decide(f);
    QVERIFY(v.failing());
    QCOMPARE(v.error, RequestError::ProtocolError);
    QCOMPARE(v.fix, FailureRules::Fix::ChooseProtocol);
    QCOMPARE(v.protocol, ProtocolKind::Http);
    QCOMPARE(DiagnosisText::fixLabel(v), u"Choose protocol http"_s);
    QCOMPARE(DiagnosisText::failure(v, f),
             u"Requests fail: 404 of 404 requests in the last 15 s failed (protocol error: the "
             "server answers in http, not redis)."_s);
    // A TLS answer to a plain client.
    f.answers[size_t(RequestError::ProtocolError)] = AnswerKind::Tls;
    QCOMPARE(FailureRules::decide(f).fix, FailureRules::Fix::UseTls);
    // Nothing recognisable: no fix to offer.
    f.answers[size_t(RequestError::ProtocolError)] = AnswerKind::Unknown;
    QCOMPARE(FailureRules::decide(f).fix, FailureRules::Fix::None);
}

void tst_DiagnosisRules::requestTimeoutsOnTheBlackhole()
{
    FailureRules::Facts f = failing(RequestError::RequestTimeout, 8, 8);
    f.requestTimeoutMs = 1'000;
    f.targetsLab = true;
    f.labBlackhole = true;
    auto v = FailureRules::decide(f);
    QCOMPARE(v.error, RequestError::RequestTimeout);
    QCOMPARE(v.fix, FailureRules::Fix::LabBlackholeOff);
    QVERIFY(DiagnosisText::failure(v, f).contains(u"no complete response within the 1 s request "
                                                  "timeout"_s));
    f.targetsLab = false;
    QCOMPARE(FailureRules::decide(f).fix, FailureRules::Fix::RunProbe);
}

void tst_DiagnosisRules::fewOrForeignFailuresAreNoBanner()
{
    // Two failures, or 5 % of the requests, are not worth a banner.
    QVERIFY(!FailureRules::decide(failing(RequestError::ErrorReply, 2, 10)).failing());
    QVERIFY(!FailureRules::decide(failing(RequestError::ErrorReply, 50, 1'000)).failing());
    QVERIFY(FailureRules::decide(failing(RequestError::ErrorReply, 150, 1'000)).failing());
    // Dial failures and acquire timeouts have their own banner and diagnosis.
    QVERIFY(!FailureRules::decide(failing(RequestError::Refused, 100, 100)).failing());
    QVERIFY(!FailureRules::decide(failing(RequestError::AcquireTimeout, 100, 100)).failing());
}

void tst_DiagnosisRules::historyAgreesOnAnIdleCutoff()
{
    FeedHistory history;
    SessionProfile profile = SessionProfile::embeddedDefault();
    profile.pool.host = u"127.0.0.1"_s;
    profile.pool.port = 4000;
    history.setProfile(profile);
    history.addSnapshot(snapshotAt(1'000 * Ms, 0, 0));
    // A server that closes connections idle for a second, one cycle after another.
    history.addEvents({idleClose(2'000 * Ms, 1'003 * Ms), idleClose(2'001 * Ms, 1'004 * Ms)});
    QCOMPARE(history.settingsFacts().observedCutoffNs, 0); // two are no pattern yet
    history.addEvents({idleClose(3'010 * Ms, 1'005 * Ms), idleClose(3'011 * Ms, 1'006 * Ms)});
    const SettingsRules::Facts facts = history.settingsFacts();
    QCOMPARE(facts.observedCutoffNs, 1'003 * Ms);
    QCOMPARE(facts.serverIdleCloses, 4);
    const auto warnings = SettingsRules::check(facts);
    QVERIFY(find(warnings, SettingsRules::Kind::IdleTimeoutAboveCutoff));
    QVERIFY(find(warnings, SettingsRules::Kind::MinIdleClosedByServer));
    // New settings count closes afresh; the server's cutoff stays known.
    profile.pool.minIdle = 0;
    history.setProfile(profile);
    QCOMPARE(history.settingsFacts().serverIdleCloses, 0);
    QCOMPARE(history.settingsFacts().observedCutoffNs, 1'003 * Ms);
    // Another target is another server.
    profile.pool.port = 4001;
    history.setProfile(profile);
    QCOMPARE(history.settingsFacts().observedCutoffNs, 0);
}

void tst_DiagnosisRules::historyIgnoresARestartsCloses()
{
    FeedHistory history;
    history.setProfile(SessionProfile::embeddedDefault());
    // A restart closes every idle connection at one moment, idle for as long as each was.
    history.addEvents({idleClose(5'000 * Ms, 4'000 * Ms), idleClose(5'000 * Ms, 4'100 * Ms),
                       idleClose(5'001 * Ms, 4'200 * Ms), idleClose(5'001 * Ms, 4'050 * Ms)});
    QCOMPARE(history.settingsFacts().observedCutoffNs, 0);
}

void tst_DiagnosisRules::historyMakesRatesFromSnapshots()
{
    FeedHistory history;
    SessionProfile profile = SessionProfile::embeddedDefault();
    profile.pool.maxConnections = 2;
    history.setProfile(profile);
    history.setWorkloadRunning(true);
    // Four seconds of leases held 5 ms, then the backend slows to 200 ms.
    quint64 holds = 0;
    PoolSnapshot s = snapshotAt(0, 0, 0);
    for (int tenth = 1; tenth <= 40; ++tenth) {
        for (int i = 0; i < 10; ++i)
            s.stats.holdTime.record(5 * Ms);
        holds += 10;
        s.stats.acquisitions = holds;
        s.timeNs = tenth * 100 * Ms;
        history.addSnapshot(s);
    }
    QCOMPARE(qRound(history.exhaustionFacts().usualHoldNs / 1e5), 50);
    QCOMPARE(qRound(history.exhaustionFacts().acquiresPerS), 100);
    for (int tenth = 41; tenth <= 100; ++tenth) {
        s.stats.holdTime.record(200 * Ms);
        s.stats.acquisitions = ++holds;
        s.stats.inUse = 2;
        s.stats.waiting = 6;
        s.stats.oldestWaiterSinceNs = tenth * 100 * Ms - 150 * Ms;
        s.timeNs = tenth * 100 * Ms;
        history.addSnapshot(s);
    }
    const ExhaustionRules::Facts f = history.exhaustionFacts();
    QCOMPARE(f.busyShare, 1.0);
    QCOMPARE(f.oldestWaitNs, 150 * Ms);
    QCOMPARE(qRound(f.meanHoldNs / 1e6), 200);
    QCOMPARE(qRound(f.usualHoldNs / 1e5), 50);
    QCOMPARE(ExhaustionRules::decide(f).cause, ExhaustionRules::Cause::SlowBackend);
}

void tst_DiagnosisRules::historyCountsFailuresByClass()
{
    FeedHistory history;
    history.setProfile(SessionProfile::embeddedDefault());
    LoadProgress p;
    for (int i = 1; i <= 8; ++i) {
        p.timeNs = i * 250 * Ms;
        p.intervalNs = 250 * Ms;
        p.intervalCompleted = 25;
        p.completed += 25;
        p.errors[size_t(RequestError::ProtocolError)] += 25;
        p.lastError = RequestError::ProtocolError;
        p.lastErrorMessage = u"not a RESP reply"_s;
        p.lastErrorAnswer = AnswerKind::Http;
        history.addProgress(p);
    }
    FailureRules::Facts f = history.failureFacts();
    QCOMPARE(f.completed, 200u);
    QCOMPARE(f.failedBy[size_t(RequestError::ProtocolError)], 200u);
    QCOMPARE(f.messages[size_t(RequestError::ProtocolError)], u"not a RESP reply"_s);
    QCOMPARE(f.answers[size_t(RequestError::ProtocolError)], AnswerKind::Http);
    // A change of settings (a fix) starts the count again.
    SessionProfile other = SessionProfile::embeddedDefault();
    other.load.protocol.kind = ProtocolKind::Redis;
    history.setProfile(other);
    QCOMPARE(history.failureFacts().completed, 0u);
}

namespace {

// A pool of 8 at the default workload: 100 requests/s of 7.6 ms on two connections. Each call
// adds a tenth of a second.
struct Lesson
{
    Lesson()
    {
        SessionProfile profile = SessionProfile::embeddedDefault();
        history.setProfile(profile);
        history.setWorkloadRunning(true);
        snapshot.stats.open = 2;
    }
    void tenth(int leases = 10)
    {
        for (int i = 0; i < leases; ++i)
            snapshot.stats.holdTime.record(7'600'000);
        snapshot.stats.acquisitions += quint64(leases);
        snapshot.timeNs += 100 * Ms;
        history.addSnapshot(snapshot);
    }
    ExhaustionRules::Verdict verdict() const
    {
        return ExhaustionRules::decide(history.exhaustionFacts());
    }

    FeedHistory history;
    PoolSnapshot snapshot;
};

} // namespace

void tst_DiagnosisRules::outageTimeoutsAreNoExhaustion()
{
    Lesson l;
    for (int i = 0; i < 40; ++i)
        l.tenth();
    // A restart with 5 s down: no connection, dials refused, waiters queued.
    l.snapshot.stats.open = 0;
    l.snapshot.stats.waiting = 2;
    l.snapshot.stats.lastDialError = DialError::Refused;
    for (int i = 0; i < 50; ++i) {
        l.snapshot.stats.consecutiveDialFailures = 1 + i / 5;
        l.snapshot.stats.dialFailures += i % 5 == 0 ? 1 : 0;
        l.tenth(0);
        QVERIFY(l.verdict().cause != ExhaustionRules::Cause::PoolTooSmall);
    }
    // Back: dials succeed, the load is served; the waiters of the outage time out now, their
    // 5 s up.
    l.snapshot.stats.open = 2;
    l.snapshot.stats.waiting = 0;
    l.snapshot.stats.consecutiveDialFailures = 0;
    for (int i = 0; i < 60; ++i) {
        if (i == 5)
            l.snapshot.stats.acquireTimeouts += 2;
        l.tenth();
        const ExhaustionRules::Verdict v = l.verdict();
        QVERIFY2(v.neededConnections < 1, qPrintable(QString::number(v.neededConnections)));
        QCOMPARE(v.cause, ExhaustionRules::Cause::None);
    }
    // Timeouts with no outage near them are exhaustion, though.
    ExhaustionRules::Facts f = l.history.exhaustionFacts();
    f.sinceDialFailureNs = -1;
    f.acquireTimeouts = 2;
    f.concurrency = 16;
    f.rateCapPerS = 0;
    f.maxConnections = 8;
    QCOMPARE(ExhaustionRules::decide(f).cause, ExhaustionRules::Cause::PoolTooSmall);
}

void tst_DiagnosisRules::neverTooSmallUnderMaxConnections()
{
    // Waiters at a full pool all through the window, acquires timing out, but the load needs
    // 0.65 of the two connections: whatever makes them wait, it is not the pool's size.
    ExhaustionRules::Facts f = starved();
    f.rateCapPerS = 100;
    f.acquireTimeouts = 3;
    const auto v = ExhaustionRules::decide(f);
    QCOMPARE(v.neededConnections, 0.65);
    QVERIFY(v.cause != ExhaustionRules::Cause::PoolTooSmall);
    QCOMPARE(v.proposedMaxConnections, 0);
}

void tst_DiagnosisRules::historyLeavesOutClosesAroundRestarts()
{
    // Three restarts 16 s apart: each closes the two idle connections, idle since the restart
    // before, at one moment. Before the news of a restart or after it.
    FeedHistory restarted;
    FeedHistory unaware;
    SessionProfile profile = SessionProfile::embeddedDefault();
    restarted.setProfile(profile);
    unaware.setProfile(profile);
    for (int restart = 1; restart <= 3; ++restart) {
        const qint64 t = restart * 16'000 * Ms;
        const QList<PoolEvent> closes{idleClose(t + 2 * Ms, 15'900 * Ms),
                                      idleClose(t + 3 * Ms, 15'950 * Ms)};
        for (FeedHistory *h : {&restarted, &unaware})
            h->addSnapshot(snapshotAt(t, 0, 0));
        if (restart == 2) {
            restarted.addEvents(closes);
            restarted.noteServerRestart();
        } else {
            restarted.noteServerRestart();
            restarted.addEvents(closes);
        }
        unaware.addEvents(closes);
    }
    // Read as closes alone, they agree on a cutoff of 15.9 s.
    QCOMPARE(unaware.settingsFacts().observedCutoffNs, 15'900 * Ms);
    const SettingsRules::Facts facts = restarted.settingsFacts();
    QCOMPARE(facts.observedCutoffNs, 0);
    QCOMPARE(facts.serverIdleCloses, 0);
    QVERIFY(SettingsRules::check(facts).isEmpty());
    // A server's idle cutoff seen later still counts.
    for (int i = 0; i < 3; ++i) {
        const qint64 t = (60'000 + i * 1'200) * Ms;
        restarted.addSnapshot(snapshotAt(t, 0, 0));
        restarted.addEvents({idleClose(t, 1'000 * Ms)});
    }
    QCOMPARE(restarted.settingsFacts().observedCutoffNs, 1'000 * Ms);
}

void tst_DiagnosisRules::peakInUseCountsEveryLease()
{
    // One request a second, each holding its connection 7 ms: no snapshot ever sees it.
    Lesson l;
    for (int i = 0; i < 200; ++i) {
        if (i % 10 == 3) {
            const qint64 t = l.snapshot.timeNs + 20 * Ms;
            l.history.addEvents({leaseEvent(EventKind::Acquired, t),
                                 leaseEvent(EventKind::Released, t + 7 * Ms, 7 * Ms)});
        }
        l.tenth(i % 10 == 3 ? 1 : 0);
    }
    const SettingsRules::Facts facts = l.history.settingsFacts();
    QCOMPARE(facts.peakInUse, 1);
    // Max 8 for a peak of 1 is room, not waste (4 times, but not 8 more).
    QVERIFY(!find(SettingsRules::check(facts), SettingsRules::Kind::MaxConnectionsUnused));
    const ExhaustionRules::Facts now = l.history.exhaustionFacts();
    QCOMPARE(now.peakInUse, 1);
    const QString health = DiagnosisText::health(ExhaustionRules::decide(now), now);
    QVERIFY2(health.startsWith(u"No exhaustion: at most 1 of 8 connections in use at once"_s),
             qPrintable(health));
}

void tst_DiagnosisRules::slowBackendNeverSaysTheSameFigureTwice()
{
    ExhaustionRules::Facts f = starved();
    f.maxConnections = 8;
    f.usualHoldNs = 7.08 * Ms;
    f.meanHoldNs = 205 * Ms;
    ExhaustionRules::Verdict v;
    v.cause = ExhaustionRules::Cause::SlowBackend;
    v.holdNs = f.meanHoldNs;
    v.maxConnections = 8;
    v.neededConnections = 16;
    v.neededAtUsualHold = 16;
    QString sentence = DiagnosisText::exhaustion(v, f);
    QVERIFY2(sentence.contains(u"so 16 connections are needed (max 8);"_s), qPrintable(sentence));
    QVERIFY2(!sentence.contains(u"instead of"_s), qPrintable(sentence));
    v.neededAtUsualHold = 0.71;
    sentence = DiagnosisText::exhaustion(v, f);
    QVERIFY2(sentence.contains(u"so 16 connections are needed instead of 0.71 (max 8);"_s),
             qPrintable(sentence));
    // Sixteen at a time with no rate cap need sixteen at the usual speed too: the pool, not
    // the backend, is why they wait.
    f.concurrency = 16;
    f.rateCapPerS = 0;
    QCOMPARE(ExhaustionRules::decide(f).cause, ExhaustionRules::Cause::PoolTooSmall);
}

void tst_DiagnosisRules::poolTooSmallProposesMaxConnections()
{
    // Eight at a time need eight: a quarter more would be connections nobody takes.
    ExhaustionRules::Facts f = starved();
    auto v = ExhaustionRules::decide(f);
    QCOMPARE(v.cause, ExhaustionRules::Cause::PoolTooSmall);
    QCOMPARE(v.proposedMaxConnections, 8);
    QCOMPARE(DiagnosisText::sizingFixLabel(v), u"Set max connections to 8"_s);
    // With no workload of its own: 300/s × 6.5 ms = 1.95, and a quarter more.
    f.workloadKnown = false;
    f.maxConnections = 1;
    v = ExhaustionRules::decide(f);
    QCOMPARE(v.proposedMaxConnections, 3);
    // Never past the cap.
    f.acquiresPerS = 1e6;
    QCOMPARE(ExhaustionRules::decide(f).proposedMaxConnections,
             ExhaustionRules::MaxProposedConnections);
    // Another cause has no sizing fix.
    f = starved();
    f.rateCapPerS = 100;
    f.meanHoldNs = 200 * Ms;
    v = ExhaustionRules::decide(f);
    QCOMPARE(v.cause, ExhaustionRules::Cause::SlowBackend);
    QCOMPARE(DiagnosisText::sizingFixLabel(v), QString());
}

void tst_DiagnosisRules::idleFixAppliesWhatItsLabelSays()
{
    SettingsRules::Facts f = quiet();
    for (const qint64 cutoffMs : {999, 1'004, 4'321, 15'950, 16'000, 333'333}) {
        f.observedCutoffNs = cutoffMs * Ms;
        const auto *w = find(SettingsRules::check(f), SettingsRules::Kind::IdleTimeoutAboveCutoff);
        if (f.settings.idleTimeoutMs < cutoffMs) {
            QVERIFY(!w);
            continue;
        }
        QVERIFY(w);
        const qint64 applied = SettingsRules::apply(*w, f.settings).idleTimeoutMs;
        QVERIFY(applied < cutoffMs);
        QCOMPARE(DiagnosisText::fixLabel(*w),
                 u"Set idle timeout to "_s + DiagnosisText::settingMs(applied));
    }
    f.observedCutoffNs = 15'950 * Ms;
    const auto *w = find(SettingsRules::check(f), SettingsRules::Kind::IdleTimeoutAboveCutoff);
    QCOMPARE(DiagnosisText::fixLabel(*w), u"Set idle timeout to 12.7 s"_s);
    QCOMPARE(SettingsRules::apply(*w, f.settings).idleTimeoutMs, 12'700);
    f.observedCutoffNs = 999 * Ms;
    w = find(SettingsRules::check(f), SettingsRules::Kind::IdleTimeoutAboveCutoff);
    QCOMPARE(DiagnosisText::fixLabel(*w), u"Set idle timeout to 790 ms"_s);
    QCOMPARE(SettingsRules::apply(*w, f.settings).idleTimeoutMs, 790);
    // Words never round a value a setting holds.
    QCOMPARE(DiagnosisText::settingMs(12'760), u"12760 ms"_s);
    QCOMPARE(DiagnosisText::settingMs(12'700), u"12.7 s"_s);
    QCOMPARE(DiagnosisText::settingMs(5'000), u"5 s"_s);
    QCOMPARE(DiagnosisText::settingMs(120'000), u"2 min"_s);
}

void tst_DiagnosisRules::aFixKeepsTheOtherWarnings()
{
    FeedHistory history;
    SessionProfile profile = SessionProfile::embeddedDefault();
    history.setProfile(profile);
    history.addSnapshot(snapshotAt(1'000 * Ms, 0, 0));
    for (int i = 0; i < 4; ++i)
        history.addEvents({idleClose((2'000 + i * 1'100) * Ms, 1'000 * Ms)});
    auto warnings = SettingsRules::check(history.settingsFacts());
    const auto *idle = find(warnings, SettingsRules::Kind::IdleTimeoutAboveCutoff);
    QVERIFY(idle);
    QVERIFY(find(warnings, SettingsRules::Kind::MinIdleClosedByServer));
    // The idle timeout's fix does nothing for min idle's connections: its warning stays.
    profile.pool = SettingsRules::apply(*idle, profile.pool);
    history.setProfile(profile);
    warnings = SettingsRules::check(history.settingsFacts());
    QVERIFY(!find(warnings, SettingsRules::Kind::IdleTimeoutAboveCutoff));
    QVERIFY(find(warnings, SettingsRules::Kind::MinIdleClosedByServer));
    // Its own fix resolves it.
    profile.pool.minIdle = 0;
    history.setProfile(profile);
    QVERIFY(SettingsRules::check(history.settingsFacts()).isEmpty());
}

void tst_DiagnosisRules::waitersAtAFullPoolAreNeverNoExhaustion()
{
    // Max connections lowered to 2 under eight at a time: the window still holds the calm
    // seconds before, but six wait at a full pool now.
    FeedHistory history;
    SessionProfile profile = SessionProfile::embeddedDefault();
    profile.load.concurrency = 8;
    profile.load.ratePerSecond = 0;
    history.setProfile(profile);
    history.setWorkloadRunning(true);
    PoolSnapshot s;
    for (int tenth = 1; tenth <= 50; ++tenth) {
        for (int i = 0; i < 10; ++i)
            s.stats.holdTime.record(7 * Ms);
        s.stats.acquisitions += 10;
        s.timeNs = tenth * 100 * Ms;
        history.addSnapshot(s);
    }
    profile.pool.maxConnections = 2;
    history.setProfile(profile);
    s.stats.inUse = 2;
    s.stats.waiting = 6;
    for (int tenth = 51; tenth <= 55; ++tenth) {
        s.stats.holdTime.record(7 * Ms);
        s.stats.acquisitions += 1;
        s.stats.oldestWaiterSinceNs = tenth * 100 * Ms - 20 * Ms;
        s.timeNs = tenth * 100 * Ms;
        history.addSnapshot(s);
    }
    const ExhaustionRules::Facts f = history.exhaustionFacts();
    QVERIFY(f.busyShare < ExhaustionRules::BusyShare);
    const auto v = ExhaustionRules::decide(f);
    QCOMPARE(v.cause, ExhaustionRules::Cause::PoolTooSmall);
    // A pool that serves its load on average, with a burst queued now, is not "no exhaustion".
    ExhaustionRules::Facts burst = starved();
    burst.maxConnections = 8;
    burst.rateCapPerS = 100;
    burst.busyShare = 0.1;
    burst.busyNow = true;
    const auto calm = ExhaustionRules::decide(burst);
    QVERIFY(!calm.exhausted());
    const QString health = DiagnosisText::health(calm, burst);
    QVERIFY2(!health.contains(u"No exhaustion"_s), qPrintable(health));
    QVERIFY2(health.contains(u"6 waiting"_s), qPrintable(health));
}

QTEST_GUILESS_MAIN(tst_DiagnosisRules)
#include "tst_diagnosisrules.moc"

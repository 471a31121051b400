#include "connectionpool.h"
#include "idlecutofffinder.h"
#include "labthread.h"
#include "poolsettings.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace Qt::StringLiterals;

// The idle-cutoff finder against the lab backend, whose idle knobs stand for a server's idle
// timeout (FIN) and a NAT that forgets a flow (silence); and what its result recommends.
class tst_IdleCutoffFinder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void idleCloseShowsAsFin();
    void silentDropShowsAsSilence();
    void nothingDropsWithinMaxIdle();
    void failsWhenNothingListens();
    void needsAProtocol();
    void stop();
    void recommendation_data();
    void recommendation();
    void lifetimeIsLeftAloneUnlessNearTheIdleTimeout();
    void minIdleStaysWhenKeepaliveHoldsTheFlow();
    void nothingToChangeStillSaysWhy();
    void boundsAreToldApart();
    void recommendedSettingsStopTheServersCloses();
    void notFoundRecommendsNothing();
};

namespace {

constexpr int Timeout = 60'000;

// A pool as the window starts it: min idle, a 30 s idle timeout, a 2 min lifetime, checks on.
PoolSettings windowPool()
{
    PoolSettings pool;
    pool.host = u"127.0.0.1"_s;
    pool.port = 5432;
    pool.minIdle = 2;
    pool.idleTimeoutMs = 30'000;
    pool.maxLifetimeMs = 120'000;
    return pool;
}

IdleCutoffResult found(IdleCutoffResult::Fate drop, qint64 lowerMs, qint64 upperMs)
{
    IdleCutoffResult r;
    r.outcome = IdleCutoffResult::Outcome::Found;
    r.drop = drop;
    r.cutoffMs = upperMs;
    r.lowerMs = lowerMs;
    r.upperMs = upperMs;
    return r;
}

ProbeSettings settingsFor(quint16 port, qint64 maxIdleMs)
{
    ProbeSettings s;
    s.host = u"127.0.0.1"_s;
    s.port = port;
    s.protocol = Protocol();
    s.maxIdleMs = maxIdleMs;
    return s;
}

IdleCutoffResult find(const ProbeSettings &settings)
{
    IdleCutoffFinder finder;
    QSignalSpy finished(&finder, &IdleCutoffFinder::finished);
    if (!finder.start(settings).isEmpty())
        return {};
    if (!finished.wait(Timeout) && finished.isEmpty())
        return {};
    return finished.constFirst().constFirst().value<IdleCutoffResult>();
}

} // namespace

void tst_IdleCutoffFinder::idleCloseShowsAsFin()
{
    LabThread lab;
    LabSettings labSettings;
    labSettings.idleCloseMs = 1000;
    QCOMPARE(lab.start(labSettings), QStringList());

    IdleCutoffFinder finder;
    QSignalSpy trials(&finder, &IdleCutoffFinder::trialFinished);
    QSignalSpy progress(&finder, &IdleCutoffFinder::progressChanged);
    QSignalSpy finished(&finder, &IdleCutoffFinder::finished);
    QCOMPARE(finder.start(settingsFor(lab.port(), 10'000)), QStringList());
    QVERIFY(finder.isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, Timeout);
    const IdleCutoffResult r = finder.result();

    QCOMPARE(r.outcome, IdleCutoffResult::Outcome::Found);
    QCOMPARE(r.drop, IdleCutoffResult::Fate::Fin);
    QVERIFY2(r.cutoffMs >= 900 && r.cutoffMs <= 1300, qPrintable(QString::number(r.cutoffMs)));
    QVERIFY(r.lowerMs <= r.cutoffMs);
    QVERIFY(r.upperMs - r.lowerMs <= 100);
    QCOMPARE(trials.size(), r.trials.size());
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.constLast().constFirst().toInt(), 100);
    // Against the window's pool: idle connections go before the server's cutoff, min idle
    // stops keeping connections past it, and the lifetime stays (the check is on already).
    const QJsonObject settings = r.recommendation(windowPool());
    QVERIFY(settings.value(u"idle_timeout_ms"_s).toInteger() < r.lowerMs);
    QCOMPARE(settings.value(u"min_idle"_s), QJsonValue(0));
    QVERIFY(!settings.contains(u"max_lifetime_ms"_s));
    QVERIFY(!settings.contains(u"check_before_reuse"_s));
    QVERIFY(!settings.contains(u"keepalive"_s));
    QVERIFY(r.sentence().contains(u"FIN"_s));
    // For a pool with the check off, it is turned on.
    PoolSettings unchecked = windowPool();
    unchecked.checkBeforeReuse = false;
    QVERIFY(r.recommendation(unchecked).value(u"check_before_reuse"_s).toBool());
}

void tst_IdleCutoffFinder::silentDropShowsAsSilence()
{
    LabThread lab;
    LabSettings labSettings;
    labSettings.silentDropMs = 1000;
    QCOMPARE(lab.start(labSettings), QStringList());

    const IdleCutoffResult r = find(settingsFor(lab.port(), 10'000));
    QCOMPARE(r.outcome, IdleCutoffResult::Outcome::Found);
    QCOMPARE(r.drop, IdleCutoffResult::Fate::Silence);
    QVERIFY2(r.cutoffMs >= 900 && r.cutoffMs <= 1300, qPrintable(QString::number(r.cutoffMs)));
    const QJsonObject settings = r.recommendation(windowPool());
    QVERIFY(settings.value(u"keepalive"_s).toBool());
    QVERIFY(settings.value(u"idle_timeout_ms"_s).toInteger() < 1000);
    QVERIFY(!settings.contains(u"check_before_reuse"_s));
    // Keepalive counts whole seconds: for a 1 s cutoff it cannot hold the flow, so min idle's
    // connections must not sit idle either.
    QCOMPARE(settings.value(u"min_idle"_s), QJsonValue(0));
    QVERIFY(lab.counters().silentDrops > 0);
}

void tst_IdleCutoffFinder::nothingDropsWithinMaxIdle()
{
    LabThread lab;
    QCOMPARE(lab.start(LabSettings()), QStringList());
    const IdleCutoffResult r = find(settingsFor(lab.port(), 1000));
    QCOMPARE(r.outcome, IdleCutoffResult::Outcome::NotFound);
    QCOMPARE(r.drop, IdleCutoffResult::Fate::Usable);
    QVERIFY(r.lowerMs >= 1000);
    QVERIFY(r.recommendation(windowPool()).isEmpty());
    for (const IdleCutoffResult::Trial &trial : r.trials)
        QCOMPARE(trial.fate, IdleCutoffResult::Fate::Usable);
}

void tst_IdleCutoffFinder::failsWhenNothingListens()
{
    quint16 port = 0;
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        port = server.serverPort();
    }
    const IdleCutoffResult r = find(settingsFor(port, 10'000));
    QCOMPARE(r.outcome, IdleCutoffResult::Outcome::Failed);
    QCOMPARE(r.failure.failure, ProbeFailure::Refused);
    QCOMPARE(r.sentence(), r.failure.sentence);
    QCOMPARE(r.toJson().value(u"failure"_s).toObject().value(u"failure"_s).toString(),
             u"refused"_s);
}

void tst_IdleCutoffFinder::needsAProtocol()
{
    IdleCutoffFinder finder;
    ProbeSettings settings = settingsFor(8080, 10'000);
    settings.protocol.reset();
    const QStringList errors = finder.start(settings);
    QCOMPARE(errors.size(), 1);
    QVERIFY(errors.constFirst().startsWith(u"idle-cutoff: needs a protocol"_s));
    QVERIFY(!finder.isRunning());
}

void tst_IdleCutoffFinder::stop()
{
    LabThread lab;
    QCOMPARE(lab.start(LabSettings()), QStringList());
    IdleCutoffFinder finder;
    QSignalSpy trials(&finder, &IdleCutoffFinder::trialFinished);
    QSignalSpy finished(&finder, &IdleCutoffFinder::finished);
    QCOMPARE(finder.start(settingsFor(lab.port(), 600'000)), QStringList());
    QTRY_VERIFY_WITH_TIMEOUT(!trials.isEmpty(), Timeout);
    finder.stop();
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finder.result().outcome, IdleCutoffResult::Outcome::Stopped);
    QVERIFY(!finder.isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(lab.counters().open, 0, Timeout);
}

void tst_IdleCutoffFinder::recommendation_data()
{
    QTest::addColumn<IdleCutoffResult::Fate>("drop");
    QTest::addColumn<bool>("keepAlive");
    QTest::addColumn<bool>("checkBeforeReuse");
    QTest::newRow("fin") << IdleCutoffResult::Fate::Fin << false << true;
    QTest::newRow("rst") << IdleCutoffResult::Fate::Reset << false << true;
    QTest::newRow("silence") << IdleCutoffResult::Fate::Silence << true << false;
}

void tst_IdleCutoffFinder::recommendation()
{
    QFETCH(IdleCutoffResult::Fate, drop);
    QFETCH(bool, keepAlive);
    QFETCH(bool, checkBeforeReuse);
    const IdleCutoffResult r = found(drop, 340'000, 350'000);
    // A pool that knows nothing of the cutoff: idle connections kept ten minutes, the check and
    // keepalive off.
    PoolSettings pool;
    pool.host = u"db.test"_s;
    pool.port = 5432;
    pool.checkBeforeReuse = false;
    const QJsonObject settings = r.recommendation(pool);
    QVERIFY(settings.value(u"idle_timeout_ms"_s).toInteger() < r.lowerMs);
    // The lifetime (30 min) is far from the idle timeout: left as it is.
    QVERIFY(!settings.contains(u"max_lifetime_ms"_s));
    QVERIFY(!settings.contains(u"min_idle"_s)); // 0 already
    QCOMPARE(settings.contains(u"keepalive"_s), keepAlive);
    QCOMPARE(settings.contains(u"check_before_reuse"_s), checkBeforeReuse);
    if (keepAlive)
        QVERIFY(settings.value(u"keepalive_idle_s"_s).toInteger() * 1000 < r.lowerMs);
    // A line for each setting that matters, changed or kept.
    const QStringList advice = r.advice(pool);
    for (const QString &key : {u"idle_timeout_ms"_s, u"min_idle"_s, u"max_lifetime_ms"_s}) {
        QVERIFY2(std::any_of(advice.begin(), advice.end(),
                             [&](const QString &line) { return line.startsWith(key + u' '); }),
                 qPrintable(key));
    }

    const PoolSettings applied = r.applyTo(pool);
    QCOMPARE(applied.validate(), QStringList());
    QCOMPARE(applied.idleTimeoutMs, settings.value(u"idle_timeout_ms"_s).toInteger());
    QCOMPARE(applied.maxLifetimeMs, pool.maxLifetimeMs);
    QCOMPARE(applied.keepAlive, keepAlive);
    QCOMPARE(applied.host, pool.host);
    QVERIFY(r.sentence().contains(u"about 350 s"_s));
    // Applied once, there is nothing more to change.
    QVERIFY(r.recommendation(applied).isEmpty());
}

void tst_IdleCutoffFinder::lifetimeIsLeftAloneUnlessNearTheIdleTimeout()
{
    const IdleCutoffResult r = found(IdleCutoffResult::Fate::Fin, 1000, 1003);
    // The window's 2 min lifetime is far from an 800 ms idle timeout.
    QVERIFY(!r.recommendation(windowPool()).contains(u"max_lifetime_ms"_s));
    // 900 ms, what an earlier version recommended, retires connections as soon as they go
    // idle: raised well clear of the idle timeout, never set near it.
    PoolSettings churning = windowPool();
    churning.maxLifetimeMs = 900;
    const QJsonObject settings = r.recommendation(churning);
    const qint64 idleTimeout = settings.value(u"idle_timeout_ms"_s).toInteger();
    const qint64 lifetime = settings.value(u"max_lifetime_ms"_s).toInteger();
    QVERIFY(idleTimeout > 0 && idleTimeout < 1000);
    QVERIFY2(lifetime >= 4 * idleTimeout, qPrintable(QString::number(lifetime)));
    QCOMPARE(lifetime, PoolSettings().maxLifetimeMs);
    QVERIFY(
        r.advice(churning).join(u'\n').contains(u"max_lifetime_ms %1 (from 900)"_s.arg(lifetime)));
    // A lifetime of 0 (never) stays never.
    PoolSettings never = windowPool();
    never.maxLifetimeMs = 0;
    QVERIFY(!r.recommendation(never).contains(u"max_lifetime_ms"_s));
}

void tst_IdleCutoffFinder::minIdleStaysWhenKeepaliveHoldsTheFlow()
{
    // A NAT that forgets flows after 60 s: keepalive every 30 s keeps it, so the connections min
    // idle keeps are safe.
    const IdleCutoffResult silent = found(IdleCutoffResult::Fate::Silence, 58'000, 60'000);
    const QJsonObject settings = silent.recommendation(windowPool());
    QVERIFY(settings.value(u"keepalive"_s).toBool());
    QCOMPARE(settings.value(u"keepalive_idle_s"_s).toInteger(), 29);
    QVERIFY(!settings.contains(u"min_idle"_s));
    QVERIFY(!settings.contains(u"idle_timeout_ms"_s)); // 30 s is under 58 s already
    // A server's own idle timeout (FIN) ignores keepalive packets: min idle must go to 0.
    const IdleCutoffResult fin = found(IdleCutoffResult::Fate::Fin, 58'000, 60'000);
    QCOMPARE(fin.recommendation(windowPool()).value(u"min_idle"_s), QJsonValue(0));
    // A 1 s cutoff seen usable a little past 1 s (timers fire late): keepalive counts whole
    // seconds, so its first probe would come too close to the cutoff to hold the flow.
    const IdleCutoffResult second = found(IdleCutoffResult::Fate::Silence, 1050, 1100);
    QCOMPARE(second.recommendation(windowPool()).value(u"min_idle"_s), QJsonValue(0));
}

void tst_IdleCutoffFinder::nothingToChangeStillSaysWhy()
{
    const IdleCutoffResult r = found(IdleCutoffResult::Fate::Fin, 120'000, 125'000);
    PoolSettings clear = windowPool();
    clear.minIdle = 0;
    QVERIFY(r.recommendation(clear).isEmpty());
    const QStringList advice = r.advice(clear);
    QVERIFY(!advice.isEmpty());
    for (const QString &line : advice)
        QVERIFY2(line.contains(u"(as now)"_s), qPrintable(line));
}

void tst_IdleCutoffFinder::boundsAreToldApart()
{
    // Both round to 1.00 s; words that say "usable after 1.00 s, dropped after 1.00 s" contradict
    // themselves.
    const IdleCutoffResult r = found(IdleCutoffResult::Fate::Fin, 996, 1003);
    QCOMPARE(r.boundsText(), u"still answered after 0.996 s idle, failed after 1.003 s"_s);
    QCOMPARE(IdleCutoffResult::distinctSecondsText(996, 1003),
             std::make_pair(u"0.996 s"_s, u"1.003 s"_s));
    QCOMPARE(IdleCutoffResult::distinctSecondsText(400, 1000),
             std::make_pair(u"0.40 s"_s, u"1.00 s"_s));
    // A connection idle as long as one that was dropped still answered: said as it is.
    const IdleCutoffResult sharp = found(IdleCutoffResult::Fate::Fin, 1003, 1003);
    QVERIFY2(sharp.boundsText().startsWith(u"failed after 1.00 s idle, while one idle as long "
                                           "still answered"_s),
             qPrintable(sharp.boundsText()));
}

void tst_IdleCutoffFinder::recommendedSettingsStopTheServersCloses()
{
    LabThread lab;
    LabSettings labSettings;
    labSettings.idleCloseMs = 1000;
    QCOMPARE(lab.start(labSettings), QStringList());
    PoolSettings pool = windowPool();
    pool.port = lab.port();
    const IdleCutoffResult r = find(settingsFor(lab.port(), 10'000));
    QCOMPARE(r.outcome, IdleCutoffResult::Outcome::Found);

    const auto serverCloses
        = [&lab] { return lab.counters().closedFor(LabCloseReason::IdleClose); };

    // The window's pool keeps its two min-idle connections past the cutoff: the server closes
    // them (and the pool dials them again, to be closed again).
    quint64 before = serverCloses();
    {
        ConnectionPool churning(pool);
        QTRY_VERIFY_WITH_TIMEOUT(serverCloses() - before >= 3, Timeout);
    }

    // With the recommendation applied the pool closes an idle connection itself, before the
    // server does, and keeps none idle past the cutoff.
    const PoolSettings applied = r.applyTo(pool);
    QCOMPARE(applied.minIdle, 0);
    before = serverCloses();
    ConnectionPool clear(applied);
    std::optional<PoolLease> lease;
    clear.acquire(this, [&lease](AcquireResult result) { lease = std::move(result.lease); });
    QTRY_VERIFY_WITH_TIMEOUT(lease && lease->isValid(), Timeout);
    lease->release();
    QTRY_COMPARE_WITH_TIMEOUT(clear.stats().evictionCount(EvictionReason::IdleTimeout), 1u,
                              Timeout);
    QCOMPARE(clear.stats().open, 0);
    QCOMPARE(clear.stats().evictionCount(EvictionReason::PeerClosed), 0u);
    QCOMPARE(serverCloses(), before);
}

void tst_IdleCutoffFinder::notFoundRecommendsNothing()
{
    IdleCutoffResult r;
    r.outcome = IdleCutoffResult::Outcome::NotFound;
    r.maxIdleMs = 600'000;
    QVERIFY(r.recommendation(windowPool()).isEmpty());
    QVERIFY(r.advice(windowPool()).isEmpty());
    QVERIFY(r.sentence().contains(u"600 s"_s));
    QVERIFY(r.toJson().value(u"cutoff_ms"_s).isNull());
}

QTEST_GUILESS_MAIN(tst_IdleCutoffFinder)
#include "tst_idlecutofffinder.moc"

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
    void notFoundRecommendsNothing();
};

namespace {

constexpr int Timeout = 60'000;

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
    const QJsonObject settings = r.recommendation();
    QVERIFY(settings.value(u"idle_timeout_ms"_s).toInteger() < 1000);
    QVERIFY(settings.value(u"max_lifetime_ms"_s).toInteger() < 1000);
    QVERIFY(settings.value(u"check_before_reuse"_s).toBool());
    QVERIFY(!settings.contains(u"keepalive"_s));
    QVERIFY(r.sentence().contains(u"FIN"_s));
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
    const QJsonObject settings = r.recommendation();
    QVERIFY(settings.value(u"keepalive"_s).toBool());
    QVERIFY(settings.value(u"idle_timeout_ms"_s).toInteger() < 1000);
    QVERIFY(!settings.contains(u"check_before_reuse"_s));
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
    QVERIFY(r.recommendation().isEmpty());
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
    IdleCutoffResult r;
    r.outcome = IdleCutoffResult::Outcome::Found;
    r.drop = drop;
    r.cutoffMs = 350'000;
    r.lowerMs = 340'000;
    r.upperMs = 350'000;
    const QJsonObject settings = r.recommendation();
    QVERIFY(settings.value(u"idle_timeout_ms"_s).toInteger() < r.lowerMs);
    QVERIFY(settings.value(u"max_lifetime_ms"_s).toInteger() < r.lowerMs);
    QVERIFY(settings.value(u"idle_timeout_ms"_s).toInteger()
            < settings.value(u"max_lifetime_ms"_s).toInteger());
    QCOMPARE(settings.contains(u"keepalive"_s), keepAlive);
    QCOMPARE(settings.contains(u"check_before_reuse"_s), checkBeforeReuse);
    if (keepAlive)
        QVERIFY(settings.value(u"keepalive_idle_s"_s).toInteger() * 1000 < r.lowerMs);
    QCOMPARE(r.advice().size(), settings.size() - (keepAlive ? 2 : 0));

    PoolSettings pool;
    pool.host = u"db.test"_s;
    pool.port = 5432;
    const PoolSettings applied = r.applyTo(pool);
    QCOMPARE(applied.validate(), QStringList());
    QCOMPARE(applied.idleTimeoutMs, settings.value(u"idle_timeout_ms"_s).toInteger());
    QCOMPARE(applied.keepAlive, keepAlive);
    QCOMPARE(applied.host, pool.host);
    QVERIFY(r.sentence().contains(u"about 350 s"_s));
}

void tst_IdleCutoffFinder::notFoundRecommendsNothing()
{
    IdleCutoffResult r;
    r.outcome = IdleCutoffResult::Outcome::NotFound;
    r.maxIdleMs = 600'000;
    QVERIFY(r.recommendation().isEmpty());
    QVERIFY(r.advice().isEmpty());
    QVERIFY(r.sentence().contains(u"600 s"_s));
    QVERIFY(r.toJson().value(u"cutoff_ms"_s).isNull());
}

QTEST_GUILESS_MAIN(tst_IdleCutoffFinder)
#include "tst_idlecutofffinder.moc"

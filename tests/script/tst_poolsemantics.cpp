// The pool's semantics as CMAP states them (docs/semantics.md), one scenario per rule, each
// driven by a script against the embedded lab and checked on the events' exact order, as
// `poolscope script` writes them.
#include "scriptrun.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;

class tst_PoolSemantics : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void statesAndTheirEvents();
    void clearWithPauseFailsTheWaiters();
    void clearInterruptsLeasesOut();
    void acquireStartsFirstAndEndsOnce();
    void releasedComesFirst();
    void waitersAreServedInOrder();
    void idleTimeoutIsCheckedAtAcquire();
    void minConnectionsCountsEveryConnection();
    void closeClosesIdleThenLeasesAsTheyReturn();
    void aFailedDialFailsItsAcquireOnce();
    void theCircuitBreakerPausesAndProbes();
};

namespace {

// The sequence number of the first event of kind (with key == value when given) after from.
qint64 seqOf(const ScriptRun &run, const QString &kind, const QString &key = {},
             const QJsonValue &value = {}, qint64 from = 0)
{
    for (const QJsonObject &event : run.events()) {
        const qint64 seq = event.value(u"seq"_s).toInteger();
        if (seq > from && event.value(u"kind"_s).toString() == kind
            && (key.isEmpty() || event.value(key) == value))
            return seq;
    }
    return -1;
}

QList<QJsonObject> eventsOf(const ScriptRun &run, const QString &kind)
{
    QList<QJsonObject> found;
    for (const QJsonObject &event : run.events()) {
        if (event.value(u"kind"_s).toString() == kind)
            found << event;
    }
    return found;
}

// The pool's own doings, without the name resolution and dial progress around them.
const QStringList StateKinds{u"pool_created"_s,  u"pool_ready"_s,    u"pool_paused"_s,
                             u"pool_closed"_s,   u"cleared"_s,       u"acquire_started"_s,
                             u"acquired"_s,      u"released"_s,      u"evicted"_s,
                             u"waiter_queued"_s, u"waiter_failed"_s, u"waiter_timed_out"_s,
                             u"dial_started"_s};

} // namespace

void tst_PoolSemantics::statesAndTheirEvents()
{
    // Created paused: nothing is pre-warmed and an acquire fails at once; ready pre-warms.
    const ScriptRun run
        = ScriptRun::of(R"({"op":"create","lab":{},"paused":true,"settings":{"min_idle":2}}
{"op":"acquire","label":"c1"}
{"op":"ready"}
{"op":"wait_event","kind":"dial_succeeded","count":2}
{"op":"close"}
{"op":"acquire","label":"c2"})");
    QVERIFY2(run.exitCode == 0, qPrintable(run.text()));
    QCOMPARE(
        run.kinds(StateKinds),
        (QStringList{u"pool_created"_s, u"acquire_started"_s, u"waiter_failed"_s, u"pool_ready"_s,
                     u"dial_started"_s, u"dial_started"_s, u"evicted"_s, u"evicted"_s,
                     u"pool_closed"_s, u"acquire_started"_s, u"waiter_failed"_s}));
    const QJsonObject created = eventsOf(run, u"pool_created"_s).first();
    QCOMPARE(QJsonDocument::fromJson(created.value(u"message"_s).toString().toUtf8())
                 .object()
                 .value(u"min_idle"_s)
                 .toInt(),
             2);
    const QList<QJsonObject> failed = eventsOf(run, u"waiter_failed"_s);
    QCOMPARE(failed.first().value(u"failure"_s).toString(), u"paused"_s);
    QCOMPARE(failed.last().value(u"failure"_s).toString(), u"pool_closed"_s);
    QCOMPARE(run.replyTo(2).value(u"error"_s).toString(), u"paused"_s);
    QCOMPARE(run.replyTo(3).value(u"state"_s).toString(), u"ready"_s);
    QCOMPARE(run.replyTo(5).value(u"state"_s).toString(), u"closed"_s);
    QCOMPARE(run.replyTo(6).value(u"error"_s).toString(), u"pool_closed"_s);
    for (const QJsonObject &evicted : eventsOf(run, u"evicted"_s))
        QCOMPARE(evicted.value(u"reason"_s).toString(), u"shutdown"_s);
}

void tst_PoolSemantics::clearWithPauseFailsTheWaiters()
{
    const ScriptRun run = ScriptRun::of(R"({"op":"create","lab":{},"settings":{"max_connections":1}}
{"op":"acquire","label":"c1"}
{"op":"acquire","label":"c2","actor":"t2"}
{"op":"wait_event","kind":"waiter_queued","waiter":2}
{"op":"clear","pause":true}
{"op":"join","actor":"t2"}
{"op":"acquire","label":"c3"}
{"op":"release","label":"c1"}
{"op":"ready"}
{"op":"acquire","label":"c4"}
{"op":"release","label":"c4"}
{"op":"clear"})");
    QVERIFY2(run.exitCode == 0, qPrintable(run.text()));
    const qint64 cleared = seqOf(run, u"cleared"_s);
    const qint64 paused = seqOf(run, u"pool_paused"_s);
    QVERIFY2(cleared > 0 && paused == cleared + 1, qPrintable(run.text()));
    QCOMPARE(seqOf(run, u"waiter_failed"_s, u"waiter"_s, 2), paused + 1);
    QCOMPARE(eventsOf(run, u"cleared"_s).first().value(u"interrupt_in_use"_s).toBool(true), false);
    QCOMPARE(eventsOf(run, u"waiter_failed"_s).first().value(u"failure"_s).toString(),
             u"cleared"_s);
    QCOMPARE(run.replyTo(3).value(u"error"_s).toString(), u"cleared"_s);
    QCOMPARE(run.replyTo(7).value(u"error"_s).toString(), u"paused"_s);
    // The lease out closes when it comes back, right after its release.
    const qint64 released = seqOf(run, u"released"_s, u"conn"_s, 1);
    QVERIFY2(released > 0, qPrintable(run.text()));
    QCOMPARE(seqOf(run, u"evicted"_s, u"conn"_s, 1), released + 1);
    QCOMPARE(eventsOf(run, u"evicted"_s).first().value(u"reason"_s).toString(), u"cleared"_s);
    // A clear without pause leaves the pool ready; cleared comes before the closes it causes.
    const qint64 second = seqOf(run, u"cleared"_s, {}, {}, cleared);
    QCOMPARE(seqOf(run, u"evicted"_s, u"conn"_s, 2), second + 1);
    QCOMPARE(run.kinds({u"pool_paused"_s, u"pool_ready"_s}),
             (QStringList{u"pool_ready"_s, u"pool_paused"_s, u"pool_ready"_s}));
}

void tst_PoolSemantics::clearInterruptsLeasesOut()
{
    const ScriptRun run = ScriptRun::of(R"({"op":"create","lab":{"protocol":"echo"}}
{"op":"acquire","label":"c1"}
{"op":"clear","interrupt_in_use":true}
{"op":"request","label":"c1","timeout_ms":2000}
{"op":"release","label":"c1"})");
    QVERIFY2(run.exitCode == 0, qPrintable(run.text()));
    QCOMPARE(eventsOf(run, u"cleared"_s).first().value(u"interrupt_in_use"_s).toBool(), true);
    QCOMPARE(run.replyTo(4).value(u"ok"_s).toBool(), false);
    QCOMPARE(run.replyTo(4).value(u"error"_s).toString(), u"closed"_s);
    QCOMPARE(run.kinds({u"cleared"_s, u"released"_s, u"evicted"_s, u"pool_paused"_s}),
             (QStringList{u"cleared"_s, u"released"_s, u"evicted"_s}));
    QCOMPARE(eventsOf(run, u"evicted"_s).first().value(u"reason"_s).toString(), u"cleared"_s);
}

void tst_PoolSemantics::acquireStartsFirstAndEndsOnce()
{
    const ScriptRun run = ScriptRun::of(R"({"op":"create","lab":{},"settings":{"max_connections":1}}
{"op":"acquire","label":"c1"}
{"op":"acquire","label":"c2","timeout_ms":100})");
    QVERIFY2(run.exitCode == 0, qPrintable(run.text()));
    QCOMPARE(
        run.kinds({u"acquire_started"_s, u"waiter_queued"_s, u"acquired"_s, u"waiter_timed_out"_s}),
        (QStringList{u"acquire_started"_s, u"waiter_queued"_s, u"acquired"_s, u"acquire_started"_s,
                     u"waiter_queued"_s, u"waiter_timed_out"_s}));
    // Each acquire is one waiter from its start to its end.
    const QList<QJsonObject> started = eventsOf(run, u"acquire_started"_s);
    QCOMPARE(started.first().value(u"waiter"_s).toInt(), 1);
    QCOMPARE(eventsOf(run, u"acquired"_s).first().value(u"waiter"_s).toInt(), 1);
    const QJsonObject timedOut = eventsOf(run, u"waiter_timed_out"_s).first();
    QCOMPARE(timedOut.value(u"waiter"_s).toInt(), 2);
    QCOMPARE(timedOut.value(u"failure"_s).toString(), u"acquire_timeout"_s);
    QVERIFY(timedOut.value(u"wait_ms"_s).toDouble() >= 100);
    QCOMPARE(run.replyTo(3).value(u"error"_s).toString(), u"timeout"_s);
}

void tst_PoolSemantics::releasedComesFirst()
{
    const ScriptRun run = ScriptRun::of(R"({"op":"create","lab":{},"settings":{"max_connections":1}}
{"op":"acquire","label":"c1"}
{"op":"acquire","label":"c2","actor":"t2"}
{"op":"wait_event","kind":"waiter_queued","waiter":2}
{"op":"release","label":"c1"}
{"op":"release","label":"c2","broken":true})");
    QVERIFY2(run.exitCode == 0, qPrintable(run.text()));
    // Before the next waiter's acquired, and before the close it causes.
    const qint64 first = seqOf(run, u"released"_s);
    QCOMPARE(seqOf(run, u"acquired"_s, u"waiter"_s, 2), first + 1);
    const qint64 second = seqOf(run, u"released"_s, {}, {}, first);
    QCOMPARE(seqOf(run, u"evicted"_s, u"reason"_s, u"broken"_s), second + 1);
}

void tst_PoolSemantics::waitersAreServedInOrder()
{
    const ScriptRun run = ScriptRun::of(R"({"op":"create","lab":{},"settings":{"max_connections":1}}
{"op":"acquire","label":"c1"}
{"op":"acquire","label":"c2","actor":"t2"}
{"op":"acquire","label":"c3","actor":"t3"}
{"op":"acquire","label":"c4","actor":"t4"}
{"op":"wait_event","kind":"waiter_queued","count":3}
{"op":"release","label":"c1"}
{"op":"release","label":"c2"}
{"op":"release","label":"c3"}
{"op":"release","label":"c4"})");
    QVERIFY2(run.exitCode == 0, qPrintable(run.text()));
    QList<int> served;
    for (const QJsonObject &acquired : eventsOf(run, u"acquired"_s))
        served << acquired.value(u"waiter"_s).toInt();
    QCOMPARE(served, (QList<int>{1, 2, 3, 4}));
    // Each release handed the one connection straight to the oldest waiter.
    for (const QJsonObject &acquired : eventsOf(run, u"acquired"_s).mid(1))
        QCOMPARE(acquired.value(u"reused"_s).toBool(), true);
}

void tst_PoolSemantics::idleTimeoutIsCheckedAtAcquire()
{
    // The cleaner is off: only the check at acquire can close the connection, and does, before
    // the acquire is served by a new one.
    const ScriptRun run = ScriptRun::of(
        R"({"op":"create","lab":{},"settings":{"idle_timeout_ms":100,"maintenance_interval_ms":-1}}
{"op":"acquire","label":"c1"}
{"op":"release","label":"c1"}
{"op":"sleep","ms":250}
{"op":"expect","kind":"evicted","count":0}
{"op":"acquire","label":"c2"}
{"op":"expect","kind":"evicted","reason":"idle_timeout","conn":1,"count":1})");
    QVERIFY2(run.exitCode == 0, qPrintable(run.text()));
    const qint64 started = seqOf(run, u"acquire_started"_s, u"waiter"_s, 2);
    const qint64 evicted = seqOf(run, u"evicted"_s);
    QVERIFY2(started < evicted && evicted < seqOf(run, u"acquired"_s, u"conn"_s, 2),
             qPrintable(run.text()));
    QCOMPARE(run.replyTo(6).value(u"conn"_s).toInt(), 2);
}

void tst_PoolSemantics::minConnectionsCountsEveryConnection()
{
    // Two connections open in all: one held counts, so one more is dialed; while paused none.
    const ScriptRun run = ScriptRun::of(
        R"({"op":"create","lab":{},"paused":true,"settings":{"min_connections":2,"idle_timeout_ms":50}}
{"op":"sleep","ms":100}
{"op":"expect","kind":"dial_started","count":0}
{"op":"ready"}
{"op":"wait_event","kind":"dial_succeeded","count":2}
{"op":"acquire","label":"c1"}
{"op":"sleep","ms":200}
{"op":"release","label":"c1"}
{"op":"expect","kind":"dial_started","count":2}
{"op":"expect","kind":"evicted","count":0})");
    QVERIFY2(run.exitCode == 0, qPrintable(run.text()));
    QVERIFY(seqOf(run, u"pool_ready"_s) < seqOf(run, u"dial_started"_s));
}

void tst_PoolSemantics::closeClosesIdleThenLeasesAsTheyReturn()
{
    const ScriptRun run = ScriptRun::of(R"({"op":"create","lab":{}}
{"op":"acquire","label":"c1"}
{"op":"acquire","label":"c2"}
{"op":"release","label":"c2"}
{"op":"close"}
{"op":"release","label":"c1"})");
    QVERIFY2(run.exitCode == 0, qPrintable(run.text()));
    QCOMPARE(run.kinds({u"evicted"_s, u"pool_closed"_s, u"released"_s}).mid(1),
             (QStringList{u"evicted"_s, u"pool_closed"_s, u"released"_s, u"evicted"_s}));
    const QList<QJsonObject> evicted = eventsOf(run, u"evicted"_s);
    QCOMPARE(evicted.first().value(u"conn"_s).toInt(), 2);
    QCOMPARE(evicted.last().value(u"conn"_s).toInt(), 1);
    QCOMPARE(evicted.last().value(u"reason"_s).toString(), u"shutdown"_s);
}

void tst_PoolSemantics::aFailedDialFailsItsAcquireOnce()
{
    const ScriptRun run = ScriptRun::of(
        R"({"op":"create","lab":{},"settings":{"backoff_initial_ms":50,"acquire_timeout_ms":5000}}
{"op":"lab","action":"stop"}
{"op":"acquire","label":"c1","actor":"t1"}
{"op":"acquire","label":"c2","actor":"t2"}
{"op":"join","actor":"t1"}
{"op":"join","actor":"t2"})");
    QVERIFY2(run.exitCode == 0, qPrintable(run.text()));
    QList<int> failed;
    for (const QJsonObject &event : eventsOf(run, u"waiter_failed"_s)) {
        QCOMPARE(event.value(u"failure"_s).toString(), u"dial_failed"_s);
        failed << event.value(u"waiter"_s).toInt();
    }
    QCOMPARE(failed, (QList<int>{1, 2}));
    QCOMPARE(run.replyTo(3).value(u"error"_s).toString(), u"dial_failed"_s);
    QCOMPARE(run.replyTo(4).value(u"error"_s).toString(), u"dial_failed"_s);
    // Each failure follows the dial that failed.
    const qint64 dialFailed = seqOf(run, u"dial_failed"_s);
    QCOMPARE(seqOf(run, u"waiter_failed"_s), dialFailed + 1);
}

void tst_PoolSemantics::theCircuitBreakerPausesAndProbes()
{
    // The lab is down for 600 ms: two failed dials pause the pool, an acquire then fails at
    // once, and the pool is ready again at the first probe that gets through.
    const ScriptRun run = ScriptRun::of(
        R"({"op":"create","lab":{},"settings":{"pause_after_dial_failures":2,"backoff_initial_ms":50,"backoff_max_ms":50}}
{"op":"lab","action":"restart","down_ms":600}
{"op":"acquire","label":"c1"}
{"op":"acquire","label":"c2"}
{"op":"acquire","label":"c3"}
{"op":"wait_event","kind":"pool_ready","count":2,"timeout_ms":10000}
{"op":"acquire","label":"c4"}
{"op":"expect","kind":"pool_paused","count":1})");
    QVERIFY2(run.exitCode == 0, qPrintable(run.text()));
    QCOMPARE(run.replyTo(3).value(u"error"_s).toString(), u"dial_failed"_s);
    QCOMPARE(run.replyTo(4).value(u"error"_s).toString(), u"dial_failed"_s);
    QCOMPARE(run.replyTo(5).value(u"error"_s).toString(), u"paused"_s);
    QVERIFY2(run.replyTo(5).value(u"message"_s).toString().contains(u"2 dials in a row failed"_s),
             qPrintable(run.text()));
    QCOMPARE(run.replyTo(7).value(u"ok"_s).toBool(), true);
    // Paused right after the second failure; while paused one dial at a time, and ready at
    // the first that succeeds, before its connection is handed out.
    const qint64 paused = seqOf(run, u"pool_paused"_s);
    QCOMPARE(seqOf(run, u"waiter_failed"_s, u"waiter"_s, 2), paused - 1);
    const qint64 ready = seqOf(run, u"pool_ready"_s, {}, {}, paused);
    QCOMPARE(seqOf(run, u"dial_succeeded"_s), ready - 1);
    int dialing = 0;
    for (const QJsonObject &event : run.events()) {
        const qint64 seq = event.value(u"seq"_s).toInteger();
        const QString kind = event.value(u"kind"_s).toString();
        if (seq > paused && seq < ready) {
            dialing += kind == u"dial_started"_s;
            dialing -= kind == u"dial_failed"_s || kind == u"dial_succeeded"_s;
            QVERIFY2(dialing <= 1, qPrintable(run.text()));
        }
    }
}

QTEST_GUILESS_MAIN(tst_PoolSemantics)
#include "tst_poolsemantics.moc"

// The script engine (poolscope script): actors, labels, waits, the lab, and bad scripts. The
// pool's semantics, rule by rule, are in tst_poolsemantics.
#include "scriptrun.h"

#include <QTest>

using namespace Qt::StringLiterals;

class tst_Script : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void actorsTakeTurnsOnOnePool();
    void aJsonArrayRunsToo();
    void labActions();
    void badInput_data();
    void badInput();
    void failedChecks_data();
    void failedChecks();
};

void tst_Script::actorsTakeTurnsOnOnePool()
{
    const ScriptRun run = ScriptRun::of(R"(
{"op":"create","lab":{},"settings":{"max_connections":1}}
{"op":"acquire","label":"c1","actor":"t1"}
{"op":"acquire","label":"c2","actor":"t2","id":"second"}
{"op":"request","label":"c1","actor":"t1"}
{"op":"release","label":"c1","actor":"t1"}
{"op":"join","actor":"t2"}
{"op":"release","label":"c2"}
{"op":"expect","kind":"acquired","count":2}
{"op":"say","text":"done"}
)");
    QVERIFY2(run.exitCode == 0, qPrintable(run.text()));
    QCOMPARE(run.replies().size(), 9);
    // t2 waits for the one connection t1 holds, and gets it when t1 gives it back.
    QCOMPARE(run.replyTo(4).value(u"reply"_s).toString(), u"second"_s);
    QCOMPARE(run.replyTo(4).value(u"conn"_s).toInt(), 1);
    QCOMPARE(run.replyTo(4).value(u"reused"_s).toBool(), true);
    QCOMPARE(run.replyTo(5).value(u"bytes"_s).toInt() > 0, true);
    QCOMPARE(run.replyTo(10).value(u"text"_s).toString(), u"done"_s);
    const QStringList kinds = run.kinds({u"acquired"_s, u"released"_s});
    QCOMPARE(kinds, (QStringList{u"acquired"_s, u"released"_s, u"acquired"_s, u"released"_s}));
    // Events are numbered where the pool's state changed; t_us counts from the start.
    qint64 previous = 0;
    for (const QJsonObject &event : run.events()) {
        QCOMPARE(event.value(u"seq"_s).toInteger(), previous + 1);
        QCOMPARE(event.value(u"pool"_s).toInt(), 1);
        QVERIFY(event.value(u"t_us"_s).toInteger() >= 0);
        previous = event.value(u"seq"_s).toInteger();
    }
    // The reply to t2's acquire comes after the event that handed it the connection.
    QVERIFY(run.indexOf(u"kind"_s, u"released"_s) < run.lines.indexOf(run.replyTo(4)));
}

void tst_Script::aJsonArrayRunsToo()
{
    const ScriptRun run = ScriptRun::of(R"([
  {"op": "create", "settings": {"host": "127.0.0.1", "port": 1}},
  {"op": "say",
   "text": "nothing listens on port 1"},
  {"op": "nonsense"}
])");
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.failure.contains(u"line 5: unknown op \"nonsense\""_s), qPrintable(run.failure));
}

void tst_Script::labActions()
{
    // The lab restarts under an idle connection: the pool sees the close, and a new acquire
    // dials once the lab listens again.
    const ScriptRun run = ScriptRun::of(R"(
{"op":"create","lab":{"protocol":"echo"},"settings":{"max_connections":2}}
{"op":"acquire","label":"c1"}
{"op":"request","label":"c1"}
{"op":"release","label":"c1"}
{"op":"lab","action":"restart","down_ms":100}
{"op":"wait_event","kind":"evicted","reason":"peer_closed"}
{"op":"sleep","ms":300}
{"op":"acquire","label":"c2"}
{"op":"request","label":"c2"}
{"op":"release","label":"c2"}
{"op":"lab","set":{"latency":1}}
{"op":"expect","kind":"dial_succeeded","count":2}
)");
    QVERIFY2(run.exitCode == 0, qPrintable(run.text()));
    QCOMPARE(run.replyTo(10).value(u"ok"_s).toBool(), true);
    QCOMPARE(run.replyTo(9).value(u"conn"_s).toInt(), 2);
}

void tst_Script::badInput_data()
{
    QTest::addColumn<QByteArray>("script");
    QTest::addColumn<QString>("message");
    const QByteArray create = R"({"op":"create","lab":{}})"
                              "\n";
    QTest::newRow("unknown op") << create + R"({"op":"aquire","label":"c1"})"
                                << u"line 2: unknown op \"aquire\"; one of create, acquire"_s;
    QTest::newRow("no op") << QByteArray(R"({"label":"c1"})")
                           << u"line 1: a command needs \"op\""_s;
    QTest::newRow("malformed JSON")
        << create + "\n" + R"({"op":"acquire","label":"c1")" << u"line 3: malformed JSON"_s;
    QTest::newRow("not an object") << create + "[1]" << u"line 2: a command is an object"_s;
    QTest::newRow("unknown key") << create + R"({"op":"release","label":"c1","brokn":true})"
                                 << u"line 2: release takes no \"brokn\"; it takes id, actor"_s;
    QTest::newRow("wrong type")
        << create + R"({"op":"sleep","ms":"10"})"
        << u"line 2: \"ms\" of sleep must be a whole number from 0 to 86400000"_s;
    QTest::newRow("too long") << create + R"({"op":"sleep","ms":1e12})"
                              << u"line 2: \"ms\" of sleep must be a whole number from 0"_s;
    QTest::newRow("missing key") << create + R"({"op":"acquire"})"
                                 << u"line 2: acquire needs \"label\""_s;
    QTest::newRow("unknown kind") << create + R"({"op":"expect","kind":"checked_out"})"
                                  << u"line 2: unknown event kind \"checked_out\"; one of"_s;
    QTest::newRow("lab action") << create + R"({"op":"lab","action":"reboot"})"
                                << u"line 2: unknown lab action \"reboot\"; one of restart"_s;
    QTest::newRow("unknown label") << create + R"({"op":"release","label":"c9"})"
                                   << u"line 2 (release): unknown label \"c9\""_s;
    QTest::newRow("release twice") << create
            + R"({"op":"acquire","label":"c1"})"
              "\n"
              R"({"op":"release","label":"c1"})"
              "\n"
              R"({"op":"release","label":"c1"})"
                                   << u"line 4 (release): label \"c1\" was released already"_s;
    QTest::newRow("label in use") << create
            + R"({"op":"acquire","label":"c1"})"
              "\n"
              R"({"op":"acquire","label":"c1"})"
                                  << u"line 3 (acquire): label \"c1\" is in use: acquired at "
                                     "line 2"_s;
    QTest::newRow("no pool") << QByteArray(R"({"op":"acquire","label":"c1"})")
                             << u"line 1 (acquire): there is no pool yet"_s;
    QTest::newRow("no lab") << QByteArray(
        R"({"op":"create","settings":{"host":"127.0.0.1","port":1}})"
        "\n"
        R"({"op":"lab","action":"stop"})")
                            << u"line 2 (lab): the script started no lab"_s;
    QTest::newRow("unknown actor") << create + R"({"op":"join","actor":"t7"})"
                                   << u"line 2 (join): no command before this line runs on "
                                      "actor \"t7\""_s;
    QTest::newRow("bad setting") << create + R"({"op":"settings","set":{"max_connections":0}})"
                                 << u"line 2 (settings): max_connections"_s;
}

void tst_Script::badInput()
{
    QFETCH(QByteArray, script);
    QFETCH(QString, message);
    const ScriptRun run = ScriptRun::of(script);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.failure.contains(message), qPrintable(run.failure));
}

void tst_Script::failedChecks_data()
{
    QTest::addColumn<QByteArray>("script");
    QTest::addColumn<QString>("message");
    const QByteArray create = R"({"op":"create","lab":{}})"
                              "\n";
    QTest::newRow("expect")
        << create
            + R"({"op":"acquire","label":"c1"})"
              "\n"
              R"({"op":"expect","kind":"acquired","reused":true})"
        << u"line 3 (expect): expected at least 1 events matching {\"kind\":\"acquired\","
           "\"reused\":true}, found 0; the events so far: pool_created, pool_ready, "
           "acquire_started, "
           "waiter_queued, dial_started"_s;
    QTest::newRow("wait_event times out")
        << create + R"({"op":"wait_event","kind":"evicted","timeout_ms":50})"
        << u"line 2 (wait_event): 0 of 1 events matching {\"kind\":\"evicted\"} within 50 ms"_s;
    QTest::newRow("join times out") << create
            + R"({"op":"sleep","ms":5000,"actor":"t1"})"
              "\n"
              R"({"op":"join","actor":"t1","timeout_ms":50})"
                                    << u"line 3 (join): actor \"t1\" still runs line 2 (sleep)"_s;
}

void tst_Script::failedChecks()
{
    QFETCH(QByteArray, script);
    QFETCH(QString, message);
    const ScriptRun run = ScriptRun::of(script);
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.failure.contains(message), qPrintable(run.failure));
}

QTEST_GUILESS_MAIN(tst_Script)
#include "tst_script.moc"

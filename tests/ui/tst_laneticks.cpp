#include "laneticks.h"

#include <QTest>

using namespace Qt::StringLiterals;

// The lanes' time axis: a round step that leaves room for its label, ticks on round session
// times, and labels that say as much as the step tells apart.
class tst_LaneTicks : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void stepLeavesRoomForALabel_data();
    void stepLeavesRoomForALabel();
    void ticksFallOnRoundSessionTimes();
    void labels_data();
    void labels();
};

void tst_LaneTicks::stepLeavesRoomForALabel_data()
{
    QTest::addColumn<qint64>("spanNs");
    QTest::addColumn<int>("widthPx");
    QTest::addColumn<qint64>("stepNs");
    QTest::newRow("2 s over 900 px") << qint64(2'000'000'000) << 900 << qint64(200'000'000);
    QTest::newRow("2 s over 300 px") << qint64(2'000'000'000) << 300 << qint64(1'000'000'000);
    QTest::newRow("10 ms over 900 px") << qint64(10'000'000) << 900 << qint64(1'000'000);
    QTest::newRow("a day") << qint64(86'400) * 1'000'000'000 << 900 << qint64(3'600'000'000'000);
    QTest::newRow("no width yet") << qint64(2'000'000'000) << 0 << qint64(300'000'000'000);
}

void tst_LaneTicks::stepLeavesRoomForALabel()
{
    QFETCH(qint64, spanNs);
    QFETCH(int, widthPx);
    QFETCH(qint64, stepNs);
    QCOMPARE(LaneTicks(0, spanNs, widthPx).stepNs(), stepNs);
}

void tst_LaneTicks::ticksFallOnRoundSessionTimes()
{
    const qint64 epoch = 5'123'456'789;
    const LaneTicks ticks(epoch, 2'000'000'000, 900); // 200 ms apart
    QCOMPARE(ticks.firstAtOrAfter(epoch), qint64(0));
    QCOMPARE(ticks.firstAtOrAfter(epoch + 1), qint64(200'000'000));
    QCOMPARE(ticks.firstAtOrAfter(epoch + 200'000'000), qint64(200'000'000));
    QCOMPARE(ticks.firstAtOrAfter(epoch + 1'050'000'000), qint64(1'200'000'000));
    // Before the session began (scrolled back past its start): still on the step.
    QCOMPARE(ticks.firstAtOrAfter(epoch - 300'000'000), qint64(-200'000'000));
}

void tst_LaneTicks::labels_data()
{
    QTest::addColumn<qint64>("stepNs");
    QTest::addColumn<qint64>("atNs");
    QTest::addColumn<QString>("label");
    QTest::newRow("1 ms steps") << qint64(1'000'000) << qint64(12'345'000'000) << u"12.345 s"_s;
    QTest::newRow("10 ms steps") << qint64(10'000'000) << qint64(1'230'000'000) << u"1.23 s"_s;
    QTest::newRow("200 ms steps") << qint64(200'000'000) << qint64(1'200'000'000) << u"1.2 s"_s;
    QTest::newRow("whole seconds") << qint64(1'000'000'000) << qint64(42'000'000'000) << u"42 s"_s;
    QTest::newRow("minutes") << qint64(5'000'000'000) << qint64(125'000'000'000) << u"2:05"_s;
    QTest::newRow("short steps past a minute")
        << qint64(100'000'000) << qint64(61'500'000'000) << u"61.5 s"_s;
}

void tst_LaneTicks::labels()
{
    QFETCH(qint64, stepNs);
    QFETCH(qint64, atNs);
    QFETCH(QString, label);
    // A span and width that give stepNs: 90 px of it fit in 900 px.
    const LaneTicks ticks(0, stepNs * 10, 900);
    QCOMPARE(ticks.stepNs(), stepNs);
    QCOMPARE(ticks.label(atNs), label);
}

QTEST_GUILESS_MAIN(tst_LaneTicks)
#include "tst_laneticks.moc"

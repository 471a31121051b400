// The window on a recording: a real session on the embedded lab recorded while the lab restarts
// in the middle, opened again with MainWindow::openRecording. The slider shows the table, the
// statistics and the status line as the live feeds had them at a moment before, during and after
// the restart; play at 100x reaches the end; the next dial failure is the restart; every control
// of a live pool is disabled, saying why; bad files are refused with their message and a
// cut-off one opens up to where it ends.
#include "compareview.h"
#include "connectionledger.h"
#include "connectionmodel.h"
#include "connectionspanel.h"
#include "feedstate.h"
#include "labpanel.h"
#include "mainwindow.h"
#include "poolsettingspanel.h"
#include "reachabilityview.h"
#include "recordingwriter.h"
#include "replaybar.h"
#include "replayplayer.h"
#include "session.h"
#include "statisticsview.h"
#include "targetbar.h"
#include "workloadpanel.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPushButton>
#include <QRegularExpression>
#include <QSlider>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

#include <map>

using namespace Qt::StringLiterals;

namespace {

constexpr int Patience = 30'000; // ms: generous, for a loaded CI machine
constexpr qint64 SliderStepNs = 10'000'000; // ReplayBar's unit

using Rows = std::map<quint64, ConnectionState>;

// A figure of the statistics, as shown: "Requests</td><td align=right><b>123".
qint64 shown(const QString &html, const QString &name)
{
    const QRegularExpression number(QRegularExpression::escape(name)
                                    + u"</td><td align=right><b>(\\d+)"_s);
    const QRegularExpressionMatch match = number.match(html);
    return match.hasMatch() ? match.captured(1).toLongLong() : -1;
}

QList<quint64> idsOf(const Rows &rows)
{
    QList<quint64> ids;
    for (const auto &row : rows)
        ids << row.first;
    return ids;
}

QString describe(const Rows &rows)
{
    QStringList parts;
    for (const auto &[id, state] : rows)
        parts << u"%1 %2"_s.arg(id).arg(enumName(state));
    return parts.join(u", "_s);
}

} // namespace

class tst_ReplayWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void saysPlainlyThatNothingIsLive();
    void sliderShowsTheViewsAsTheyWere_data();
    void sliderShowsTheViewsAsTheyWere();
    void playsAt100xToTheEnd();
    void nextDialFailureIsTheRestart();
    void liveControlsAreDisabledSayingWhy();
    void badFilesAreRefusedWithTheirMessage_data();
    void badFilesAreRefusedWithTheirMessage();
    void aCutOffFileOpensUpToItsLastCompleteLine();
    void aFileDroppedOnTheWindowOpens();

private:
    // The latest live feed with a snapshot of the pool at or before timeNs: its index.
    int liveSnapshotFeed(qint64 timeNs) const;
    Rows liveRows(int feed) const;
    // The table's rows as the live window had them: its ledger fed the live feeds up to then.
    Rows liveTable(int lastFeed) const;
    Rows tableRows() const;
    qint64 liveRequests(qint64 timeNs) const;
    QString writeFile(const QString &name, const QByteArray &data) const;

    QTemporaryDir m_dir;
    QString m_path;
    QList<SessionFeed> m_live;
    quint32 m_pool = 0;
    bool m_labListening = false;
    qint64 m_restartNs = 0;
    qint64 m_before = 0, m_during = 0, m_after = 0;
    std::unique_ptr<MainWindow> m_window;
};

int tst_ReplayWindow::liveSnapshotFeed(qint64 timeNs) const
{
    int found = -1;
    for (int i = 0; i < m_live.size() && m_live[i].timeNs <= timeNs; ++i) {
        if (const PoolFeed *part = m_live[i].pool(m_pool); part && part->snapshot)
            found = i;
    }
    return found;
}

Rows tst_ReplayWindow::liveRows(int feed) const
{
    Rows rows;
    for (const ConnectionInfo &c : m_live[feed].pool(m_pool)->snapshot->connections) {
        if (c.state != ConnectionState::Closed)
            rows[c.id] = c.state;
    }
    return rows;
}

Rows tst_ReplayWindow::liveTable(int lastFeed) const
{
    ConnectionLedger ledger;
    for (int i = 0; i <= lastFeed; ++i) {
        if (const PoolFeed *part = m_live[i].pool(m_pool)) {
            ledger.addEvents(part->events);
            if (part->snapshot)
                ledger.applySnapshot(*part->snapshot);
        }
    }
    Rows rows;
    for (int i = 0; i < ledger.count(); ++i) {
        if (!ledger.at(i).closed)
            rows[ledger.at(i).id] = ledger.at(i).info.state;
    }
    return rows;
}

Rows tst_ReplayWindow::tableRows() const
{
    Rows rows;
    const ConnectionModel *model = m_window->connectionsPanel()->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        const ConnectionInfo &info = model->info(row);
        if (info.state != ConnectionState::Closed)
            rows[info.id] = info.state;
    }
    return rows;
}

qint64 tst_ReplayWindow::liveRequests(qint64 timeNs) const
{
    qint64 ok = 0;
    for (const SessionFeed &feed : m_live) {
        if (feed.timeNs > timeNs)
            break;
        if (const PoolFeed *part = feed.pool(m_pool)) {
            for (const LoadProgress &progress : part->workload)
                ok += qint64(progress.intervalOk());
        }
    }
    return ok;
}

QString tst_ReplayWindow::writeFile(const QString &name, const QByteArray &data) const
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size())
        return {};
    return path;
}

void tst_ReplayWindow::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_path = m_dir.filePath(u"restart.jsonl"_s);
    SessionProfile profile = SessionProfile::embeddedDefault();
    profile.lab.setupDelayMs = 5;
    profile.lab.latencyMs = 1;
    profile.lab.jitterMs = 0;
    profile.pool.backoffMaxMs = 200; // dials again soon after the lab is back
    profile.load.protocol.kind = profile.lab.protocol;

    RecordingWriter writer; // outlives the session, which may deliver as it ends
    Session session;
    QString error;
    QVERIFY2(writer.open(m_path, RecordingHeader::now(u"lab"_s, profile), &error),
             qPrintable(error));
    connect(&session, &Session::feedDelivered, this, [&](const SessionFeed &feed) {
        QVERIFY(writer.write(feed));
        m_live << feed;
        if (feed.lab.listening)
            m_labListening = *feed.lab.listening;
    });
    m_pool = session.open(profile, true);
    const auto stats = [this] {
        return m_live[liveSnapshotFeed(m_live.last().timeNs)].pool(m_pool)->snapshot->stats;
    };
    const auto wait = [](const std::function<bool()> &condition) {
        return QTest::qWaitFor(condition, Patience);
    };
    QVERIFY(wait([&] {
        return !m_live.isEmpty() && liveSnapshotFeed(m_live.last().timeNs) >= 0 && stats().open >= 2
            && stats().reuses >= 20;
    }));
    m_before = m_live.last().timeNs;
    m_restartNs = m_before;
    session.restartLab(1'500);
    QVERIFY(wait([&] { return !m_labListening && stats().dialFailures > 0; }));
    m_during = m_live.last().timeNs;
    const quint64 reusesDuring = stats().reuses;
    QVERIFY(wait([&] {
        return m_labListening && stats().open >= 2 && stats().reuses >= reusesDuring + 20;
    }));
    m_after = m_live.last().timeNs;
    session.stopWorkload(m_pool);
    // And a while after, so the moment after the restart is not the recording's end.
    QVERIFY(
        wait([&] { return stats().inUse == 0 && m_live.last().timeNs > m_after + 500'000'000; }));
    writer.close();
}

void tst_ReplayWindow::init()
{
    QString error;
    m_window = MainWindow::openRecording(m_path, &error);
    QVERIFY2(m_window, qPrintable(error));
    m_window->resize(1400, 900);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    // A view behind another's tab is not laid out: the statistics in front.
    m_window->findChild<QDockWidget *>(u"statisticsDock"_s)->raise();
}

void tst_ReplayWindow::saysPlainlyThatNothingIsLive()
{
    QVERIFY(m_window->isReplay());
    QVERIFY2(m_window->windowTitle().contains(u"recording restart.jsonl"_s),
             qPrintable(m_window->windowTitle()));
    QVERIFY(m_window->windowTitle().contains(u"nothing is live"_s));
    ReplayBar *bar = m_window->replayBar();
    QVERIFY(bar && bar->isVisible());
    QVERIFY(bar->description().contains(u"restart.jsonl"_s));
    QVERIFY(bar->description().contains(u"recording — nothing is live"_s));
    // Opened where the pool's first snapshot came, with the settings it ran on.
    ReplayPlayer *player = m_window->replayPlayer();
    QCOMPARE(player->positionNs(), player->firstMomentNs());
    QVERIFY(player->firstMomentNs() > player->startNs());
    QCOMPARE(player->endNs(), m_live.last().timeNs);
    QCOMPARE(bar->slider()->maximum(), int((player->endNs() - player->startNs()) / SliderStepNs));
    QCOMPARE(m_window->targetBar()->findChild<QLineEdit *>(u"targetEdit"_s)->text().isEmpty(),
             false);
}

void tst_ReplayWindow::sliderShowsTheViewsAsTheyWere_data()
{
    QTest::addColumn<int>("moment");
    QTest::addColumn<qint64>("historyNs");
    QTest::newRow("before the restart") << 0 << ReplayPlayer::DefaultHistoryNs;
    QTest::newRow("during") << 1 << ReplayPlayer::DefaultHistoryNs;
    QTest::newRow("after") << 2 << ReplayPlayer::DefaultHistoryNs;
    // A jump that feeds only the last second on top of the state then.
    QTest::newRow("after, one second of history") << 2 << qint64(1'000'000'000);
}

void tst_ReplayWindow::sliderShowsTheViewsAsTheyWere()
{
    QFETCH(int, moment);
    QFETCH(qint64, historyNs);
    ReplayPlayer *player = m_window->replayPlayer();
    player->setHistoryNs(historyNs);
    // The slider at the first step at or after a live snapshot's feed, before the next feed.
    const int feed = liveSnapshotFeed(std::array{m_before, m_during, m_after}[moment]);
    QVERIFY(feed >= 0);
    const qint64 feedNs = m_live[feed].timeNs;
    const int value = int((feedNs - player->startNs() + SliderStepNs - 1) / SliderStepNs);
    const qint64 atNs = player->startNs() + value * SliderStepNs;
    QVERIFY(feed + 1 == m_live.size() || m_live[feed + 1].timeNs > atNs);
    // From the far end first, so the slider moves back to the moment.
    player->seek(player->endNs());
    m_window->replayBar()->slider()->setValue(value);
    QTRY_COMPARE_WITH_TIMEOUT(player->positionNs(), atNs, Patience);

    const Rows live = liveTable(feed);
    QVERIFY(!live.empty() || moment == 1);
    const Rows table = tableRows();
    QVERIFY2(table == live,
             qPrintable(u"table: %1\nlive: %2"_s.arg(describe(table), describe(live))));
    // The same connections as the pool's snapshot then listed open.
    QCOMPARE(idsOf(table), idsOf(liveRows(feed)));
    const PoolStats &stats = m_live[feed].pool(m_pool)->snapshot->stats;
    QCOMPARE(m_window->state()->stats().open, stats.open);
    StatisticsView *statistics = m_window->statisticsView();
    QTRY_COMPARE_WITH_TIMEOUT(shown(statistics->summaryText(), u"Open now"_s), qint64(stats.open),
                              Patience);
    // The view lays its text out a few times a second.
    QTRY_COMPARE_WITH_TIMEOUT(shown(statistics->summaryText(), u"Dials"_s), qint64(stats.dials),
                              Patience);
    QCOMPARE(shown(statistics->summaryText(), u"Generation"_s), qint64(stats.generation));
    QTRY_COMPARE_WITH_TIMEOUT(shown(statistics->requestsText(), u"Requests"_s), liveRequests(atNs),
                              Patience);
    const QString status = m_window->findChild<QLabel *>(u"statusPool"_s)->text();
    QVERIFY2(status.startsWith(u"Pool: %1 open (%2 in use, %3 idle)"_s.arg(stats.open)
                                   .arg(stats.inUse)
                                   .arg(stats.idle)),
             qPrintable(status));
    QCOMPARE(status.contains(u"dials failing"_s), stats.consecutiveDialFailures > 0);
}

void tst_ReplayWindow::playsAt100xToTheEnd()
{
    ReplayPlayer *player = m_window->replayPlayer();
    ReplayBar *bar = m_window->replayBar();
    const qint64 from = player->positionNs();
    bar->speedBox()->setCurrentIndex(bar->speedBox()->findData(100));
    QCOMPARE(player->speed(), 100);
    QTest::mouseClick(bar->playButton(), Qt::LeftButton);
    QVERIFY(player->isPlaying());
    QCOMPARE(bar->playButton()->text(), u"Pause"_s);
    QTRY_VERIFY_WITH_TIMEOUT(player->positionNs() > from, Patience);
    QTRY_VERIFY_WITH_TIMEOUT(!player->isPlaying(), Patience);
    QCOMPARE(player->positionNs(), player->endNs());
    QCOMPARE(bar->slider()->value(), bar->slider()->maximum());
    QCOMPARE(bar->playButton()->text(), u"Play"_s);
    // What it played through is what the live feeds had at the end.
    const Rows live = liveTable(int(m_live.size()) - 1);
    QVERIFY(!live.empty());
    QCOMPARE(describe(tableRows()), describe(live));
}

void tst_ReplayWindow::nextDialFailureIsTheRestart()
{
    ReplayPlayer *player = m_window->replayPlayer();
    ReplayBar *bar = m_window->replayBar();
    std::optional<PoolEvent> first;
    for (const SessionFeed &feed : m_live) {
        for (const PoolEvent &event :
             feed.pool(m_pool) ? feed.pool(m_pool)->events : QList<PoolEvent>()) {
            if (!first && event.kind == EventKind::DialFailed)
                first = event;
        }
    }
    QVERIFY(first);
    QVERIFY(first->timeNs >= m_restartNs && first->timeNs <= m_during);

    QTest::mouseClick(bar->nextButton(EventKind::DialFailed), Qt::LeftButton);
    QVERIFY(player->positionNs() >= first->timeNs);
    QVERIFY(player->positionNs() <= m_during);
    QVERIFY2(bar->message().startsWith(u"dial failure at"_s), qPrintable(bar->message()));
    // The views have the failure: the table's connection is gone, the statistics count it.
    QTRY_VERIFY_WITH_TIMEOUT(shown(m_window->statisticsView()->summaryText(), u"Dials"_s) > 0,
                             Patience);
    const ConnectionLedger &ledger = m_window->ledger();
    bool failed = false;
    for (int i = 0; i < ledger.count(); ++i)
        failed |= ledger.at(i).id == first->connectionId && ledger.at(i).closed
            && ledger.at(i).dialError == first->dialError;
    QVERIFY2(failed, "the lanes and the table have the failed dial");

    // Back again: there is none before the first.
    QTest::mouseClick(bar->previousButton(EventKind::DialFailed), Qt::LeftButton);
    QVERIFY2(bar->message().startsWith(u"No dial failure before"_s), qPrintable(bar->message()));
    QVERIFY(player->positionNs() >= first->timeNs);
    // The recording has no acquire timeout at all.
    const qint64 at = player->positionNs();
    QTest::mouseClick(bar->nextButton(EventKind::WaiterTimedOut), Qt::LeftButton);
    QVERIFY2(bar->message().startsWith(u"No acquire timeout after"_s), qPrintable(bar->message()));
    QCOMPARE(player->positionNs(), at);
}

void tst_ReplayWindow::liveControlsAreDisabledSayingWhy()
{
    const QString why = MainWindow::recordingToolTip();
    QVERIFY(why.contains(u"recording"_s));
    for (QWidget *control : std::initializer_list<QWidget *>{
             m_window->targetBar(), m_window->workloadPanel(), m_window->poolSettingsPanel(),
             m_window->labPanel(), m_window->compareView(), m_window->reachabilityView()}) {
        QVERIFY2(!control->isEnabled(), qPrintable(control->objectName()));
        QCOMPARE(control->toolTip(), why);
    }
    // A field that explains itself says first why it is off.
    const auto *target = m_window->targetBar()->findChild<QLineEdit *>(u"targetEdit"_s);
    QVERIFY(!target->isEnabled());
    QVERIFY2(target->toolTip().startsWith(why), qPrintable(target->toolTip()));
    for (const QString &name :
         {u"actionStartStop"_s, u"actionFlush"_s, u"actionResetStatistics"_s,
          u"actionStartFromZero"_s, u"actionRestoreDefaults"_s, u"actionLabRestart"_s,
          u"actionLabReset"_s, u"actionLoadProfile"_s, u"actionPause"_s}) {
        const auto *action = m_window->findChild<QAction *>(name);
        QVERIFY2(action && !action->isEnabled(), qPrintable(name));
        QVERIFY(!action->toolTip().isEmpty());
    }
    QVERIFY(!m_window->statisticsView()->resetButton()->isEnabled());
    QVERIFY(!m_window->statisticsView()->startFromZeroButton()->isEnabled());
    // What a recording is for stays: opening another one, exporting, the views.
    QVERIFY(m_window->findChild<QAction *>(u"actionOpenRecording"_s)->isEnabled());
}

void tst_ReplayWindow::badFilesAreRefusedWithTheirMessage_data()
{
    QFile file(m_path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QList<QByteArray> lines = file.readAll().split('\n');
    QVERIFY(lines.size() > 4);
    QByteArray header = lines[0];
    QVERIFY(header.contains(",\"version\":1}"));
    header.replace(",\"version\":1}", ",\"version\":2}");
    QList<QByteArray> damaged = lines;
    damaged[2] = "not json";

    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty") << QByteArray() << u"the file is empty"_s;
    QTest::newRow("a PNG") << QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)
                           << u"a PNG image, not a recording"_s;
    QTest::newRow("a future version") << header + '\n' + lines[1] + '\n'
                                      << u"line 1: format version 2 is newer"_s;
    QTest::newRow("a damaged line") << damaged.join('\n') << u"line 3: not a JSON object"_s;
    QTest::newRow("a profile") << QByteArray("{\"poolscope_profile\":1}\n")
                               << u"line 1: not a recording header"_s;
}

void tst_ReplayWindow::badFilesAreRefusedWithTheirMessage()
{
    QFETCH(QByteArray, data);
    QFETCH(QString, message);
    const QString path = writeFile(u"bad.jsonl"_s, data);
    QVERIFY(!path.isEmpty());
    QString error;
    QVERIFY(!MainWindow::openRecording(path, &error));
    QVERIFY2(error.startsWith(path) && error.contains(message), qPrintable(error));

    // From the window's File menu: the message in its status bar, the window as it was.
    ReplayPlayer *player = m_window->replayPlayer();
    QVERIFY(!m_window->openRecordingFile(path, false));
    QCOMPARE(m_window->statusBar()->currentMessage(), error);
    const qint64 to = (player->startNs() + player->endNs()) / 2;
    player->seek(to);
    QCOMPARE(player->positionNs(), to);
    QCOMPARE(m_window->replayBar()->slider()->value(),
             int((to - player->startNs()) / SliderStepNs));
}

void tst_ReplayWindow::aCutOffFileOpensUpToItsLastCompleteLine()
{
    QFile file(m_path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QByteArray data = file.readAll();
    data.chop(1); // the last '\n'
    const qsizetype lastLine = data.lastIndexOf('\n') + 1;
    data.truncate(lastLine + 20);
    const QString path = writeFile(u"cut.jsonl"_s, data);
    QVERIFY(!path.isEmpty());

    MainWindow *opened = m_window->openRecordingFile(path, false);
    QVERIFY(opened);
    std::unique_ptr<MainWindow> window(opened);
    window->setAttribute(Qt::WA_DeleteOnClose, false);
    const QString where = u"ends in the middle of line %1"_s.arg(m_live.size() + 1);
    const auto *notice = window->replayBar()->findChild<QLabel *>(u"replayNotice"_s);
    QVERIFY2(notice->isVisible() && notice->text().contains(where), qPrintable(notice->text()));
    QVERIFY(window->statusBar()->currentMessage().contains(where));
    QCOMPARE(window->replayPlayer()->endNs(), m_live[m_live.size() - 2].timeNs);
}

void tst_ReplayWindow::aFileDroppedOnTheWindowOpens()
{
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(m_path)});
    const QPoint centre = m_window->rect().center();
    QDragEnterEvent enter(centre, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(m_window.get(), &enter);
    QVERIFY(enter.isAccepted());
    const auto windows = [] {
        QList<MainWindow *> found;
        for (QWidget *widget : QApplication::topLevelWidgets()) {
            if (auto *window = qobject_cast<MainWindow *>(widget); window && window->isVisible())
                found << window;
        }
        return found;
    };
    const QList<MainWindow *> before = windows();
    QDropEvent drop(QPointF(centre), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(m_window.get(), &drop);
    QVERIFY(drop.isAccepted());
    const QList<MainWindow *> after = windows();
    QCOMPARE(after.size(), before.size() + 1);
    MainWindow *opened = nullptr;
    for (MainWindow *window : after) {
        if (!before.contains(window))
            opened = window;
    }
    QVERIFY(opened && opened->isReplay());
    QCOMPARE(opened->replayPlayer()->endNs(), m_live.last().timeNs);
    opened->close(); // it deletes itself
}

QTEST_MAIN(tst_ReplayWindow)
#include "tst_replaywindow.moc"

// A live window's recordings, on a real session on the embedded lab: File → Record begins with
// the session as it is (a recording started in the middle opens with its connections, settings
// and lab), grows while the pool works and stops by itself, saying why, when the disk is full;
// File → Export trace writes a trace Perfetto shows, live (the last minutes) and from a
// recording; File → Compare recordings sets two side by side and refuses a file that is not one.
#include "../record/tracecheck.h"
#include "connectionmodel.h"
#include "connectionspanel.h"
#include "feedstate.h"
#include "mainwindow.h"
#include "recording.h"
#include "recordingcomparisondialog.h"
#include "recordingcontrol.h"
#include "replay.h"
#include "session.h"

#include <QAction>
#include <QFile>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

constexpr int Patience = 30'000; // ms: generous, for a loaded CI machine

int lineCount(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? int(file.readAll().count('\n')) : 0;
}

QJsonObject readJson(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(file.readAll()).object()
                                          : QJsonObject();
}

} // namespace

class tst_RecordWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void recordingBeginsWithTheSessionAsItIs();
    void aFullDiskStopsTheRecordingSayingWhy();
    void liveWindowExportsATrace();
    void recordingExportsATrace();
    void comparesTwoRecordings();
    void comparisonRefusesAFileThatIsNotARecording();
    void cleanupTestCase();

private:
    RecordingControl *recordings() const { return m_window->recordingControl(); }
    QString path(const QString &name) const { return m_dir.filePath(name); }

    QTemporaryDir m_dir;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<MainWindow> m_window;
    quint32 m_pool = 0;
    QString m_recording;
};

void tst_RecordWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    QVERIFY(m_dir.isValid());
    m_session = std::make_unique<Session>();
    m_pool = m_session->open(SessionProfile::embeddedDefault(), true);
    m_window = std::make_unique<MainWindow>(m_session.get(), m_pool);
    m_window->resize(1400, 900);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    // The pool has been working a while before anyone records.
    QTRY_VERIFY_WITH_TIMEOUT(m_window->state()->stats().reuses >= 20, Patience);
}

void tst_RecordWindow::recordingBeginsWithTheSessionAsItIs()
{
    m_recording = path(u"live.jsonl"_s);
    QAction *record = recordings()->recordAction();
    QCOMPARE(record->text(), u"&Record…"_s);
    QString error;
    QVERIFY2(recordings()->startRecording(m_recording, &error), qPrintable(error));
    QCOMPARE(record->text(), u"Stop &recording"_s);
    QTRY_VERIFY_WITH_TIMEOUT(recordings()->indicator()->isVisible(), Patience);
    QVERIFY2(recordings()->indicator()->text().contains(u"live.jsonl"_s),
             qPrintable(recordings()->indicator()->text()));
    // It grows while the pool works.
    QTRY_VERIFY_WITH_TIMEOUT(lineCount(m_recording) > 15, Patience);
    const int openNow = m_window->state()->stats().open;
    recordings()->stopRecording();
    QCOMPARE(record->text(), u"&Record…"_s);
    QVERIFY(!recordings()->indicator()->isVisible());
    QVERIFY2(m_window->statusBar()->currentMessage().startsWith(u"Recorded "_s + m_recording),
             qPrintable(m_window->statusBar()->currentMessage()));

    const auto read = Recording::readFile(m_recording, &error);
    QVERIFY2(read, qPrintable(error));
    QCOMPARE(read->notice(), QString());
    QCOMPARE(read->header.target, u"lab"_s);
    QVERIFY(read->header.settings.targetsLab);
    // The first line is the session as it was: no waiting for the next config or lab change.
    const SessionFeed &first = read->feeds.first();
    QVERIFY(first.lab.settings && first.lab.settings->port != 0);
    QCOMPARE(first.lab.listening, std::optional<bool>(true));
    const PoolFeed *pool = first.pool(m_pool);
    QVERIFY(pool && pool->config && pool->snapshot);
    QCOMPARE(pool->config->settings.maxConnections, m_session->profile(m_pool).pool.maxConnections);
    QVERIFY(pool->snapshot->stats.open > 0);

    // Opened, its first moment already shows the connections that were open.
    std::unique_ptr<MainWindow> replay = MainWindow::openRecording(m_recording, &error);
    QVERIFY2(replay, qPrintable(error));
    replay->show();
    QVERIFY(replay->connectionsPanel()->model()->rowCount() > 0);
    QVERIFY(openNow > 0);
}

void tst_RecordWindow::aFullDiskStopsTheRecordingSayingWhy()
{
    if (!QFile::exists(u"/dev/full"_s))
        QSKIP("no /dev/full here: nothing stands for a full disk");
    QString error;
    QVERIFY2(!recordings()->startRecording(u"/dev/full"_s, &error), "the header cannot fit");
    QVERIFY2(error.contains(u"/dev/full"_s), qPrintable(error));
    QVERIFY(!recordings()->isRecording());
    QCOMPARE(recordings()->recordAction()->text(), u"&Record…"_s);
    // The window carries on.
    const quint64 reuses = m_window->state()->stats().reuses;
    QTRY_VERIFY_WITH_TIMEOUT(m_window->state()->stats().reuses > reuses, Patience);
}

void tst_RecordWindow::liveWindowExportsATrace()
{
    const QString trace = path(u"live.trace.json"_s);
    QString error;
    QVERIFY2(recordings()->exportTrace(trace, &error), qPrintable(error));
    const QJsonObject object = readJson(trace);
    const QStringList problems = traceProblems(object);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.mid(0, 10).join(u'\n')));
    const TraceSummary summary = summarize(object);
    QVERIFY(summary.sliceNames.contains(u"in use"_s));
    QVERIFY(summary.counters > 0);
}

void tst_RecordWindow::recordingExportsATrace()
{
    QString error;
    std::unique_ptr<MainWindow> replay = MainWindow::openRecording(m_recording, &error);
    QVERIFY2(replay, qPrintable(error));
    QVERIFY(!replay->recordingControl()->recordAction()->isEnabled());
    const QString trace = path(u"recorded.trace.json"_s);
    QVERIFY2(replay->recordingControl()->exportTrace(trace, &error), qPrintable(error));
    const QJsonObject object = readJson(trace);
    const QStringList problems = traceProblems(object);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.mid(0, 10).join(u'\n')));
    QVERIFY(summarize(object).sliceNames.contains(u"in use"_s));
}

void tst_RecordWindow::comparesTwoRecordings()
{
    // A second recording, after the workload stopped.
    const QString second = path(u"stopped.jsonl"_s);
    m_session->stopWorkload(m_pool);
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->state()->isWorkloadRunning(), Patience);
    QString error;
    QVERIFY2(recordings()->startRecording(second, &error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(lineCount(second) > 5, Patience);
    recordings()->stopRecording();

    RecordingComparisonDialog dialog(m_recording);
    QCOMPARE(dialog.firstField()->text(), m_recording);
    dialog.secondField()->setText(second);
    QVERIFY2(dialog.compare(), qPrintable(dialog.messageLabel()->text()));
    QTableWidget *table = dialog.table();
    QCOMPARE(table->columnCount(), 4);
    int requestsRow = -1;
    for (int r = 0; r < table->rowCount(); ++r) {
        if (table->item(r, 0)->text() == RecordingComparisonDialog::figureName(u"requests"_s))
            requestsRow = r;
    }
    QVERIFY(requestsRow >= 0);
    // The first recording's requests, and at most the stopping workload's last ones in the
    // second.
    const qint64 first = table->item(requestsRow, 1)->text().toLongLong();
    const qint64 stopped = table->item(requestsRow, 2)->text().toLongLong();
    QVERIFY(first > 0);
    QVERIFY2(stopped < first, qPrintable(u"%1 against %2"_s.arg(stopped).arg(first)));
    QCOMPARE(table->item(requestsRow, 3)->text(),
             stopped ? u"%1×"_s.arg(double(stopped) / double(first), 0, 'f', 2) : u"–"_s);
    QVERIFY2(dialog.messageLabel()->text().contains(u"live.jsonl"_s),
             qPrintable(dialog.messageLabel()->text()));
}

void tst_RecordWindow::comparisonRefusesAFileThatIsNotARecording()
{
    const QString notOne = path(u"notes.txt"_s);
    QFile file(notOne);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("just some notes\n");
    file.close();
    RecordingComparisonDialog dialog(m_recording);
    dialog.secondField()->setText(notOne);
    QVERIFY(!dialog.compare());
    QVERIFY2(dialog.messageLabel()->text().startsWith(notOne + u": line 1: "_s),
             qPrintable(dialog.messageLabel()->text()));
    QCOMPARE(dialog.table()->rowCount(), 0);
}

void tst_RecordWindow::cleanupTestCase()
{
    m_window.reset();
    m_session.reset();
}

QTEST_MAIN(tst_RecordWindow)
#include "tst_recordwindow.moc"

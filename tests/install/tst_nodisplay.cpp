#include "externalcommand.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

// The binary where there is no display, as over SSH: --version and --help work, the window
// refuses in one line that names the headless equivalent, with exit status 2, never an abort.
class tst_NoDisplay : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void versionAndHelpNeedNoDisplay_data();
    void versionAndHelpNeedNoDisplay();
    void windowRefusesInOneLine_data();
    void windowRefusesInOneLine();
    void unreachableDisplayIsRefusedToo();
    void headlessPlatformsAreLeftToQt_data();
    void headlessPlatformsAreLeftToQt();
};

namespace {

const QString Binary = QStringLiteral(POOLSCOPE_BINARY);
const QString Headless = u"poolscope run --lab --compare"_s;

// An X display number nothing listens on, as a path or (Linux) an abstract socket.
int freeDisplayNumber()
{
    QFile unixSockets(u"/proc/net/unix"_s);
    const QByteArray listening
        = unixSockets.open(QIODevice::ReadOnly) ? unixSockets.readAll() : QByteArray();
    for (int n = 93; n < 200; ++n) {
        const QString socket = u"/tmp/.X11-unix/X%1"_s.arg(n);
        if (!QFile::exists(socket) && !listening.contains(QByteArray(socket.toUtf8() + '\n')))
            return n;
    }
    return -1;
}

void verifyRefusal(const ExternalCommand &run, const QString &mentions)
{
    QVERIFY2(run.finished, qPrintable(run.description));
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.out.isEmpty(), qPrintable(run.description));
    const QString message = QString::fromLocal8Bit(run.err);
    const QStringList lines = message.split(u'\n', Qt::SkipEmptyParts);
    QVERIFY2(!lines.isEmpty(), qPrintable(run.description));
    // Qt may warn first (e.g. that it could not connect to the display); the last line is ours.
    const QString last = lines.last();
    QVERIFY2(last.startsWith(u"poolscope: "_s), qPrintable(run.description));
    QVERIFY2(last.contains(Headless), qPrintable(run.description));
    QVERIFY2(last.contains(mentions), qPrintable(run.description));
}

} // namespace

void tst_NoDisplay::versionAndHelpNeedNoDisplay_data()
{
    QTest::addColumn<QString>("argument");
    QTest::addColumn<QString>("expected");
    const QString version = QRegularExpression::escape(QStringLiteral(POOLSCOPE_VERSION));
    QTest::newRow("--version") << u"--version"_s
                               << u"^poolscope %1 \\(Qt 6\\.\\d+\\.\\d+\\)\\n$"_s.arg(version);
    for (const QString &help : {u"-h"_s, u"--help"_s, u"help"_s})
        QTest::newRow(qPrintable(help))
            << help << u"^Usage: poolscope \\[COMMAND.*\\n  run .*\\n  --version "_s;
}

void tst_NoDisplay::versionAndHelpNeedNoDisplay()
{
    QFETCH(QString, argument);
    QFETCH(QString, expected);
    const auto run = ExternalCommand::run(Binary, {argument}, ExternalCommand::withoutDisplay());
    QVERIFY2(run.finished, qPrintable(run.description));
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.err.isEmpty(), qPrintable(run.description));
    const QRegularExpression pattern(expected, QRegularExpression::DotMatchesEverythingOption);
    QVERIFY2(pattern.match(QString::fromUtf8(run.out)).hasMatch(), qPrintable(run.description));
}

void tst_NoDisplay::windowRefusesInOneLine_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("platform");
    QTest::addColumn<QString>("mentions");
#ifdef POOLSCOPE_WITH_GUI
    QTest::newRow("no arguments") << QStringList() << QString() << u"DISPLAY"_s;
    QTest::newRow("a Qt option") << QStringList{u"-style"_s, u"Fusion"_s} << QString()
                                 << u"WAYLAND_DISPLAY"_s;
    QTest::newRow("QT_QPA_PLATFORM=xcb") << QStringList() << u"xcb"_s << u"xcb"_s;
    QTest::newRow("-platform wayland;xcb")
        << QStringList{u"-platform"_s, u"wayland;xcb"_s} << QString() << u"wayland;xcb"_s;
#else
    QTest::newRow("no window in this build") << QStringList() << QString() << u"no window"_s;
#endif
}

void tst_NoDisplay::windowRefusesInOneLine()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, platform);
    QFETCH(QString, mentions);
    QProcessEnvironment environment = ExternalCommand::withoutDisplay();
    // Without a runtime directory, libwayland finds no default socket either.
    environment.remove(u"XDG_RUNTIME_DIR"_s);
    if (!platform.isEmpty())
        environment.insert(u"QT_QPA_PLATFORM"_s, platform);
    const auto run = ExternalCommand::run(Binary, arguments, environment);
    verifyRefusal(run, mentions);
    QCOMPARE(QString::fromLocal8Bit(run.err).count(u'\n'), 1);
}

void tst_NoDisplay::unreachableDisplayIsRefusedToo()
{
#ifndef POOLSCOPE_WITH_GUI
    QSKIP("this build has no window");
#endif
    // DISPLAY is set, so only Qt can find out that nothing answers there: its platform plugin
    // fails, and the binary turns Qt's abort into the same refusal.
    const int display = freeDisplayNumber();
    QVERIFY2(display > 0, "every X display number from 93 to 199 is in use");
    QProcessEnvironment environment = ExternalCommand::withoutDisplay();
    environment.insert(u"DISPLAY"_s, u":%1"_s.arg(display));
    const auto run = ExternalCommand::run(Binary, {}, environment);
    verifyRefusal(run, u"DISPLAY is :%1"_s.arg(display));
}

void tst_NoDisplay::headlessPlatformsAreLeftToQt_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("platform");
    QTest::newRow("QT_QPA_PLATFORM=offscreen") << QStringList() << u"offscreen"_s;
    QTest::newRow("-platform minimal") << QStringList{u"-platform"_s, u"minimal"_s} << QString();
    QTest::newRow("a fallback list") << QStringList() << u"xcb;offscreen"_s;
}

void tst_NoDisplay::headlessPlatformsAreLeftToQt()
{
#ifndef POOLSCOPE_WITH_GUI
    QSKIP("this build has no window");
#endif
    QFETCH(QStringList, arguments);
    QFETCH(QString, platform);
    // The window opens (and keeps running) on a platform that needs no display server; its
    // settings go to a directory of the test's own.
    QTemporaryDir config;
    QVERIFY(config.isValid());
    QProcessEnvironment environment = ExternalCommand::withoutDisplay();
    environment.insert(u"XDG_CONFIG_HOME"_s, config.path());
    if (!platform.isEmpty())
        environment.insert(u"QT_QPA_PLATFORM"_s, platform);
    QProcess window;
    window.setProcessEnvironment(environment);
    window.start(Binary, arguments);
    QVERIFY(window.waitForStarted());
    QVERIFY2(!window.waitForFinished(2'000),
             qPrintable(u"exited %1:\n"_s.arg(window.exitCode())
                        + QString::fromLocal8Bit(window.readAllStandardError())));
    window.kill();
    window.waitForFinished();
}

QTEST_GUILESS_MAIN(tst_NoDisplay)
#include "tst_nodisplay.moc"

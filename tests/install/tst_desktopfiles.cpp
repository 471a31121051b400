#include "externalcommand.h"

#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;

// What a desktop and a shell learn about PoolScope: the desktop entry and the AppStream
// metadata pass their validators, the manual page renders without a warning, and the manual
// page and the bash completion know exactly the commands and options that --help prints.
class tst_DesktopFiles : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void desktopEntryValidates();
    void metainfoValidates();
    void manPageRendersWithoutWarnings();
    void manPageCoversEveryCommandAndOption_data();
    void manPageCoversEveryCommandAndOption();
    void completionOffersEveryCommandAndOption_data();
    void completionOffersEveryCommandAndOption();
    void completionOffersValues();
};

namespace {

const QString Binary = QStringLiteral(POOLSCOPE_BINARY);
const QString Source = QStringLiteral(POOLSCOPE_SOURCE_DIR);
const QString Built = QStringLiteral(POOLSCOPE_RESOURCES_BUILD_DIR);
const QString Completion = Source + u"/resources/completion/poolscope.bash"_s;

QString readText(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

// The commands "poolscope help" lists.
QStringList commands()
{
    const auto help = ExternalCommand::run(Binary, {u"help"_s});
    static const QRegularExpression command(u"^  ([a-z]+) "_s, QRegularExpression::MultilineOption);
    QStringList names;
    for (const auto &match : command.globalMatch(QString::fromUtf8(help.out)))
        names << match.captured(1);
    return names;
}

// The part of the manual page from the line starting with heading to the next .SS or .SH.
QString manSection(const QString &heading)
{
    const QString page = readText(Source + u"/resources/man/poolscope.1.in"_s);
    const qsizetype start = page.indexOf(u'\n' + heading);
    if (start < 0)
        return {};
    static const QRegularExpression next(u"\\n\\.S[SH] "_s);
    const qsizetype end = page.indexOf(next, start + 1);
    return page.mid(start, end < 0 ? -1 : end - start);
}

// The long options a manual page section defines: those on the line after each .TP (".B",
// ".BI" or ".BR"), such as ".BR \-h ", " \-\-help".
QStringList manOptions(const QString &section)
{
    static const QRegularExpression term(u"\\.TP\\n(\\.B[IR]? [^\\n]*)"_s);
    static const QRegularExpression option(u"((?:\\\\-){2}[a-z](?:[a-z]|\\\\-)*)"_s);
    QStringList options;
    for (const auto &line : term.globalMatch(section)) {
        for (const auto &match : option.globalMatch(line.captured(1)))
            options << match.captured(1).replace(u"\\-"_s, u"-"_s);
    }
    return options;
}

// What the completion offers for the words so far (the last one being completed).
QStringList complete(const QStringList &words)
{
    QStringList quoted;
    for (const QString &word : words)
        quoted << u"'"_s + word + u"'"_s;
    const QString script
        = u"source '%1' && COMP_WORDS=(%2) && COMP_CWORD=%3 && _poolscope && "
          u"printf '%s\\n' \"${COMPREPLY[@]}\""_s.arg(Completion, quoted.join(u' '))
              .arg(words.size() - 1);
    const auto run = ExternalCommand::run(u"bash"_s, {u"--norc"_s, u"-c"_s, script});
    if (!run.finished || run.exitCode != 0 || !run.err.isEmpty())
        return {u"(failed) "_s + run.description};
    return QString::fromUtf8(run.out).split(u'\n', Qt::SkipEmptyParts);
}

// "a, b" for the items in one list and not in the other.
QString missingFrom(const QStringList &items, const QStringList &from)
{
    QStringList missing;
    for (const QString &item : items) {
        if (!from.contains(item))
            missing << item;
    }
    return missing.join(u", "_s);
}

} // namespace

void tst_DesktopFiles::desktopEntryValidates()
{
    const QString validate
        = ExternalCommand::requireTool(u"desktop-file-validate"_s, u"desktop-file-utils"_s);
    if (validate.isEmpty())
        return;
    const auto run
        = ExternalCommand::run(validate, {Source + u"/resources/desktop/poolscope.desktop"_s});
    QVERIFY2(run.finished && run.exitCode == 0, qPrintable(run.description));
    // Hints pass: the issue asks for three main categories, which desktop-file-validate hints
    // makes the entry appear in three menus. Errors and warnings do not.
    for (const QString &line : QString::fromUtf8(run.out + run.err).split(u'\n')) {
        QVERIFY2(!line.contains(u": error: "_s) && !line.contains(u": warning: "_s),
                 qPrintable(line));
    }
}

void tst_DesktopFiles::metainfoValidates()
{
#ifndef POOLSCOPE_WITH_GUI
    QSKIP("a build without the window installs no AppStream metadata");
#endif
    const QString appstreamcli = ExternalCommand::requireTool(u"appstreamcli"_s, u"appstream"_s);
    if (appstreamcli.isEmpty())
        return;
    const QString metainfo = Built + u"/io.github.poolscope.poolscope.metainfo.xml"_s;
    QVERIFY2(QFile::exists(metainfo), qPrintable(metainfo));
    const auto run = ExternalCommand::run(
        appstreamcli, {u"validate"_s, u"--no-net"_s, u"--pedantic"_s, metainfo});
    QVERIFY2(run.finished && run.exitCode == 0, qPrintable(run.description));
    QVERIFY2(run.out.contains("Validation was successful"), qPrintable(run.description));
    QVERIFY2(!run.out.contains("pedantic:") && !run.out.contains("info:"),
             qPrintable(run.description));
}

void tst_DesktopFiles::manPageRendersWithoutWarnings()
{
    const QString man = ExternalCommand::requireTool(u"man"_s, u"man-db"_s);
    if (man.isEmpty())
        return;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"MANWIDTH"_s, u"80"_s);
    environment.insert(u"LC_ALL"_s, u"C.UTF-8"_s);
    // -ww: every groff warning, among them lines that cannot be broken or adjusted.
    const auto run = ExternalCommand::run(
        man, {u"--warnings=w"_s, u"-E"_s, u"UTF-8"_s, u"-l"_s, Built + u"/poolscope.1"_s},
        environment);
    QVERIFY2(run.finished && run.exitCode == 0, qPrintable(run.description));
    QVERIFY2(run.err.isEmpty(), qPrintable(run.description));
    QVERIFY2(run.out.startsWith("POOLSCOPE(1)"), qPrintable(run.description));
    QVERIFY2(run.out.contains("PoolScope " POOLSCOPE_VERSION), qPrintable(run.description));
    // groff does not warn about lines in no-fill blocks (the examples) that run past the width.
    for (const QString &line : QString::fromUtf8(run.out).split(u'\n'))
        QVERIFY2(line.size() <= 80, qPrintable(u"wider than 80 columns: "_s + line));
}

void tst_DesktopFiles::manPageCoversEveryCommandAndOption_data()
{
    QTest::addColumn<QString>("command");
    for (const QString &command : commands())
        QTest::newRow(qPrintable(command)) << command;
    QTest::newRow("(top level)") << QString();
}

void tst_DesktopFiles::manPageCoversEveryCommandAndOption()
{
    QFETCH(QString, command);
    const QString section = command.isEmpty() ? manSection(u".SH OPTIONS"_s)
                                              : manSection(u".SS \"poolscope %1\""_s.arg(command));
    QVERIFY2(!section.isEmpty(), qPrintable(u"the man page has no section for "_s + command));
    if (command == u"help")
        return;
    if (command.isEmpty())
        QVERIFY2(!manSection(u".SS \"poolscope (the window)\""_s).isEmpty(),
                 "the man page has no section for the window");
    const QStringList arguments
        = command.isEmpty() ? QStringList{u"--help"_s} : QStringList{command, u"--help"_s};
    const auto help = ExternalCommand::run(Binary, arguments);
    QVERIFY2(help.finished && help.exitCode == 0, qPrintable(help.description));
    QStringList inHelp = help.optionsInOutput();
    QVERIFY2(!inHelp.isEmpty(), qPrintable(help.description));
    const QStringList inMan = manOptions(section);
    const QString notInMan = missingFrom(inHelp, inMan);
    QVERIFY2(notInMan.isEmpty(), qPrintable(u"in --help, not in the man page: "_s + notInMan));
    const QString notInHelp = missingFrom(inMan, inHelp);
    QVERIFY2(notInHelp.isEmpty(), qPrintable(u"in the man page, not in --help: "_s + notInHelp));
}

void tst_DesktopFiles::completionOffersEveryCommandAndOption_data()
{
    QTest::addColumn<QString>("command");
    for (const QString &command : commands()) {
        if (command != u"help")
            QTest::newRow(qPrintable(command)) << command;
    }
    QTest::newRow("(top level)") << QString();
}

void tst_DesktopFiles::completionOffersEveryCommandAndOption()
{
    QFETCH(QString, command);
    QVERIFY(ExternalCommand::requireTool(u"bash"_s, u"bash"_s) != QString());
    QStringList expected;
    QStringList offered;
    if (command.isEmpty()) {
        expected = commands() + ExternalCommand::run(Binary, {u"--help"_s}).optionsInOutput();
        offered = complete({u"poolscope"_s, QString()});
    } else {
        const auto help = ExternalCommand::run(Binary, {command, u"--help"_s});
        QVERIFY2(help.finished && help.exitCode == 0, qPrintable(help.description));
        // Every command takes --help too; its usage lists only the other options.
        expected = help.optionsInOutput() << u"--help"_s;
        offered = complete({u"poolscope"_s, command, u"--"_s});
    }
    QVERIFY2(expected.size() > 1, qPrintable(expected.join(u' ')));
    const QString notOffered = missingFrom(expected, offered);
    QVERIFY2(notOffered.isEmpty(), qPrintable(u"the completion does not offer: "_s + notOffered));
    const QString unknown = missingFrom(offered, expected);
    QVERIFY2(unknown.isEmpty(),
             qPrintable(u"the completion offers what --help does not: "_s + unknown));
}

void tst_DesktopFiles::completionOffersValues()
{
    const QStringList protocols{u"echo"_s, u"line"_s, u"http"_s, u"redis"_s, u"memcached"_s};
    QCOMPARE(complete({u"poolscope"_s, u"run"_s, u"--protocol"_s, QString()}), protocols);
    // "--protocol=re": bash splits the word at the '='.
    QCOMPARE(complete({u"poolscope"_s, u"probe"_s, u"--protocol"_s, u"="_s, u"re"_s}),
             QStringList{u"redis"_s});
    QCOMPARE(complete({u"poolscope"_s, u"run"_s, u"--report"_s, QString()}),
             (QStringList{u"text"_s, u"json"_s}));
    // A value the user types: no options offered in its place.
    QCOMPARE(complete({u"poolscope"_s, u"run"_s, u"--requests"_s, QString()}), QStringList());
    QCOMPARE(complete({u"poolscope"_s, u"lab"_s, u"--bl"_s}), QStringList{u"--blackhole"_s});
}

QTEST_GUILESS_MAIN(tst_DesktopFiles)
#include "tst_desktopfiles.moc"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

// End to end: the built poolscope binary, run as "poolscope script FILE|-". What the scripts
// do is tst_script's and tst_poolsemantics'; this is the command around them.
class tst_ScriptCommand : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fromStdin();
    void fromFile();
    void exitStatus_data();
    void exitStatus();
    void help();
};

namespace {

constexpr int Timeout = 20'000;

struct Result
{
    int exitCode = -1;
    QList<QByteArray> lines;
    QString errors;
};

Result run(const QStringList &arguments, const QByteArray &input = {})
{
    QProcess process;
    process.start(QStringLiteral(POOLSCOPE_BINARY), QStringList{u"script"_s} + arguments);
    if (!process.waitForStarted(Timeout))
        return {};
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(Timeout))
        return {};
    Result result;
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.lines = process.readAllStandardOutput().trimmed().split('\n');
    result.errors = QString::fromUtf8(process.readAllStandardError());
    return result;
}

const QByteArray Script = R"({"op":"create","lab":{}}
{"op":"acquire","label":"c1","id":"a"}
{"op":"release","label":"c1"}
{"op":"expect","kind":"released","count":1}
)";

} // namespace

void tst_ScriptCommand::fromStdin()
{
    const Result result = run({u"-"_s}, Script);
    QVERIFY2(result.exitCode == 0, qPrintable(result.errors));
    QVERIFY(result.errors.isEmpty());
    // Every line is one JSON object: the pool's events and a reply per command.
    int replies = 0;
    for (const QByteArray &line : result.lines) {
        const QJsonObject object = QJsonDocument::fromJson(line).object();
        QVERIFY2(!object.isEmpty(), line.constData());
        replies += object.contains(u"reply"_s);
    }
    QCOMPARE(replies, 4);
    QJsonObject acquired;
    for (const QByteArray &line : result.lines) {
        if (line.contains(R"("reply":"a")"))
            acquired = QJsonDocument::fromJson(line).object();
    }
    QCOMPARE(acquired.value(u"reply"_s).toString(), u"a"_s);
    QCOMPARE(acquired.value(u"ok"_s).toBool(), true);
    QCOMPARE(acquired.value(u"conn"_s).toInt(), 1);
}

void tst_ScriptCommand::fromFile()
{
    QTemporaryDir dir;
    QFile file(dir.filePath(u"s.json"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(Script);
    file.close();
    const Result result = run({file.fileName()});
    QVERIFY2(result.exitCode == 0, qPrintable(result.errors));
    QVERIFY(result.lines.last().contains(R"("op":"expect")"));
}

void tst_ScriptCommand::exitStatus_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    QTest::newRow("failed expect")
        << QStringList{u"-"_s} << QByteArray(Script).replace(R"("count":1)", R"("count":2)") << 1
        << u"poolscope script: stdin: line 4 (expect): expected 2 events matching"_s;
    QTest::newRow("unknown op") << QStringList{u"-"_s}
                                << QByteArray(Script).replace("release", "relase") << 2
                                << u"poolscope script: stdin: line 3: unknown op \"relase\""_s;
    QTest::newRow("empty") << QStringList{u"-"_s} << QByteArray("\n") << 2
                           << u"poolscope script: stdin: the script is empty"_s;
    QTest::newRow("no such file") << QStringList{u"/nonexistent/s.json"_s} << QByteArray() << 2
                                  << u"poolscope script: cannot read /nonexistent/s.json"_s;
    QTest::newRow("no argument") << QStringList() << QByteArray() << 2
                                 << u"poolscope script: give one script"_s;
}

void tst_ScriptCommand::exitStatus()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, input);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    const Result result = run(arguments, input);
    QCOMPARE(result.exitCode, exitCode);
    QVERIFY2(result.errors.startsWith(message), qPrintable(result.errors));
}

void tst_ScriptCommand::help()
{
    const Result result = run({u"--help"_s});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.lines.first().startsWith("Usage: poolscope script FILE|-"));
}

QTEST_GUILESS_MAIN(tst_ScriptCommand)
#include "tst_scriptcommand.moc"

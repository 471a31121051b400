#include "externalcommand.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

using namespace Qt::StringLiterals;

// PoolScope installed as a user gets it: "cmake --install" into a prefix of the test's own,
// and the Debian package that CPack makes of the same install rules.
class tst_Install : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void installsIntoAPrefix();
    void debianPackage();
};

namespace {

const QString Build = QStringLiteral(POOLSCOPE_BUILD_DIR);

const QList<int> IconSizes{16, 32, 48, 64, 128, 256};

// Every file the install rules put under the prefix, relative to it.
QStringList expectedFiles()
{
    QStringList files{
        u"bin/poolscope"_s,
        u"share/man/man1/poolscope.1.gz"_s,
        u"share/bash-completion/completions/poolscope"_s,
        u"share/doc/poolscope/README.md"_s,
    };
#ifdef POOLSCOPE_WITH_GUI
    files << u"share/applications/poolscope.desktop"_s
          << u"share/metainfo/io.github.poolscope.poolscope.metainfo.xml"_s
          << u"share/icons/hicolor/scalable/apps/poolscope.svg"_s;
    for (const int size : IconSizes)
        files << u"share/icons/hicolor/%1x%1/apps/poolscope.png"_s.arg(size);
#endif
    files.sort();
    return files;
}

QStringList filesUnder(const QString &root)
{
    QStringList files;
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << QDir(root).relativeFilePath(it.next());
    files.sort();
    return files;
}

// A PNG's width and height, from its IHDR chunk.
QSize pngSize(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray head = file.read(24);
    if (head.size() < 24 || !head.startsWith("\x89PNG\r\n\x1a\n") || head.mid(12, 4) != "IHDR")
        return {};
    return QSize(qFromBigEndian<qint32>(head.constData() + 16),
                 qFromBigEndian<qint32>(head.constData() + 20));
}

} // namespace

void tst_Install::installsIntoAPrefix()
{
    QTemporaryDir prefix;
    QVERIFY(prefix.isValid());
    const auto install = ExternalCommand::run(
        QStringLiteral(POOLSCOPE_CMAKE), {u"--install"_s, Build, u"--prefix"_s, prefix.path()});
    QVERIFY2(install.finished && install.exitCode == 0, qPrintable(install.description));
    QCOMPARE(filesUnder(prefix.path()), expectedFiles());

    const auto version = ExternalCommand::run(prefix.filePath(u"bin/poolscope"_s), {u"--version"_s},
                                              ExternalCommand::withoutDisplay());
    QVERIFY2(version.finished && version.exitCode == 0, qPrintable(version.description));
    QVERIFY2(version.out.startsWith("poolscope " POOLSCOPE_VERSION " (Qt 6."),
             qPrintable(version.description));

#ifdef POOLSCOPE_WITH_GUI
    for (const int size : IconSizes) {
        QCOMPARE(
            pngSize(prefix.filePath(u"share/icons/hicolor/%1x%1/apps/poolscope.png"_s.arg(size))),
            QSize(size, size));
    }
#endif
    const QString man = ExternalCommand::requireTool(u"man"_s, u"man-db"_s);
    if (man.isEmpty())
        return;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"MANWIDTH"_s, u"80"_s);
    const auto page = ExternalCommand::run(
        man, {u"-l"_s, prefix.filePath(u"share/man/man1/poolscope.1.gz"_s)}, environment);
    QVERIFY2(page.finished && page.exitCode == 0 && page.err.isEmpty(),
             qPrintable(page.description));
    QVERIFY2(page.out.contains("poolscope probe"), qPrintable(page.description));
}

void tst_Install::debianPackage()
{
    const QString dpkgDeb = ExternalCommand::requireTool(u"dpkg-deb"_s, u"dpkg"_s);
    if (dpkgDeb.isEmpty()
        || ExternalCommand::requireTool(u"dpkg-shlibdeps"_s, u"dpkg-dev"_s).isEmpty()
        || ExternalCommand::requireTool(u"file"_s, u"file"_s).isEmpty())
        return;
    QTemporaryDir output;
    QVERIFY(output.isValid());
    const auto cpack = ExternalCommand::run(
        QStringLiteral(POOLSCOPE_CPACK),
        {u"-G"_s, u"DEB"_s, u"--config"_s, Build + u"/CPackConfig.cmake"_s, u"-B"_s, output.path()},
        {}, 300'000);
    QVERIFY2(cpack.finished && cpack.exitCode == 0, qPrintable(cpack.description));
    const QStringList debs = QDir(output.path()).entryList({u"poolscope_*.deb"_s}, QDir::Files);
    QVERIFY2(debs.size() == 1, qPrintable(cpack.description));
    const QString deb = output.filePath(debs.first());
    QVERIFY2(QRegularExpression(u"^poolscope_%1_[a-z0-9]+\\.deb$"_s.arg(
                                    QRegularExpression::escape(QStringLiteral(POOLSCOPE_VERSION))))
                 .match(debs.first())
                 .hasMatch(),
             qPrintable(debs.first()));

    const auto contents = ExternalCommand::run(dpkgDeb, {u"--contents"_s, deb});
    QVERIFY2(contents.finished && contents.exitCode == 0, qPrintable(contents.description));
    qInfo("%s", contents.out.constData());
    QStringList files;
    static const QRegularExpression file(u"^-\\S+ \\S+ +\\d+ \\S+ \\S+ \\./usr/(\\S+)$"_s,
                                         QRegularExpression::MultilineOption);
    for (const auto &match : file.globalMatch(QString::fromUtf8(contents.out)))
        files << match.captured(1);
    files.sort();
    QCOMPARE(files, expectedFiles());
    QVERIFY2(contents.out.contains("-rwxr-xr-x root/root"), qPrintable(contents.description));

    const auto control = ExternalCommand::run(dpkgDeb, {u"--field"_s, deb});
    QVERIFY2(control.finished && control.exitCode == 0, qPrintable(control.description));
    qInfo("%s", control.out.constData());
    const QString fields = QString::fromUtf8(control.out);
    QVERIFY2(fields.contains(u"\nPackage: poolscope\n"_s)
                 || fields.startsWith(u"Package: poolscope\n"_s),
             qPrintable(fields));
    QVERIFY2(fields.contains(u"\nVersion: " POOLSCOPE_VERSION "\n"_s), qPrintable(fields));
    // From dpkg-shlibdeps: the Qt libraries the binary links, with versions.
    QVERIFY2(QRegularExpression(u"\\nDepends: .*libqt6network6 \\(>= 6"_s).match(fields).hasMatch(),
             qPrintable(fields));
#ifdef POOLSCOPE_WITH_GUI
    QVERIFY2(QRegularExpression(u"\\nDepends: .*libqt6widgets6"_s).match(fields).hasMatch(),
             qPrintable(fields));
    QVERIFY2(QRegularExpression(u"\\nDepends: .*qt6-qpa-plugins"_s).match(fields).hasMatch(),
             qPrintable(fields));
#endif
}

QTEST_GUILESS_MAIN(tst_Install)
#include "tst_install.moc"

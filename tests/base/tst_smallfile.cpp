#include "smallfile.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

// A file the user named is read whole or refused with a reason, never cut.
class tst_SmallFile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsAFileAtTheLimitWhole();
    void refusesALargerOneSayingSo();
    void saysWhyItCannotRead();

private:
    QString write(const QString &name, qint64 size);
    QTemporaryDir m_dir;
};

QString tst_SmallFile::write(const QString &name, qint64 size)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QByteArray(size, 'x')) != size)
        return {};
    return path;
}

void tst_SmallFile::readsAFileAtTheLimitWhole()
{
    const QString path = write(u"at.json"_s, 4096);
    QVERIFY(!path.isEmpty());
    const SmallFile file = SmallFile::read(path, 4096);
    QVERIFY2(file.error.isEmpty(), qPrintable(file.error));
    QCOMPARE(file.data.size(), 4096);
}

void tst_SmallFile::refusesALargerOneSayingSo()
{
    const QString path = write(u"over.json"_s, 4097);
    QVERIFY(!path.isEmpty());
    const SmallFile file = SmallFile::read(path, 4096);
    QCOMPARE(file.error, u"it is larger than 4 KiB, the most accepted"_s);
    QVERIFY(file.data.isEmpty());
}

void tst_SmallFile::saysWhyItCannotRead()
{
    const SmallFile missing = SmallFile::read(m_dir.filePath(u"missing.json"_s), 4096);
    QVERIFY(!missing.error.isEmpty());
    QVERIFY(missing.data.isEmpty());
    const SmallFile folder = SmallFile::read(m_dir.path(), 4096);
    QVERIFY(!folder.error.isEmpty());
}

QTEST_GUILESS_MAIN(tst_SmallFile)
#include "tst_smallfile.moc"

#include "poolsettingfield.h"

#include <QFile>
#include <QTest>

using namespace Qt::StringLiterals;

// The README's table of pool settings is the user's reference: it must list every setting with
// the default and the accepted range the code really has.
class tst_Readme : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void settingsTableMatchesTheCode();
};

namespace {

QString defaultText(const PoolSettingField &field)
{
    const QVariant value = field.defaultValue();
    switch (field.kind) {
    case PoolSettingField::Kind::Switch:
        return value.toBool() ? u"true"_s : u"false"_s;
    case PoolSettingField::Kind::Integer:
    case PoolSettingField::Kind::Fraction:
        return value.toLongLong() == 0 && field.key == u"port"_s
            ? u"(none)"_s
            : QString::number(value.toLongLong());
    case PoolSettingField::Kind::List:
        return value.toStringList().isEmpty() ? u"(none)"_s : value.toStringList().join(u", "_s);
    case PoolSettingField::Kind::Text:
    case PoolSettingField::Kind::Choice:
        return value.toString().isEmpty() ? u"(none)"_s : value.toString();
    }
    return {};
}

} // namespace

void tst_Readme::settingsTableMatchesTheCode()
{
    QFile readme(QStringLiteral(POOLSCOPE_SOURCE_DIR "/README.md"));
    QVERIFY(readme.open(QIODevice::ReadOnly));
    QHash<QString, QStringList> rows;
    while (!readme.atEnd()) {
        const QString line = QString::fromUtf8(readme.readLine()).trimmed();
        if (!line.startsWith(u"| `"_s))
            continue;
        QStringList cells = line.split(u'|');
        for (QString &cell : cells)
            cell = cell.trimmed();
        // | `key` | meaning | unit | default | accepted |
        if (cells.size() == 7)
            rows.insert(cells[1].mid(1, cells[1].size() - 2), cells);
    }
    for (const PoolSettingField &field : PoolSettingField::all()) {
        QVERIFY2(rows.contains(field.key), qPrintable(field.key + u" is not in the README"_s));
        const QStringList &cells = rows[field.key];
        QVERIFY2(!cells[2].isEmpty(), qPrintable(field.key + u" has no meaning"_s));
        QCOMPARE(cells[3], field.unit);
        QCOMPARE(cells[4], defaultText(field));
        QCOMPARE(cells[5], field.acceptedText());
    }
    QCOMPARE(rows.size(), PoolSettingField::all().size());
}

QTEST_GUILESS_MAIN(tst_Readme)
#include "tst_readme.moc"

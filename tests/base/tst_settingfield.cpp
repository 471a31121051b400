#include "settingfield.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace {

struct Toy
{
    qint64 delayMs = 10;
    bool fast = false;
};

SettingField<Toy> delay(SettingFieldBase::Wording wording)
{
    SettingField<Toy> field;
    field.key = u"delay"_s;
    field.wording = wording;
    field.unit = u"ms"_s;
    field.minimum = 1;
    field.maximum = 1000;
    field.zeroMeans = u"never"_s;
    field.bind(&Toy::delayMs);
    return field;
}

} // namespace

// One descriptor for the pool's settings and the lab's knobs; each keeps its wording.
class tst_SettingField : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void bind();
    void wordings();
    void switches();
};

void tst_SettingField::bind()
{
    const SettingField<Toy> field = delay(SettingFieldBase::Wording::AsRead);
    QCOMPARE(field.defaultValue(), QVariant(qint64(10)));
    Toy toy;
    field.set(toy, *field.parse(u" 250 ", nullptr));
    QCOMPARE(toy.delayMs, 250);
    QCOMPARE(field.check(qint64(0)), QString()); // 0 means never
    QCOMPARE(field.check(qint64(2000)),
             u"delay: 2000 is out of range; accepted: 0 (never) or 1 "
             "to 1000 ms"_s);
}

void tst_SettingField::wordings()
{
    QString error;
    const SettingField<Toy> asRead = delay(SettingFieldBase::Wording::AsRead);
    QVERIFY(!asRead.parse(u"soon", &error));
    QCOMPARE(error, u"\"soon\" is not a whole number; accepted: 0 (never) or 1 to 1000 ms"_s);
    QVERIFY(!asRead.parse(u"2000", &error));
    QCOMPARE(error, u"2000 is out of range; accepted: 0 (never) or 1 to 1000 ms"_s);

    const SettingField<Toy> asTyped = delay(SettingFieldBase::Wording::AsTyped);
    QVERIFY(!asTyped.parse(u"soon", &error));
    QCOMPARE(error, u"\"soon\" is not a number; accepted: 0 (never) or 1 to 1000 (ms)"_s);
    QVERIFY(!asTyped.parse(u"2000", &error));
    QCOMPARE(error, u"\"2000\" is out of range; accepted: 0 (never) or 1 to 1000 (ms)"_s);
    QVERIFY(!asTyped.parse(u"1.5", &error));
    QCOMPARE(error, u"\"1.5\" is not a whole number; accepted: 0 (never) or 1 to 1000 (ms)"_s);
}

void tst_SettingField::switches()
{
    SettingField<Toy> field;
    field.key = u"fast"_s;
    field.kind = SettingFieldBase::Kind::Switch;
    field.bind(&Toy::fast);
    QCOMPARE(field.parse(u" Yes ", nullptr), QVariant(true));
    QCOMPARE(field.parse(u"0", nullptr), QVariant(false));
    QString error;
    QVERIFY(!field.parse(u"maybe", &error));
    QCOMPARE(error, u"\"maybe\" is not a switch; accepted: true or false (on/off, 1/0)"_s);
    field.wording = SettingFieldBase::Wording::AsTyped;
    QVERIFY(!field.parse(u"maybe", &error));
    QCOMPARE(error, u"\"maybe\" is not a switch; accepted: on or off"_s);
}

QTEST_GUILESS_MAIN(tst_SettingField)
#include "tst_settingfield.moc"

#include "enumnames.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace {

enum class Colour : quint8 { Red, Green, Blue };

} // namespace

template<> struct EnumNames<Colour>
{
    static constexpr Colour last = Colour::Blue;
    static constexpr std::array names{"red", "green", "blue"};
};

// One mechanism names every enum that has names; here on an enum of its own.
class tst_EnumNames : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void names();
    void fromName();
    void nameList();
};

void tst_EnumNames::names()
{
    QCOMPARE(enumName(Colour::Red), u"red"_s);
    QCOMPARE(enumName(Colour::Blue), u"blue"_s);
    QCOMPARE(enumName(Colour(7)), u"unknown"_s);
}

void tst_EnumNames::fromName()
{
    QCOMPARE(enumFromName<Colour>(u"green"), Colour::Green);
    QCOMPARE(enumFromName<Colour>(u"Green"), std::nullopt);
    QCOMPARE(enumFromName<Colour>(u"Green", Qt::CaseInsensitive), Colour::Green);
    QCOMPARE(enumFromName<Colour>(u""), std::nullopt);
    QCOMPARE(enumFromName<Colour>(u"purple"), std::nullopt);
}

void tst_EnumNames::nameList()
{
    QCOMPARE(enumNameList<Colour>(), QStringList({u"red"_s, u"green"_s, u"blue"_s}));
}

QTEST_GUILESS_MAIN(tst_EnumNames)
#include "tst_enumnames.moc"

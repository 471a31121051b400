#pragma once

#include <QLatin1StringView>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <array>
#include <cstddef>
#include <optional>

// The names of an enum's values: its words in JSON, on the command line and in reports. An enum
// that has names specialises EnumNames once, next to its declaration, with its last value and
// one name per value, indexed by value (the enum counts from 0 without gaps):
//
//     template<> struct EnumNames<ProtocolKind>
//     {
//         static constexpr ProtocolKind last = ProtocolKind::Memcached;
//         static constexpr std::array names{"echo", "line", "http", "redis", "memcached"};
//     };
//
// enumName(ProtocolKind::Http) is then "http", enumFromName<ProtocolKind>(u"http") Http.
template<typename Enum> struct EnumNames;

namespace EnumNamesDetail {

template<typename Enum> constexpr const auto &namesOf()
{
    static_assert(EnumNames<Enum>::names.size() == std::size_t(EnumNames<Enum>::last) + 1,
                  "EnumNames<Enum>::names must name every value, from 0 to last");
    return EnumNames<Enum>::names;
}

} // namespace EnumNamesDetail

template<typename Enum> QString enumName(Enum value)
{
    const auto &names = EnumNamesDetail::namesOf<Enum>();
    const auto index = std::size_t(value);
    return index < names.size() ? QString(QLatin1StringView(names[index]))
                                : QStringLiteral("unknown");
}

template<typename Enum>
std::optional<Enum> enumFromName(QStringView name, Qt::CaseSensitivity cs = Qt::CaseSensitive)
{
    const auto &names = EnumNamesDetail::namesOf<Enum>();
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (name.compare(QLatin1StringView(names[i]), cs) == 0)
            return Enum(i);
    }
    return std::nullopt;
}

// Every name, in the order of the values.
template<typename Enum> QStringList enumNameList()
{
    QStringList list;
    for (const char *name : EnumNamesDetail::namesOf<Enum>())
        list << QString(QLatin1StringView(name));
    return list;
}

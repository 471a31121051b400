#include "httpsyntax.h"

#include <algorithm>

bool HttpSyntax::isToken(QByteArrayView text)
{
    static constexpr QByteArrayView Specials = "!#$%&'*+-.^_`|~";
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
            || Specials.contains(c);
    });
}

qsizetype HttpSyntax::invalidFieldValueByte(QByteArrayView value)
{
    const auto *bad = std::find_if(value.begin(), value.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return (byte < 0x20 && byte != '\t') || byte == 0x7f;
    });
    return bad == value.end() ? -1 : bad - value.begin();
}

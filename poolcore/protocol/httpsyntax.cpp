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

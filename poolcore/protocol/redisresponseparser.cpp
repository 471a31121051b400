#include "redisresponseparser.h"

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype MaxErrorText = 200;

bool isDigits(QByteArrayView text)
{
    return !text.isEmpty()
        && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

enum class Integer : quint8 { Valid, Malformed, Overflow };

// An optionally signed decimal integer. RESP integers and lengths are signed 64-bit ones: one
// out of that range is out of spec, not a value to saturate or wrap.
Integer parseInteger(QByteArrayView text, qint64 *value)
{
    const bool negative = text.startsWith('-');
    if (negative || text.startsWith('+'))
        text = text.sliced(1);
    if (!isDigits(text))
        return Integer::Malformed;
    const quint64 limit = quint64(std::numeric_limits<qint64>::max()) + (negative ? 1 : 0);
    quint64 magnitude = 0;
    for (char c : text) {
        const auto digit = quint64(c - '0');
        if (magnitude > (limit - digit) / 10)
            return Integer::Overflow;
        magnitude = magnitude * 10 + digit;
    }
    // Modular in C++20: the most negative value comes out whole.
    *value = negative ? qint64(0 - magnitude) : qint64(magnitude);
    return Integer::Valid;
}

QString lengthText(QByteArrayView text)
{
    return QString::fromLatin1(text.first(std::min<qsizetype>(text.size(), 40)));
}

} // namespace

RedisResponseParser::RedisResponseParser(qint64 maxResponseBytes)
    : ResponseParser(maxResponseBytes)
{ }

ResponseParser::Status RedisResponseParser::parseMore(QByteArray &buffer)
{
    for (;;) {
        if (m_bulkRemaining >= 0) {
            const Status result = takeBulk(buffer);
            if (result != Status::NeedMore || m_bulkRemaining >= 0)
                return result;
            continue;
        }
        // Fail fast on what cannot start a RESP value instead of waiting for a line of it.
        if (!buffer.isEmpty() && !QByteArrayView("+-:_#,(!$=*~>%|").contains(buffer.front()))
            return fail(u"not a RESP reply: unexpected type byte in %1"_s.arg(quoted(buffer)));
        QByteArray line;
        switch (takeLine(buffer, MaxLineLength, true, &line)) {
        case LineResult::NeedMore:
            return Status::NeedMore;
        case LineResult::TooLong:
            if (budget() - 2 < MaxLineLength)
                return fail(u"the reply exceeds the max response size of %1 bytes"_s.arg(
                    maxResponseBytes()));
            return fail(u"a reply line is longer than %1 bytes"_s.arg(MaxLineLength));
        case LineResult::BareNewline:
            return fail(u"a reply line ends in a bare \\n instead of \\r\\n: %1"_s.arg(
                quoted(buffer.left(buffer.indexOf('\n') + 1))));
        case LineResult::Found:
            break;
        }
        const Status result = parseLine(line);
        if (result != Status::NeedMore)
            return result;
    }
}

ResponseParser::Status RedisResponseParser::parseLine(const QByteArray &line)
{
    const char type = line.front();
    const QByteArrayView rest = QByteArrayView(line).sliced(1);
    const bool topLevel = m_stack.empty();
    qint64 number = 0;
    switch (type) {
    case '+':
        return valueDone();
    case '-':
        if (topLevel)
            setErrorReply(
                u"error reply: "_s
                + QString::fromUtf8(rest.first(std::min<qsizetype>(rest.size(), MaxErrorText))));
        return valueDone();
    case ':':
        if (!readInteger(line, "integer reply"_L1, &number))
            return status();
        return valueDone();
    case '(': // a big number: any number of digits
        if (!isDigits(rest.startsWith('-') || rest.startsWith('+') ? rest.sliced(1) : rest))
            return fail(u"malformed big number reply %1"_s.arg(quoted(line)));
        return valueDone();
    case '_':
        if (!rest.isEmpty())
            return fail(u"malformed null reply %1"_s.arg(quoted(line)));
        return valueDone();
    case '#':
        if (rest != "t" && rest != "f")
            return fail(u"malformed boolean reply %1"_s.arg(quoted(line)));
        return valueDone();
    case ',': {
        bool ok = false;
        QByteArray(rest.data(), rest.size()).toDouble(&ok);
        if (!ok && rest != "inf" && rest != "-inf" && rest != "nan")
            return fail(u"malformed double reply %1"_s.arg(quoted(line)));
        return valueDone();
    }
    case '$':
    case '!':
    case '=':
        if (!readInteger(line, "bulk length"_L1, &number))
            return status();
        if (number == -1 && type == '$')
            return valueDone(); // RESP2 null bulk string
        if (number < 0)
            return fail(u"negative bulk length %1"_s.arg(lengthText(rest)));
        if (number > budget() - 2)
            return fail(
                u"bulk length %1 exceeds the max response size of %2 bytes"_s.arg(lengthText(rest))
                    .arg(maxResponseBytes()));
        m_bulkRemaining = number;
        m_bulkIsErrorReply = type == '!' && topLevel;
        m_errorText.clear();
        return Status::NeedMore;
    case '*':
    case '~':
    case '>':
    case '%':
    case '|': {
        if (!readInteger(line, "aggregate length"_L1, &number))
            return status();
        if (number == -1 && type == '*')
            return valueDone(); // RESP2 null array
        const bool pairs = type == '%' || type == '|';
        // Every element takes at least three bytes ("_\r\n"); a count that cannot fit the
        // budget is rejected before anything is allocated for it.
        if (number < 0 || number > budget() / (pairs ? 6 : 3))
            return fail(u"aggregate length %1 is negative or exceeds the max response size of %2 "
                        "bytes"_s.arg(lengthText(rest))
                            .arg(maxResponseBytes()));
        const bool attribute = type == '|';
        if (number == 0)
            return attribute ? Status::NeedMore : valueDone();
        if (m_stack.size() >= MaxDepth)
            return fail(u"the reply nests deeper than %1 levels"_s.arg(MaxDepth));
        m_stack.push_back({pairs ? number * 2 : number, attribute});
        return Status::NeedMore;
    }
    default:
        Q_UNREACHABLE(); // parseMore() checked the type byte
    }
}

bool RedisResponseParser::readInteger(QByteArrayView line, QLatin1StringView what, qint64 *value)
{
    const QByteArrayView text = line.sliced(1);
    switch (parseInteger(text, value)) {
    case Integer::Valid:
        return true;
    case Integer::Malformed:
        fail(u"malformed %1 %2"_s.arg(what, quoted(line)));
        return false;
    case Integer::Overflow:
        fail(u"%1 %2 does not fit a signed 64-bit integer, as RESP requires "
             "(-9223372036854775808 to 9223372036854775807)"_s.arg(what, lengthText(text)));
        return false;
    }
    Q_UNREACHABLE();
}

ResponseParser::Status RedisResponseParser::takeBulk(QByteArray &buffer)
{
    const qsizetype count = qsizetype(std::min<qint64>(buffer.size(), m_bulkRemaining));
    if (m_bulkIsErrorReply && m_errorText.size() < MaxErrorText)
        m_errorText += buffer.left(std::min(count, MaxErrorText - m_errorText.size()));
    if (!consume(buffer, count))
        return status();
    m_bulkRemaining -= count;
    if (m_bulkRemaining > 0 || buffer.size() < 2)
        return Status::NeedMore;
    if (!buffer.startsWith("\r\n"))
        return fail(u"bulk data is not followed by \\r\\n: got %1"_s.arg(quoted(buffer.left(2))));
    if (!consume(buffer, 2))
        return status();
    m_bulkRemaining = -1;
    if (m_bulkIsErrorReply)
        setErrorReply(u"error reply: "_s + QString::fromUtf8(m_errorText));
    return valueDone();
}

ResponseParser::Status RedisResponseParser::valueDone()
{
    while (!m_stack.empty()) {
        Frame &top = m_stack.back();
        if (--top.remaining > 0)
            return Status::NeedMore;
        const bool attribute = top.attribute;
        m_stack.pop_back();
        // An attribute annotates the value after it: it does not count as an element.
        if (attribute)
            return Status::NeedMore;
    }
    return complete(true);
}

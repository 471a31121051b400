#include "labredisresponder.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

QByteArray bulk(const QByteArray &data)
{
    return '$' + QByteArray::number(data.size()) + "\r\n" + data + "\r\n";
}

// Reads the "*N" or "$N" line that starts at from into value, and where the next one starts
// into next. Lines and numbers are short (18 digits at most), so a long run of digits is a
// protocol error, never an overflow.
enum class Header : quint8 { Found, NeedMore, Malformed };
Header readHeader(const QByteArray &buffer, qsizetype from, char type, qint64 *value,
                  qsizetype *next)
{
    constexpr qsizetype MaxHeaderLine = 32;
    const qsizetype newline = buffer.indexOf('\n', from);
    if (newline < 0)
        return buffer.size() - from > MaxHeaderLine ? Header::Malformed : Header::NeedMore;
    if (newline - from > MaxHeaderLine || buffer.at(from) != type || newline < from + 3
        || buffer.at(newline - 1) != '\r')
        return Header::Malformed;
    const QByteArrayView digits = QByteArrayView(buffer).sliced(from + 1, newline - from - 2);
    const bool negative = digits.startsWith('-');
    const QByteArrayView unsignedDigits = negative ? digits.sliced(1) : digits;
    if (unsignedDigits.isEmpty() || unsignedDigits.size() > 18
        || !std::all_of(unsignedDigits.begin(), unsignedDigits.end(),
                        [](char c) { return c >= '0' && c <= '9'; }))
        return Header::Malformed;
    *value = QByteArray(digits.data(), digits.size()).toLongLong();
    *next = newline + 1;
    return Header::Found;
}

} // namespace

LabResponder::Status LabRedisResponder::take(QByteArray &buffer)
{
    for (;;) {
        if (buffer.isEmpty())
            return Status::NeedMore;
        const Status status = buffer.front() == '*' ? takeMultiBulk(buffer) : takeInline(buffer);
        // An empty command (a blank line, "*0") is skipped, as Redis does.
        if (status != Status::Request || !m_arguments.isEmpty())
            return status;
    }
}

LabResponder::Status LabRedisResponder::takeMultiBulk(QByteArray &buffer)
{
    qint64 count = 0;
    qsizetype at = 0;
    switch (readHeader(buffer, 0, '*', &count, &at)) {
    case Header::NeedMore:
        return Status::NeedMore;
    case Header::Malformed:
        return malformed(u"invalid multibulk length"_s);
    case Header::Found:
        break;
    }
    if (count > MaxRequestBytes / 4)
        return malformed(u"invalid multibulk length"_s);
    QList<QByteArray> arguments;
    for (qint64 i = 0; i < count; ++i) {
        qint64 length = 0;
        switch (readHeader(buffer, at, '$', &length, &at)) {
        case Header::NeedMore:
            return buffer.size() > MaxRequestBytes
                ? malformed(u"the request is larger than %1 bytes"_s.arg(MaxRequestBytes))
                : Status::NeedMore;
        case Header::Malformed:
            return malformed(u"expected '$', got something else"_s);
        case Header::Found:
            break;
        }
        if (length < 0 || length > MaxRequestBytes)
            return malformed(u"invalid bulk length"_s);
        if (buffer.size() < at + length + 2) {
            return at + length + 2 > MaxRequestBytes
                ? malformed(u"the request is larger than %1 bytes"_s.arg(MaxRequestBytes))
                : Status::NeedMore;
        }
        if (buffer.at(at + length) != '\r' || buffer.at(at + length + 1) != '\n')
            return malformed(u"bulk data is not followed by CRLF"_s);
        arguments << buffer.sliced(at, length);
        at += length + 2;
    }
    buffer.remove(0, at);
    m_arguments = arguments;
    return Status::Request;
}

LabResponder::Status LabRedisResponder::takeInline(QByteArray &buffer)
{
    const qsizetype newline = buffer.indexOf('\n');
    if (newline < 0 || newline > MaxInlineLength) {
        return buffer.size() > MaxInlineLength ? malformed(u"too big inline request"_s)
                                               : Status::NeedMore;
    }
    const QByteArray line = buffer.first(newline).trimmed();
    buffer.remove(0, newline + 1);
    m_arguments.clear();
    for (const QByteArray &word : line.split(' ')) {
        if (!word.isEmpty())
            m_arguments << word;
    }
    return Status::Request;
}

LabResponder::Answer LabRedisResponder::answer(qint64 responseSize) const
{
    const QByteArray command = m_arguments.constFirst().toUpper();
    const qsizetype count = m_arguments.size();
    if (command == "PING" && count == 1)
        return {responseSize > 0 ? bulk(filler(responseSize)) : "+PONG\r\n"_ba};
    if ((command == "PING" || command == "ECHO") && count == 2)
        return {bulk(m_arguments.at(1))};
    if (command == "GET" && count == 2)
        return {bulk(filler(responseSize))};
    if (command == "SET" && count >= 3)
        return {"+OK\r\n"_ba};
    if (command == "QUIT")
        return {"+OK\r\n"_ba, true};
    if (command == "PING" || command == "ECHO" || command == "GET" || command == "SET")
        return {"-ERR wrong number of arguments for '" + m_arguments.constFirst().toLower()
                    + "' command\r\n",
                false, true};
    return {"-ERR unknown command '" + m_arguments.constFirst().left(128) + "'\r\n", false, true};
}

std::optional<LabResponder::Answer> LabRedisResponder::errorAnswer() const
{
    return Answer{"-ERR injected error\r\n"_ba, false, true};
}

QByteArray LabRedisResponder::malformedAnswer() const
{
    return "-ERR Protocol error: " + errorString().toUtf8() + "\r\n";
}

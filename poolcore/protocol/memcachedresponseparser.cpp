#include "memcachedresponseparser.h"

#include <algorithm>
#include <array>

using namespace Qt::StringLiterals;

namespace {

// Every word a memcached server starts a response line with, in the text and the meta protocol
// (memcached's doc/protocol.txt), whatever was asked: what else arrives is a stream out of step
// or another protocol, and its first bytes already tell.
constexpr std::array<QByteArrayView, 30> ReplyWords{
    "VALUE", "END",  "STORED",   "NOT_STORED", "EXISTS",       "NOT_FOUND",    "DELETED", "TOUCHED",
    "OK",    "BUSY", "BADCLASS", "NOSPARE",    "NOTFULL",      "UNSAFE",       "SAME",    "RESET",
    "STAT",  "ITEM", "VERSION",  "ERROR",      "CLIENT_ERROR", "SERVER_ERROR", "HD",      "VA",
    "EN",    "NF",   "NS",       "EX",         "MN",           "ME",
};
// incr and decr answer with a number: at most the 20 digits of a 64-bit unsigned one.
constexpr qsizetype MaxNumberDigits = 20;
// Longer than any reply word or number: the first word ends within these bytes.
constexpr qsizetype MaxWordLength = MaxNumberDigits + 1;

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// Whether the first bytes of a line can still start a reply.
bool canStartReply(QByteArrayView start)
{
    const qsizetype scanned = std::min(start.size(), MaxWordLength);
    const auto *end = std::find_if(start.begin(), start.begin() + scanned,
                                   [](char c) { return c == ' ' || c == '\r' || c == '\n'; });
    const QByteArrayView word(start.begin(), end);
    const bool whole = end != start.begin() + scanned;
    if (!word.isEmpty() && word.size() <= MaxNumberDigits
        && std::all_of(word.begin(), word.end(), isDigit))
        return true;
    return std::any_of(ReplyWords.begin(), ReplyWords.end(), [&](QByteArrayView reply) {
        return whole ? reply == word : reply.startsWith(word);
    });
}

} // namespace

MemcachedResponseParser::MemcachedResponseParser(qint64 maxResponseBytes)
    : ResponseParser(maxResponseBytes)
{ }

ResponseParser::Status MemcachedResponseParser::parseMore(QByteArray &buffer)
{
    // Fail fast on what cannot become a reply line instead of waiting for a line's worth of it.
    if (!canStartReply(buffer))
        return fail(u"not a memcached reply: it starts with %1"_s.arg(quoted(buffer)));

    QByteArray line;
    switch (takeLine(buffer, MaxLineLength, false, &line)) {
    case LineResult::NeedMore:
        return Status::NeedMore;
    case LineResult::TooLong:
        if (budget() - 2 < MaxLineLength)
            return fail(
                u"the reply exceeds the max response size of %1 bytes"_s.arg(maxResponseBytes()));
        return fail(u"a reply line is longer than %1 bytes"_s.arg(MaxLineLength));
    case LineResult::BareNewline: // only with strictCrlf
    case LineResult::Found:
        break;
    }
    if (line.startsWith("VERSION "))
        return complete(true);
    const QString text = QString::fromUtf8(line.left(200));
    if (line == "ERROR" || line.startsWith("ERROR ") || line.startsWith("CLIENT_ERROR ")) {
        setErrorReply(u"error reply: "_s + text);
        return complete(true);
    }
    if (line.startsWith("SERVER_ERROR ")) {
        setErrorReply(u"error reply: "_s + text);
        return complete(false);
    }
    return fail(u"not a memcached reply to version: %1"_s.arg(quoted(line)));
}

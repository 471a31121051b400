#include "memcachedresponseparser.h"

using namespace Qt::StringLiterals;

MemcachedResponseParser::MemcachedResponseParser(qint64 maxResponseBytes)
    : ResponseParser(maxResponseBytes)
{ }

ResponseParser::Status MemcachedResponseParser::parseMore(QByteArray &buffer)
{
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

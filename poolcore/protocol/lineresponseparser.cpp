#include "lineresponseparser.h"

using namespace Qt::StringLiterals;

LineResponseParser::LineResponseParser(qint64 maxResponseBytes)
    : ResponseParser(maxResponseBytes)
{ }

ResponseParser::Status LineResponseParser::parseMore(QByteArray &buffer)
{
    const qsizetype newline = buffer.indexOf('\n');
    if (newline < 0) {
        if (!consume(buffer, buffer.size()))
            return fail(
                u"no newline within the max response size of %1 bytes"_s.arg(maxResponseBytes()));
        return Status::NeedMore;
    }
    if (!consume(buffer, newline + 1))
        return fail(
            u"no newline within the max response size of %1 bytes"_s.arg(maxResponseBytes()));
    return complete(true);
}

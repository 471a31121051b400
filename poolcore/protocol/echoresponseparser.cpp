#include "echoresponseparser.h"

#include <algorithm>

using namespace Qt::StringLiterals;

EchoResponseParser::EchoResponseParser(const QByteArray &expected, qint64 maxResponseBytes)
    : ResponseParser(maxResponseBytes)
    , m_expected(expected)
{ }

ResponseParser::Status EchoResponseParser::parseMore(QByteArray &buffer)
{
    const qint64 offset = responseBytes();
    const qsizetype count = qsizetype(std::min<qint64>(buffer.size(), m_expected.size() - offset));
    const QByteArrayView wanted = QByteArrayView(m_expected).sliced(offset, count);
    const auto mismatch = std::mismatch(wanted.begin(), wanted.end(), buffer.cbegin());
    if (mismatch.first != wanted.end()) {
        const qsizetype at = mismatch.first - wanted.begin();
        return fail(
            u"the echo differs from the request at byte %1: expected %2, got %3"_s.arg(offset + at)
                .arg(quoted(wanted.sliced(at)),
                     quoted(QByteArrayView(buffer).sliced(at, count - at))));
    }
    if (!consume(buffer, count))
        return status();
    return responseBytes() == m_expected.size() ? complete(true) : Status::NeedMore;
}

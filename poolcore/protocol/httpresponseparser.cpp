#include "httpresponseparser.h"

#include "httpsyntax.h"

#include <QList>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

bool isDigits(QByteArrayView text)
{
    return !text.isEmpty()
        && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The trimmed items of a comma-separated header value; an empty value has one empty item.
QList<QByteArrayView> commaSeparated(QByteArrayView value)
{
    QList<QByteArrayView> items;
    qsizetype start = 0;
    for (;;) {
        const qsizetype comma = value.indexOf(',', start);
        items << value.sliced(start, (comma < 0 ? value.size() : comma) - start).trimmed();
        if (comma < 0)
            return items;
        start = comma + 1;
    }
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace

HttpResponseParser::HttpResponseParser(qint64 maxResponseBytes)
    : ResponseParser(maxResponseBytes)
{ }

ResponseParser::Status HttpResponseParser::parseMore(QByteArray &buffer)
{
    for (;;) {
        switch (m_state) {
        case State::Body:
        case State::ChunkData:
        case State::UntilClose: {
            const Status result = takeBody(buffer);
            if (result != Status::NeedMore || buffer.isEmpty())
                return result;
            break;
        }
        case State::StatusLine:
            // Fail fast on what cannot become a status line (a TLS record, another protocol)
            // instead of waiting for a line's worth of it.
            if (!buffer.isEmpty() && buffer.front() != '\r' && buffer.front() != '\n') {
                const QByteArrayView start
                    = QByteArrayView(buffer).first(std::min<qsizetype>(buffer.size(), 5));
                if (!QByteArrayView("HTTP/").startsWith(start))
                    return fail(u"not an HTTP response: it starts with %1"_s.arg(quoted(buffer)));
            }
            Q_FALLTHROUGH();
        case State::Headers:
        case State::ChunkSize:
        case State::ChunkEnd:
        case State::Trailers: {
            QByteArrayView line;
            qsizetype consumed = 0;
            switch (findLine(buffer, MaxLineLength, false, &line, &consumed)) {
            case LineResult::NeedMore:
                return Status::NeedMore;
            case LineResult::TooLong:
                return lineTooLong();
            case LineResult::BareNewline: // only with strictCrlf
            case LineResult::Found:
                break;
            }
            const Status result = takeHeadLine(line);
            dropLine(buffer, consumed);
            if (result != Status::NeedMore)
                return result;
            break;
        }
        }
    }
}

ResponseParser::Status HttpResponseParser::finishMore()
{
    if (m_state == State::UntilClose)
        return complete(false);
    return ResponseParser::finishMore();
}

ResponseParser::Status HttpResponseParser::lineTooLong()
{
    if (budget() - 2 < MaxLineLength)
        return fail(
            u"the response exceeds the max response size of %1 bytes"_s.arg(maxResponseBytes()));
    switch (m_state) {
    case State::StatusLine:
        return fail(u"the status line is longer than %1 bytes"_s.arg(MaxLineLength));
    case State::ChunkSize:
        return fail(u"a chunk size line is longer than %1 bytes"_s.arg(MaxLineLength));
    case State::ChunkEnd:
        return fail(u"chunk data is not followed by CRLF"_s);
    default:
        return fail(u"a header line is longer than %1 bytes"_s.arg(MaxLineLength));
    }
}

ResponseParser::Status HttpResponseParser::takeHeadLine(QByteArrayView line)
{
    switch (m_state) {
    case State::StatusLine:
        // A stray empty line before the status line is tolerated (RFC 9112, 2.2).
        if (line.isEmpty() && m_headBytes == 0)
            return Status::NeedMore;
        return parseStatusLine(line);
    case State::Headers:
    case State::Trailers:
        m_headBytes += line.size() + 2;
        if (m_headBytes > MaxHeadBytes)
            return fail(u"the response head is longer than %1 bytes"_s.arg(MaxHeadBytes));
        if (line.isEmpty())
            return m_state == State::Headers ? endOfHead() : complete(m_keepAlive);
        return parseHeader(line);
    case State::ChunkSize:
        return parseChunkSize(line);
    case State::ChunkEnd:
        if (!line.isEmpty())
            return fail(u"chunk data is not followed by CRLF: got %1"_s.arg(quoted(line)));
        m_state = State::ChunkSize;
        return Status::NeedMore;
    default:
        Q_UNREACHABLE();
    }
}

ResponseParser::Status HttpResponseParser::parseStatusLine(QByteArrayView line)
{
    // HTTP-version SP 3DIGIT SP [reason-phrase]; the SP before an empty reason is optional
    // in practice.
    if (!line.startsWith("HTTP/"))
        return fail(u"not an HTTP response: the status line is %1"_s.arg(quoted(line)));
    if (line.size() < 8 || !line.startsWith("HTTP/1.") || line.at(7) < '0' || line.at(7) > '9')
        return fail(u"unsupported HTTP version in the status line %1"_s.arg(quoted(line)));
    if (line.size() < 12 || line.at(8) != ' ' || !isDigits(line.sliced(9, 3))
        || (line.size() > 12 && line.at(12) != ' '))
        return fail(u"malformed status line %1"_s.arg(quoted(line)));
    m_minorVersion = line.at(7) - '0';
    m_statusCode = line.sliced(9, 3).toInt();
    if (m_statusCode < 100)
        return fail(u"malformed status line %1"_s.arg(quoted(line)));
    m_headBytes = line.size() + 2;
    m_contentLength = -1;
    m_chunked = false;
    m_connectionClose = false;
    m_connectionKeepAlive = false;
    m_state = State::Headers;
    return Status::NeedMore;
}

ResponseParser::Status HttpResponseParser::parseHeader(QByteArrayView line)
{
    if (line.front() == ' ' || line.front() == '\t')
        return fail(u"obsolete header line folding is not supported: %1"_s.arg(quoted(line)));
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0 || !HttpSyntax::isToken(line.first(colon)))
        return fail(u"malformed header line %1"_s.arg(quoted(line)));
    const QByteArrayView name = line.first(colon);
    // Checked before trimming, which would hide a CR or LF at either end.
    const QByteArrayView rawValue = line.sliced(colon + 1);
    if (const qsizetype bad = HttpSyntax::invalidFieldValueByte(rawValue); bad >= 0)
        return fail(u"the header %1 has the byte %2 in its value, which RFC 9110 forbids there; "
                    "accepted: visible characters, spaces and tabs"_s.arg(
                        quoted(name), quoted(rawValue.sliced(bad, 1))));
    if (m_state == State::Trailers)
        return Status::NeedMore; // trailers cannot change framing or persistence
    const QByteArrayView value = rawValue.trimmed();
    if (name.compare("content-length", Qt::CaseInsensitive) == 0)
        return parseContentLength(value);
    if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0)
        return parseTransferEncoding(value);
    if (name.compare("connection", Qt::CaseInsensitive) == 0) {
        for (const QByteArrayView option : commaSeparated(value)) {
            if (option.compare("close", Qt::CaseInsensitive) == 0)
                m_connectionClose = true;
            else if (option.compare("keep-alive", Qt::CaseInsensitive) == 0)
                m_connectionKeepAlive = true;
        }
    }
    return Status::NeedMore;
}

ResponseParser::Status HttpResponseParser::parseContentLength(QByteArrayView value)
{
    // A list of identical values is allowed (RFC 9110, 8.6).
    for (const QByteArrayView item : commaSeparated(value)) {
        if (!isDigits(item))
            return fail(u"malformed Content-Length %1"_s.arg(quoted(value)));
        // Eighteen digits cannot overflow a qint64; more can only be too large anyway.
        const qint64 length = item.size() > 18 ? -1 : item.toLongLong();
        if (length < 0 || length > budget())
            return fail(
                u"Content-Length %1 exceeds the max response size of %2 bytes"_s
                    .arg(QString::fromLatin1(item.first(std::min<qsizetype>(item.size(), 40))))
                    .arg(maxResponseBytes()));
        if (m_contentLength >= 0 && m_contentLength != length)
            return fail(
                u"conflicting Content-Length values %1 and %2"_s.arg(m_contentLength).arg(length));
        m_contentLength = length;
    }
    return Status::NeedMore;
}

ResponseParser::Status HttpResponseParser::parseTransferEncoding(QByteArrayView value)
{
    // The request sends no TE, so chunked is the only transfer coding a server may apply
    // (RFC 9110, 10.1.4). A body in any other could only be read until the server closes,
    // which a keep-alive server never does: fail now rather than wait out the request timeout.
    for (const QByteArrayView item : commaSeparated(value)) {
        const QByteArrayView coding
            = item.first(item.contains(';') ? item.indexOf(';') : item.size()).trimmed();
        if (coding.isEmpty())
            continue; // an empty list element names nothing (RFC 9110, 5.6.1)
        if (coding.compare("chunked", Qt::CaseInsensitive) != 0)
            return fail(u"Transfer-Encoding %1 applies the transfer coding %2, which PoolScope "
                        "did not ask for (it sends no TE); accepted: chunked"_s.arg(
                            quoted(value), quoted(coding)));
        if (m_chunked)
            return fail(
                u"Transfer-Encoding %1 applies chunked more than once"_s.arg(quoted(value)));
        m_chunked = true;
    }
    return Status::NeedMore;
}

ResponseParser::Status HttpResponseParser::endOfHead()
{
    if (m_statusCode == 101)
        return fail(u"unexpected 101 Switching Protocols: no upgrade was asked for"_s);
    if (m_statusCode < 200) {
        m_state = State::StatusLine; // interim response: the final one follows
        m_headBytes = 0;
        return Status::NeedMore;
    }
    m_keepAlive = !m_connectionClose && (m_minorVersion >= 1 || m_connectionKeepAlive);
    if (m_statusCode >= 500)
        setErrorReply(u"HTTP status %1"_s.arg(m_statusCode));
    if (m_statusCode == 204 || m_statusCode == 304)
        return complete(m_keepAlive);
    if (m_chunked) {
        if (m_contentLength >= 0)
            return fail(u"the response has both Transfer-Encoding and Content-Length"_s);
        m_state = State::ChunkSize;
        m_headBytes = 0;
        return Status::NeedMore;
    }
    if (m_contentLength >= 0) {
        if (m_contentLength == 0)
            return complete(m_keepAlive);
        m_remaining = m_contentLength;
        m_state = State::Body;
        return Status::NeedMore;
    }
    m_keepAlive = false;
    m_state = State::UntilClose;
    return Status::NeedMore;
}

ResponseParser::Status HttpResponseParser::parseChunkSize(QByteArrayView line)
{
    qsizetype digits = 0;
    qint64 size = 0;
    for (; digits < line.size() && hexValue(line.at(digits)) >= 0; ++digits) {
        size = size * 16 + hexValue(line.at(digits));
        if (size > budget())
            return fail(
                u"chunk size %1 exceeds the max response size of %2 bytes"_s.arg(quoted(line))
                    .arg(maxResponseBytes()));
    }
    const QByteArrayView rest = line.sliced(digits).trimmed();
    if (digits == 0 || (!rest.isEmpty() && !rest.startsWith(';')))
        return fail(u"malformed chunk size line %1"_s.arg(quoted(line)));
    if (size == 0) {
        m_state = State::Trailers;
        return Status::NeedMore;
    }
    m_remaining = size;
    m_state = State::ChunkData;
    return Status::NeedMore;
}

ResponseParser::Status HttpResponseParser::takeBody(QByteArray &buffer)
{
    const qsizetype count = m_state == State::UntilClose
        ? buffer.size()
        : qsizetype(std::min<qint64>(buffer.size(), m_remaining));
    if (!consume(buffer, count))
        return status();
    if (m_state == State::UntilClose)
        return Status::NeedMore;
    m_remaining -= count;
    if (m_remaining > 0)
        return Status::NeedMore;
    if (m_state == State::Body)
        return complete(m_keepAlive);
    m_state = State::ChunkEnd;
    return Status::NeedMore;
}

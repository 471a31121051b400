#include "labhttpresponder.h"

#include "httpsyntax.h"

#include <QList>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 505:
        return "HTTP Version Not Supported";
    }
    Q_UNREACHABLE();
}

} // namespace

LabResponder::Status LabHttpResponder::take(QByteArray &buffer)
{
    if (m_bodyRemaining > 0) {
        const qsizetype dropped = qsizetype(std::min<qint64>(m_bodyRemaining, buffer.size()));
        buffer.remove(0, dropped);
        m_bodyRemaining -= dropped;
        if (m_bodyRemaining > 0)
            return Status::NeedMore;
    }
    // Empty lines before a request line are ignored (RFC 9112, 2.2).
    qsizetype start = 0;
    while (start < buffer.size() && (buffer.at(start) == '\r' || buffer.at(start) == '\n'))
        ++start;
    buffer.remove(0, start);

    QList<QByteArray> lines;
    qsizetype at = 0;
    for (;;) {
        const qsizetype newline = buffer.indexOf('\n', at);
        if (newline < 0 || newline >= MaxHeadBytes) {
            if (buffer.size() > MaxHeadBytes)
                return refuse(431, u"the request head is longer than %1 bytes"_s.arg(MaxHeadBytes));
            return Status::NeedMore;
        }
        QByteArray line = buffer.sliced(at, newline - at);
        if (line.endsWith('\r'))
            line.chop(1);
        at = newline + 1;
        if (line.isEmpty())
            break;
        if (lines.isEmpty()) {
            if (const Status status = checkRequestLine(line); status != Status::NeedMore)
                return status;
        }
        lines << line;
    }
    buffer.remove(0, at);
    const Status status = parseHead(lines);
    if (status == Status::Request) {
        const qsizetype dropped = qsizetype(std::min<qint64>(m_bodyRemaining, buffer.size()));
        buffer.remove(0, dropped);
        m_bodyRemaining -= dropped;
    }
    return status;
}

LabResponder::Status LabHttpResponder::checkRequestLine(const QByteArray &line)
{
    const QList<QByteArray> requestLine = line.split(' ');
    if (requestLine.size() != 3 || !HttpSyntax::isToken(requestLine.at(0))
        || requestLine.at(1).isEmpty())
        return refuse(400, u"malformed request line"_s);
    const QByteArray &version = requestLine.at(2);
    if (version != "HTTP/1.1" && version != "HTTP/1.0")
        return version.startsWith("HTTP/") ? refuse(505, u"unsupported HTTP version"_s)
                                           : refuse(400, u"malformed request line"_s);
    return Status::NeedMore;
}

LabResponder::Status LabHttpResponder::parseHead(const QList<QByteArray> &lines)
{
    const QList<QByteArray> requestLine = lines.constFirst().split(' ');
    const QByteArray &version = requestLine.at(2);
    m_http10 = version == "HTTP/1.0";
    m_headMethod = requestLine.at(0) == "HEAD";
    bool close = false;
    bool keepAlive = false;
    qint64 contentLength = 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !HttpSyntax::isToken(QByteArrayView(line).first(colon)))
            return refuse(400, u"malformed header line"_s);
        const QByteArray name = line.first(colon).toLower();
        const QByteArray value = line.sliced(colon + 1).trimmed();
        if (name == "transfer-encoding")
            return refuse(501, u"chunked request bodies are not supported"_s);
        if (name == "content-length") {
            bool ok = value.size() <= 18 && !value.isEmpty()
                && std::all_of(value.begin(), value.end(),
                               [](char c) { return c >= '0' && c <= '9'; });
            if (!ok)
                return refuse(400, u"malformed Content-Length"_s);
            contentLength = value.toLongLong();
        } else if (name == "connection") {
            for (const QByteArray &item : value.split(',')) {
                const QByteArray option = item.trimmed().toLower();
                close = close || option == "close";
                keepAlive = keepAlive || option == "keep-alive";
            }
        }
    }
    m_close = close || (m_http10 && !keepAlive);
    m_bodyRemaining = contentLength;
    return Status::Request;
}

LabResponder::Status LabHttpResponder::refuse(int status, const QString &message)
{
    m_refusal = status;
    return malformed(message);
}

QByteArray LabHttpResponder::head(int status, qint64 contentLength) const
{
    QByteArray text = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status)
        + "\r\nContent-Type: text/plain\r\nContent-Length: " + QByteArray::number(contentLength)
        + "\r\n";
    if (m_close)
        text += "Connection: close\r\n";
    else if (m_http10)
        text += "Connection: keep-alive\r\n";
    return text + "\r\n";
}

LabResponder::Answer LabHttpResponder::answer(qint64 responseSize) const
{
    return {head(200, responseSize) + (m_headMethod ? QByteArray() : filler(responseSize)),
            m_close};
}

std::optional<LabResponder::Answer> LabHttpResponder::errorAnswer() const
{
    static constexpr QByteArrayView Body = "injected error\n";
    return Answer{head(500, Body.size()) + (m_headMethod ? QByteArray() : Body.toByteArray()),
                  m_close, true};
}

QByteArray LabHttpResponder::malformedAnswer() const
{
    return "HTTP/1.1 " + QByteArray::number(m_refusal) + ' ' + reasonPhrase(m_refusal)
        + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
}

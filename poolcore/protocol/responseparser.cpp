#include "responseparser.h"

#include <algorithm>
#include <cstring>

using namespace Qt::StringLiterals;

ResponseParser::ResponseParser(qint64 maxResponseBytes)
    : m_maxResponseBytes(maxResponseBytes)
{ }

ResponseParser::~ResponseParser() = default;

ResponseParser::Status ResponseParser::parse(QByteArray &buffer)
{
    if (m_status != Status::NeedMore)
        return m_status;
    return parseMore(buffer);
}

ResponseParser::Status ResponseParser::finish()
{
    if (m_status != Status::NeedMore)
        return m_status;
    return finishMore();
}

ResponseParser::Status ResponseParser::finishMore()
{
    if (m_responseBytes == 0)
        return fail(u"the connection closed before a complete response arrived"_s);
    return fail(u"the connection closed after %1 bytes, before the response was complete"_s.arg(
        m_responseBytes));
}

ResponseParser::Status ResponseParser::fail(const QString &message)
{
    m_status = Status::Error;
    m_reusable = false;
    m_errorReply = false;
    m_errorString = message;
    return m_status;
}

ResponseParser::Status ResponseParser::complete(bool reusable)
{
    m_status = Status::Complete;
    m_reusable = reusable;
    return m_status;
}

void ResponseParser::setErrorReply(const QString &message)
{
    m_errorReply = true;
    m_errorString = message;
}

bool ResponseParser::consume(QByteArray &buffer, qsizetype count)
{
    if (count > budget()) {
        fail(u"the response exceeds the max response size of %1 bytes"_s.arg(m_maxResponseBytes));
        return false;
    }
    buffer.remove(0, count);
    m_responseBytes += count;
    return true;
}

ResponseParser::LineResult ResponseParser::takeLine(QByteArray &buffer, qsizetype maxLength,
                                                    bool strictCrlf, QByteArray *line)
{
    QByteArrayView view;
    qsizetype consumed = 0;
    const LineResult result = findLine(buffer, maxLength, strictCrlf, &view, &consumed);
    if (result == LineResult::Found) {
        *line = view.toByteArray();
        dropLine(buffer, consumed);
    }
    return result;
}

ResponseParser::LineResult ResponseParser::findLine(const QByteArray &buffer, qsizetype maxLength,
                                                    bool strictCrlf, QByteArrayView *line,
                                                    qsizetype *consumed) const
{
    // The line and its "\r\n" must fit the budget.
    if (budget() < 2)
        return LineResult::TooLong;
    const qsizetype limit = qsizetype(std::clamp<qint64>(budget() - 2, 0, maxLength));
    // Only the first limit + 2 bytes can hold the end of an acceptable line: never scan more.
    const qsizetype scanned = std::min(buffer.size(), limit + 2);
    const auto *newline
        = static_cast<const char *>(std::memchr(buffer.constData(), '\n', size_t(scanned)));
    if (!newline)
        return scanned == limit + 2 ? LineResult::TooLong : LineResult::NeedMore;
    const qsizetype end = newline - buffer.constData();
    qsizetype length = end;
    if (end > 0 && buffer.at(end - 1) == '\r')
        --length;
    else if (strictCrlf)
        return LineResult::BareNewline;
    if (length > limit)
        return LineResult::TooLong;
    *line = QByteArrayView(buffer.constData(), length);
    *consumed = end + 1;
    return LineResult::Found;
}

void ResponseParser::dropLine(QByteArray &buffer, qsizetype consumed)
{
    buffer.remove(0, consumed);
    m_responseBytes += consumed;
}

QString ResponseParser::quoted(QByteArrayView bytes)
{
    constexpr qsizetype MaxShown = 40;
    QString text = u"\""_s;
    for (qsizetype i = 0; i < std::min(bytes.size(), MaxShown); ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (c == '\r')
            text += u"\\r"_s;
        else if (c == '\n')
            text += u"\\n"_s;
        else if (c == '"' || c == '\\')
            text += u'\\' + QLatin1Char(char(c));
        else if (c >= 0x20 && c < 0x7f)
            text += QLatin1Char(char(c));
        else
            text += u"\\x%1"_s.arg(uint(c), 2, 16, QChar(u'0'));
    }
    text += u'"';
    if (bytes.size() > MaxShown)
        text += u"..."_s;
    return text;
}

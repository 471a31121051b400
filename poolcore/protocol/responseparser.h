#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

// Reads one response from the front of a connection's byte stream, incrementally: feed it
// what has arrived with parse() until it says Complete or Error. It consumes exactly the bytes
// that belong to its response and leaves the rest (the next response, or unexpected data) in
// the buffer.
//
// Memory stays bounded: whenever parse() returns NeedMore, what it left unconsumed in the
// buffer is less than the max response size it was created with (it consumes body bytes as
// they come and fails on over-long lines and lengths), so a caller that appends what it reads
// never holds more than that plus one read.
class ResponseParser
{
public:
    enum class Status : quint8 {
        NeedMore, // feed more bytes
        Complete, // the response is whole: see reusable(), isErrorReply()
        Error, // the bytes broke the protocol or a limit: see errorString()
    };

    explicit ResponseParser(qint64 maxResponseBytes);
    virtual ~ResponseParser();
    ResponseParser(const ResponseParser &) = delete;
    ResponseParser &operator=(const ResponseParser &) = delete;

    // Consumes from the front of buffer what belongs to this response. Once Complete or
    // Error, later calls consume nothing and return the same status.
    Status parse(QByteArray &buffer);
    // The peer closed the stream. Complete for a response that ends at the close (an HTTP
    // body without a length), otherwise Error: the response was cut short.
    Status finish();

    Status status() const { return m_status; }
    // After Complete: whether the connection can carry another request.
    bool reusable() const { return m_reusable; }
    // After Complete: the server answered with an error (HTTP 5xx, Redis -ERR, memcached
    // ERROR, CLIENT_ERROR or SERVER_ERROR). The protocol was followed, so this is not an Error.
    bool isErrorReply() const { return m_errorReply; }
    // With Error: what went wrong. With an error reply: what the server said.
    QString errorString() const { return m_errorString; }
    // Bytes consumed so far for this response.
    qint64 responseBytes() const { return m_responseBytes; }
    qint64 maxResponseBytes() const { return m_maxResponseBytes; }

    // bytes as a short, printable, quoted excerpt for messages.
    static QString quoted(QByteArrayView bytes);

protected:
    virtual Status parseMore(QByteArray &buffer) = 0;
    // Called by finish() while the response is incomplete; the default fails.
    virtual Status finishMore();

    Status fail(const QString &message);
    Status complete(bool reusable);
    void setErrorReply(const QString &message);

    // Removes count bytes from the front of buffer and counts them; fails (returns false) when
    // the response would exceed the max response size.
    bool consume(QByteArray &buffer, qsizetype count);
    // What may still be consumed before the max response size is reached.
    qint64 budget() const { return m_maxResponseBytes - m_responseBytes; }

    enum class LineResult : quint8 { Found, NeedMore, TooLong, BareNewline };
    // Takes one line off the front of buffer into line (without its line ending). A line
    // longer than maxLength (or the budget) is TooLong. With strictCrlf a '\n' without '\r'
    // before it is BareNewline; otherwise a bare '\n' ends a line too.
    LineResult takeLine(QByteArray &buffer, qsizetype maxLength, bool strictCrlf, QByteArray *line);
    // The same without copying: *line points into buffer and stays valid until dropLine(),
    // which consumes the line and its ending (*consumed bytes).
    LineResult findLine(const QByteArray &buffer, qsizetype maxLength, bool strictCrlf,
                        QByteArrayView *line, qsizetype *consumed) const;
    void dropLine(QByteArray &buffer, qsizetype consumed);

private:
    qint64 m_maxResponseBytes;
    qint64 m_responseBytes = 0;
    Status m_status = Status::NeedMore;
    bool m_reusable = false;
    bool m_errorReply = false;
    QString m_errorString;
};

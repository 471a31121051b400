#pragma once

#include "responseparser.h"

// HTTP/1.x response to a GET: status line, headers, then a body framed by Content-Length,
// chunked transfer coding (with trailers; the only transfer coding accepted, as the request
// asks for no other) or the end of the connection. Interim 1xx responses are skipped; 101 is an
// error since PoolScope never asks to upgrade. The connection is reusable unless the server said
// "Connection: close", spoke HTTP/1.0 without keep-alive, or delimited the body by closing.
// Status 5xx is an error reply.
class HttpResponseParser : public ResponseParser
{
public:
    static constexpr qsizetype MaxLineLength = 8 * 1024;
    static constexpr qint64 MaxHeadBytes = 64 * 1024; // status line + headers, or trailers

    explicit HttpResponseParser(qint64 maxResponseBytes);

    // The final status code, once the head is read; 0 before.
    int statusCode() const { return m_statusCode; }

protected:
    Status parseMore(QByteArray &buffer) override;
    Status finishMore() override;

private:
    enum class State : quint8 {
        StatusLine,
        Headers,
        Body,
        ChunkSize,
        ChunkData,
        ChunkEnd,
        Trailers,
        UntilClose,
    };

    Status lineTooLong();
    // Lines are views into the buffer: a response head allocates nothing.
    Status takeHeadLine(QByteArrayView line);
    Status parseStatusLine(QByteArrayView line);
    Status parseHeader(QByteArrayView line);
    Status parseContentLength(QByteArrayView value);
    Status parseTransferEncoding(QByteArrayView value);
    Status endOfHead();
    Status parseChunkSize(QByteArrayView line);
    Status takeBody(QByteArray &buffer);

    State m_state = State::StatusLine;
    int m_statusCode = 0;
    int m_minorVersion = 1;
    qint64 m_headBytes = 0;
    qint64 m_contentLength = -1;
    bool m_chunked = false;
    bool m_connectionClose = false;
    bool m_connectionKeepAlive = false;
    bool m_keepAlive = false;
    qint64 m_remaining = 0; // of the body or the current chunk
};

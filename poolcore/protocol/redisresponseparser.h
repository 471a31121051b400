#pragma once

#include "responseparser.h"

#include <vector>

// Redis RESP2 and RESP3: one complete value of any type, nested aggregates included
// (attributes are read and skipped, as they precede the value they annotate). Bulk data is
// counted and dropped as it arrives. A top-level simple or blob error (-ERR ...) is a
// complete error reply; the connection stays reusable.
class RedisResponseParser : public ResponseParser
{
public:
    static constexpr qsizetype MaxLineLength = 1024 * 1024;
    static constexpr int MaxDepth = 64;

    explicit RedisResponseParser(qint64 maxResponseBytes);

protected:
    Status parseMore(QByteArray &buffer) override;

private:
    struct Frame
    {
        qint64 remaining = 0; // elements still to come
        bool attribute = false;
    };

    Status parseLine(const QByteArray &line);
    // The number after the type byte; false after failing with a message that names what it is.
    bool readInteger(QByteArrayView line, QLatin1StringView what, qint64 *value);
    Status takeBulk(QByteArray &buffer);
    Status valueDone();

    std::vector<Frame> m_stack;
    qint64 m_bulkRemaining = -1; // data bytes of the bulk string being read; -1: none
    bool m_bulkIsErrorReply = false;
    QByteArray m_errorText; // the start of a top-level blob error, for errorString()
};

#pragma once

#include "labresponder.h"

#include <QList>

// Redis server side: commands as RESP arrays of bulk strings or inline. PING answers +PONG
// (with a response size N > 0, a bulk string of N bytes), PING msg and ECHO msg the message,
// GET a bulk string of response-size bytes, SET +OK, QUIT +OK and closes; other commands get
// "-ERR unknown command". Malformed input gets "-ERR Protocol error: ..." and a close, as
// from Redis.
class LabRedisResponder : public LabResponder
{
public:
    static constexpr qsizetype MaxRequestBytes = 1024 * 1024;
    static constexpr qsizetype MaxInlineLength = 64 * 1024;

    Status take(QByteArray &buffer) override;
    Answer answer(qint64 responseSize) const override;
    std::optional<Answer> errorAnswer() const override;
    QByteArray malformedAnswer() const override;

private:
    Status takeMultiBulk(QByteArray &buffer);
    Status takeInline(QByteArray &buffer);

    QList<QByteArray> m_arguments;
};

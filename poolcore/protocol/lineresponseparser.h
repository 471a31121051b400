#pragma once

#include "responseparser.h"

// Line: the response is one line ending in '\n' (a '\r' before it is allowed). The line's
// bytes are counted and dropped as they arrive, so a long line costs no memory.
class LineResponseParser : public ResponseParser
{
public:
    explicit LineResponseParser(qint64 maxResponseBytes);

protected:
    Status parseMore(QByteArray &buffer) override;
};

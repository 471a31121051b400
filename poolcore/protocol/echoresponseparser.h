#pragma once

#include "responseparser.h"

// Echo: the response is exactly the request's bytes, sent back.
class EchoResponseParser : public ResponseParser
{
public:
    EchoResponseParser(const QByteArray &expected, qint64 maxResponseBytes);

protected:
    Status parseMore(QByteArray &buffer) override;

private:
    QByteArray m_expected;
};

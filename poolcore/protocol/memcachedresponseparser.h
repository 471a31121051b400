#pragma once

#include "responseparser.h"

// memcached text protocol, the reply to "version": "VERSION x". ERROR and CLIENT_ERROR are
// error replies on a reusable connection; SERVER_ERROR is an error reply after which memcached
// may close the connection, so it is not reused. Bytes that cannot start any memcached reply
// fail as soon as they arrive.
class MemcachedResponseParser : public ResponseParser
{
public:
    static constexpr qsizetype MaxLineLength = 8 * 1024;

    explicit MemcachedResponseParser(qint64 maxResponseBytes);

protected:
    Status parseMore(QByteArray &buffer) override;
};

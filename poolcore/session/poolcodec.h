#pragma once

#include "feedreader.h"
#include "poolevent.h"
#include "poolsnapshot.h"

#include <QJsonObject>

// The pool's part of a feed line (FeedCodec): events, snapshots with every connection, and
// the statistics with every counter and histogram.
class PoolCodec
{
public:
    // PoolEvent::toJson(), the project's event JSON, as the events file has it.
    static QJsonObject encode(const PoolEvent &event);
    static QJsonObject encode(const ConnectionInfo &connection);
    static QJsonObject encode(const PoolStats &stats);
    static QJsonObject encode(const PoolSnapshot &snapshot);

    static PoolEvent decodeEvent(const FeedReader &in);
    static ConnectionInfo decodeConnection(const FeedReader &in);
    static PoolStats decodeStats(const FeedReader &in);
    static PoolSnapshot decodeSnapshot(const FeedReader &in);
};

#pragma once

#include "sessionfeed.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QString>

#include <optional>

// A SessionFeed as JSON, every field of every part: what a recording writes down, one line per
// feed (docs/feed-format.md). Every line carries "v", the format version. Keys this version
// does not know are ignored, so a minor addition stays readable; a newer version is refused.
// What holds its default is left out, so a quiet feed is a short line. Times and durations are
// whole nanoseconds (ms where the value itself counts ms), enums go by their JSON names.
class FeedCodec
{
public:
    static constexpr int Version = 1;

    static QJsonObject encode(const SessionFeed &feed);
    // Nullopt and *error for anything encode() could not have written, whatever the input:
    // one message naming the key's path, the value and what is accepted.
    static std::optional<SessionFeed> decode(const QJsonObject &object, QString *error);

    // encode() as compact JSON, then '\n'.
    static QByteArray encodeLine(const SessionFeed &feed);
    // One line as encodeLine() writes it (the '\n' may be there or not); a line that is not a
    // JSON object, cut short or damaged, is refused saying so.
    static std::optional<SessionFeed> decodeLine(QByteArrayView line, QString *error);
};

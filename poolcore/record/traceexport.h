#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

class Replay;

// A recording as the Trace Event Format (the JSON object form) that Perfetto and
// chrome://tracing open (docs/recording.md): a process per pool, a track (tid) per connection
// with complete slices for dialing, TLS, idle and in use, instant events for evictions and
// failed dials named by reason, waiters as async slices from queued to served or given up,
// counter tracks for open, idle, in use, dialing and waiting, and names for them all.
// Timestamps are microseconds from the recording's start.
class TraceExport
{
public:
    static QJsonObject build(const Replay &replay);
    static QByteArray toJson(const Replay &replay);
    // False and *error (naming the file and why) when it cannot be written.
    static bool writeFile(const Replay &replay, const QString &path, QString *error);
};

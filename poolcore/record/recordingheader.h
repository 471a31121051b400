#pragma once

#include "sessionprofile.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QString>

#include <optional>

// The first line of a recording: what it is, which version of the format, which PoolScope wrote
// it, when it began and what the session ran on (docs/recording.md).
struct RecordingHeader
{
    static constexpr auto Format = "poolscope-recording";
    static constexpr int Version = 1;

    int version = Version;
    QString poolscopeVersion; // of the PoolScope that wrote it
    QDateTime startedAt; // wall clock, UTC
    qint64 startNs = 0; // MonotonicClock at the start: zero on the recording's time axis
    // "HOST:PORT", or "lab" for the embedded lab (its port is in the first lab feed).
    QString target;
    SessionProfile settings; // the pool's settings, its workload and the lab's knobs

    // For a recording starting now, as this PoolScope writes it.
    static RecordingHeader now(const QString &target, const SessionProfile &settings);

    QByteArray encodeLine() const; // compact JSON, then '\n'
    // Nullopt and *error (what was wrong and what is accepted) for a line that is not a
    // header this version reads: another kind of JSON, a newer version, bad settings.
    static std::optional<RecordingHeader> decodeLine(QByteArrayView line, QString *error);
};

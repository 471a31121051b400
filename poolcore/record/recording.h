#pragma once

#include "recordingheader.h"
#include "sessionfeed.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

// A recording read back: its header and every feed, in the order they were delivered
// (docs/recording.md). A file cut off in the middle of a line opens up to its last complete
// line, and notice() says where it ends; anything else that is not a recording this version
// reads is refused with one message naming the line and what was wrong.
class Recording
{
public:
    RecordingHeader header;
    QList<SessionFeed> feeds;

    // Empty, or what a reader should be told: where a cut-off file ends.
    const QString &notice() const { return m_notice; }
    void setNotice(const QString &notice) { m_notice = notice; }
    // The line of the file each feed came from (the header is line 1).
    static int lineOf(int feedIndex) { return feedIndex + 2; }

    // Nullopt and *error ("FILE: line N: what was wrong; accepted: ...") when the file cannot be
    // read or is not a recording this version reads.
    static std::optional<Recording> readFile(const QString &path, QString *error);
    // The same for what a file holds; name only names it in messages.
    static std::optional<Recording> fromData(const QByteArray &data, const QString &name,
                                             QString *error);

private:
    QString m_notice;
};

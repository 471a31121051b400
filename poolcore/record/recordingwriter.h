#pragma once

#include "recordingheader.h"
#include "sessionfeed.h"
#include "snapshotcarry.h"

#include <QFile>
#include <QString>

// Writes a recording as the feeds come: the header, then one FeedCodec line per feed, its
// snapshots thinned (SnapshotCarry), each line flushed to the file as it is written, so a crash
// or a kill loses at most the line under way (and Recording opens what came before it).
class RecordingWriter
{
public:
    // Creates (or empties) the file and writes the header. False and *error (naming the file
    // and why) when it cannot.
    bool open(const QString &path, const RecordingHeader &header, QString *error);
    bool isOpen() const { return m_file.isOpen(); }
    // False when the line could not be written (a full disk); errorString() says why.
    bool write(const SessionFeed &feed);
    QString fileName() const { return m_file.fileName(); }
    QString errorString() const { return m_file.errorString(); }
    qint64 bytesWritten() const { return m_bytes; }
    void close() { m_file.close(); }

private:
    bool writeLine(const QByteArray &line);

    QFile m_file;
    qint64 m_bytes = 0;
    SnapshotCarry m_carry;
};

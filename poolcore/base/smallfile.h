#pragma once

#include <QByteArray>
#include <QString>

// A file the user named (a settings file, a profile), read whole, or why not. A file larger
// than limitBytes is refused rather than cut, so that a valid file is never read as a broken
// one; the limit only keeps a wrong file (a log, a disk image) from being read into memory.
struct SmallFile
{
    QByteArray data;
    QString error; // empty when read: what was wrong, for a message that names the file

    static SmallFile read(const QString &path, qint64 limitBytes);
};

#include "recordingwriter.h"

#include "feedcodec.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

bool RecordingWriter::open(const QString &path, const RecordingHeader &header, QString *error)
{
    m_file.setFileName(path);
    m_bytes = 0;
    m_carry = {};
    if (m_file.open(QIODevice::WriteOnly | QIODevice::Truncate) && writeLine(header.encodeLine()))
        return true;
    *error = u"cannot write \"%1\": %2"_s.arg(path, m_file.errorString());
    m_file.close();
    return false;
}

bool RecordingWriter::write(const SessionFeed &feed)
{
    QJsonObject line = FeedCodec::encode(feed);
    m_carry.thin(&line);
    return writeLine(QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n');
}

bool RecordingWriter::writeLine(const QByteArray &line)
{
    // One write() of the whole line: a reader following the file, or one opening it after a
    // crash, sees whole lines but for the last.
    if (m_file.write(line) != line.size() || !m_file.flush())
        return false;
    m_bytes += line.size();
    return true;
}

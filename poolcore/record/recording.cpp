#include "recording.h"

#include "feedcodec.h"
#include "snapshotcarry.h"

#include <QFile>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace {

// What a file that is not a recording at all most likely is, from its first bytes; empty when
// it looks like text.
QString wrongKind(const QByteArray &data)
{
    if (data.startsWith("\x89PNG\r\n\x1a\n"))
        return u"a PNG image"_s;
    if (data.startsWith("\xff\xd8\xff"))
        return u"a JPEG image"_s;
    if (data.startsWith("%PDF"))
        return u"a PDF document"_s;
    if (data.startsWith("PK\x03\x04") || data.startsWith("\x1f\x8b"))
        return u"a compressed archive"_s;
    if (data.left(512).contains('\0'))
        return u"a binary file"_s;
    return {};
}

// One feed line: parsed once, decoded, its snapshots restored in full (SnapshotCarry).
std::optional<SessionFeed> decodeLine(QByteArrayView text, SnapshotCarry &carry, QString *error)
{
    QJsonParseError parseError{};
    QJsonDocument document = QJsonDocument::fromJson(text.toByteArray(), &parseError);
    if (!document.isObject())
        return FeedCodec::decodeLine(text, error); // for its message: what the line is instead
    QJsonObject object = document.object();
    if (!carry.restore(&object, error))
        return std::nullopt;
    auto feed = FeedCodec::decode(object, error);
    if (feed)
        carry.finish(&*feed);
    return feed;
}

QString accepted()
{
    return u"accepted: a PoolScope recording (poolscope run --record), JSON lines starting with "
           "{\"format\":\"%1\",...}"_s.arg(QString::fromLatin1(RecordingHeader::Format));
}

} // namespace

std::optional<Recording> Recording::readFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"%1: cannot read: %2"_s.arg(path, file.errorString());
        return std::nullopt;
    }
    return fromData(file.readAll(), path, error);
}

std::optional<Recording> Recording::fromData(const QByteArray &data, const QString &name,
                                             QString *error)
{
    if (data.trimmed().isEmpty()) {
        *error = u"%1: the file is empty; %2"_s.arg(name, accepted());
        return std::nullopt;
    }
    if (const QString kind = wrongKind(data); !kind.isEmpty()) {
        *error = u"%1: %2, not a recording; %3"_s.arg(name, kind, accepted());
        return std::nullopt;
    }
    Recording recording;
    SnapshotCarry carry;
    qsizetype start = 0;
    int line = 0;
    while (start < data.size()) {
        ++line;
        const qsizetype newline = data.indexOf('\n', start);
        const bool complete = newline >= 0;
        const QByteArrayView text
            = QByteArrayView(data).sliced(start, (complete ? newline : data.size()) - start);
        start = complete ? newline + 1 : data.size();
        if (line == 1) {
            QString why;
            const auto header = RecordingHeader::decodeLine(text, &why);
            if (!header && !complete && text.trimmed().startsWith('{')) {
                *error = u"%1: ends in the middle of line 1, the header (%2 bytes of it): "
                         "nothing to open"_s.arg(name)
                             .arg(text.size());
                return std::nullopt;
            }
            if (!header) {
                *error = u"%1: line 1: %2"_s.arg(name, why);
                return std::nullopt;
            }
            recording.header = *header;
            continue;
        }
        if (text.trimmed().isEmpty() && !complete)
            break;
        QString why;
        auto feed = decodeLine(text, carry, &why);
        if (!feed && !complete) {
            // A crash, a kill or a full disk in the middle of the last line: what came before
            // it is whole.
            recording.m_notice
                = u"%1 ends in the middle of line %2 (%3 bytes of it); opened up to line %4, "
                  "the last complete one"_s.arg(name)
                      .arg(line)
                      .arg(text.size())
                      .arg(line - 1);
            break;
        }
        if (!feed) {
            *error = u"%1: line %2: %3"_s.arg(name).arg(line).arg(why);
            return std::nullopt;
        }
        recording.feeds.append(std::move(*feed));
    }
    return recording;
}

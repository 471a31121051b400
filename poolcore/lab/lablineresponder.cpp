#include "lablineresponder.h"

using namespace Qt::StringLiterals;

LabResponder::Status LabLineResponder::take(QByteArray &buffer)
{
    const qsizetype newline = buffer.indexOf('\n');
    if (newline < 0) {
        if (buffer.size() > MaxLineLength)
            return malformed(u"a line is longer than %1 bytes"_s.arg(MaxLineLength));
        return Status::NeedMore;
    }
    if (newline > MaxLineLength)
        return malformed(u"a line is longer than %1 bytes"_s.arg(MaxLineLength));
    m_line = buffer.first(newline);
    if (m_line.endsWith('\r'))
        m_line.chop(1);
    buffer.remove(0, newline + 1);
    return Status::Request;
}

LabResponder::Answer LabLineResponder::answer(qint64 responseSize) const
{
    return {(responseSize > 0 ? filler(responseSize) : m_line) + '\n'};
}

std::optional<LabResponder::Answer> LabLineResponder::errorAnswer() const
{
    return std::nullopt;
}

QByteArray LabLineResponder::malformedAnswer() const
{
    return {};
}

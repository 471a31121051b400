#include "labechoresponder.h"

LabResponder::Status LabEchoResponder::take(QByteArray &buffer)
{
    if (buffer.isEmpty())
        return Status::NeedMore;
    m_request = std::exchange(buffer, QByteArray());
    return Status::Request;
}

LabResponder::Answer LabEchoResponder::answer(qint64) const
{
    return {m_request};
}

std::optional<LabResponder::Answer> LabEchoResponder::errorAnswer() const
{
    return std::nullopt;
}

QByteArray LabEchoResponder::malformedAnswer() const
{
    return {};
}

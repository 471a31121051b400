#pragma once

#include "labresponder.h"

// Echo: whatever arrived is sent back unchanged. There is no framing, so each batch of bytes
// that arrives counts as one request; response size does not apply.
class LabEchoResponder : public LabResponder
{
public:
    Status take(QByteArray &buffer) override;
    Answer answer(qint64 responseSize) const override;
    std::optional<Answer> errorAnswer() const override;
    QByteArray malformedAnswer() const override;

private:
    QByteArray m_request;
};

#pragma once

#include "labresponder.h"

// Line: each '\n'-terminated line is a request. The answer is the same line, or with a
// response size N > 0 a line of N bytes; both end in '\n'.
class LabLineResponder : public LabResponder
{
public:
    static constexpr qsizetype MaxLineLength = 64 * 1024;

    Status take(QByteArray &buffer) override;
    Answer answer(qint64 responseSize) const override;
    std::optional<Answer> errorAnswer() const override;
    QByteArray malformedAnswer() const override;

private:
    QByteArray m_line;
};

#pragma once

#include "labresponder.h"

#include <QList>

// memcached text protocol server side: "version" answers "VERSION 1.6.0-poolscope-lab" (with a
// response size N > 0, a version string of N bytes), "get"/"gets" answer every key with a value
// of response-size bytes, "quit" closes; anything else gets "ERROR". A line longer than 2048
// bytes gets "CLIENT_ERROR line too long" and a close.
class LabMemcachedResponder : public LabResponder
{
public:
    static constexpr qsizetype MaxLineLength = 2048;

    Status take(QByteArray &buffer) override;
    Answer answer(qint64 responseSize) const override;
    std::optional<Answer> errorAnswer() const override;
    QByteArray malformedAnswer() const override;

private:
    QList<QByteArray> m_words;
};

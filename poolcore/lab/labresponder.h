#pragma once

#include "protocol.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <optional>

// The lab backend's side of one protocol on one connection: cuts requests off the front of
// what the client sent and says how to answer each. A request that cannot be parsed is
// Malformed: the connection gets malformedAnswer() and is closed, as a real server would.
//
// Memory stays bounded: a responder either takes a request or, past its own limit on the
// size of one request, reports Malformed; it never asks for more without end.
class LabResponder
{
public:
    enum class Status : quint8 { NeedMore, Request, Malformed };

    struct Answer
    {
        QByteArray bytes;
        bool close = false; // close the connection once it is written (the client asked)
        bool errorReply = false; // an error the protocol can express (HTTP 500, -ERR, ...)
    };

    static std::unique_ptr<LabResponder> create(ProtocolKind kind);
    virtual ~LabResponder();

    // Takes one request off the front of buffer.
    virtual Status take(QByteArray &buffer) = 0;
    // The answer to the request take() returned last. responseSize is the lab's
    // response-size knob; each protocol says what it means.
    virtual Answer answer(qint64 responseSize) const = 0;
    // An error reply to that request, for error injection; nullopt when the protocol cannot
    // express an error (echo, line).
    virtual std::optional<Answer> errorAnswer() const = 0;
    // After Malformed: what to write before closing (may be empty).
    virtual QByteArray malformedAnswer() const = 0;
    // After Malformed: why.
    QString errorString() const { return m_errorString; }

protected:
    Status malformed(const QString &message);
    // size bytes of filler for bodies and values; shared, so repeated answers cost no copy.
    static QByteArray filler(qint64 size);

private:
    QString m_errorString;
};

#pragma once

#include "labresponder.h"

// HTTP/1.1 server side: any method and target get "200 OK" with a body of response-size
// bytes (HEAD: the headers only). Keep-alive follows the request (HTTP/1.0 needs
// "Connection: keep-alive", HTTP/1.1 keeps unless "Connection: close"). Request bodies with
// Content-Length are read and dropped; chunked request bodies are refused with 501. A request
// line that is not HTTP is refused as soon as it is whole, as nginx does, without waiting for
// a head that another protocol's client never sends.
class LabHttpResponder : public LabResponder
{
public:
    static constexpr qsizetype MaxHeadBytes = 16 * 1024;

    Status take(QByteArray &buffer) override;
    Answer answer(qint64 responseSize) const override;
    std::optional<Answer> errorAnswer() const override;
    QByteArray malformedAnswer() const override;

private:
    Status parseHead(const QList<QByteArray> &lines);
    // Refuses a request line that is not "METHOD TARGET HTTP/1.x"; NeedMore when it is one.
    Status checkRequestLine(const QByteArray &line);
    Status refuse(int status, const QString &message);
    QByteArray head(int status, qint64 contentLength) const;

    qint64 m_bodyRemaining = 0; // of the last request, still to drop
    bool m_close = false;
    bool m_http10 = false;
    bool m_headMethod = false;
    int m_refusal = 400;
};

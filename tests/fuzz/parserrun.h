#pragma once

#include "protocol.h"
#include "responseparser.h"

#include <QByteArray>
#include <QList>

#include <memory>

// A client reading one stream of responses with a protocol's parsers, as the load driver does:
// a parser per response, the bytes after a complete response left for the next one, and no
// more reading after an error or a response that leaves the connection unusable. Every step is
// checked against ResponseParser's contract (responseparser.h); a broken rule stops the fuzzer.
class ParserRun
{
public:
    // What one parser made of its response. For an error only the kind counts: how far a
    // parser read before it gave up depends on how the bytes arrived.
    struct Response
    {
        ResponseParser::Status status = ResponseParser::Status::NeedMore;
        qint64 bytes = 0;
        bool reusable = false;
        bool errorReply = false;

        bool sameAs(const Response &other) const;
    };

    ParserRun(const Protocol &protocol, const QByteArray &stream);

    // The next count bytes of the stream arrive.
    void feed(qsizetype count);
    // The stream ends: the peer closed the connection.
    void close();

    const QList<Response> &responses() const { return m_responses; }

private:
    void parseBuffered();
    void checkParseStep(qsizetype bufferedBefore, qint64 bytesBefore,
                        ResponseParser::Status status) const;
    void checkSettled(ResponseParser::Status status);
    void settle(ResponseParser::Status status);

    Protocol m_protocol;
    QByteArray m_stream;
    QByteArray m_buffer; // what arrived and no parser consumed yet
    qsizetype m_fed = 0;
    qsizetype m_consumed = 0;
    std::unique_ptr<ResponseParser> m_parser;
    bool m_stopped = false;
    QList<Response> m_responses;
};

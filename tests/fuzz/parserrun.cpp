#include "parserrun.h"

#include "fuzzcheck.h"

#include <cstring>

using Status = ResponseParser::Status;

bool ParserRun::Response::sameAs(const Response &other) const
{
    if (status != other.status)
        return false;
    return status == Status::Error
        || (bytes == other.bytes && reusable == other.reusable && errorReply == other.errorReply);
}

ParserRun::ParserRun(const Protocol &protocol, const QByteArray &stream)
    : m_protocol(protocol)
    , m_stream(stream)
{ }

void ParserRun::feed(qsizetype count)
{
    fuzzCheck(count > 0 && m_fed + count <= m_stream.size(), "the harness feeds within the input");
    m_buffer.append(QByteArrayView(m_stream).sliced(m_fed, count));
    m_fed += count;
    parseBuffered();
}

void ParserRun::close()
{
    fuzzCheck(m_fed == m_stream.size(), "the harness feeds the whole input before closing");
    if (m_stopped || !m_parser)
        return;
    const Status status = m_parser->finish();
    fuzzCheck(status == Status::Complete || status == Status::Error,
              "finish() decides: complete or error, never needs-more");
    fuzzCheck(status != Status::Complete || !m_parser->reusable(),
              "a response the close completed leaves no reusable connection");
    checkSettled(status);
    settle(status);
}

void ParserRun::parseBuffered()
{
    while (!m_stopped && !m_buffer.isEmpty()) {
        if (!m_parser)
            m_parser = m_protocol.createParser();
        const qsizetype bufferedBefore = m_buffer.size();
        const qint64 bytesBefore = m_parser->responseBytes();
        const Status status = m_parser->parse(m_buffer);
        checkParseStep(bufferedBefore, bytesBefore, status);
        m_consumed += bufferedBefore - m_buffer.size();
        if (status == Status::NeedMore) {
            // The client calls again only when bytes arrive: what is buffered must not hold
            // anything the parser would take then.
            const qsizetype left = m_buffer.size();
            fuzzCheck(m_parser->parse(m_buffer) == Status::NeedMore && m_buffer.size() == left,
                      "needs-more means the parser took all it could of what arrived");
            return;
        }
        checkSettled(status);
        settle(status);
    }
}

void ParserRun::checkParseStep(qsizetype bufferedBefore, qint64 bytesBefore, Status status) const
{
    fuzzCheck(status == Status::NeedMore || status == Status::Complete || status == Status::Error,
              "parse() returns needs-more, complete or error");
    fuzzCheck(status == m_parser->status(), "parse() returns what status() then says");
    const qsizetype consumed = bufferedBefore - m_buffer.size();
    fuzzCheck(consumed >= 0, "parse() never adds to the buffer");
    fuzzCheck(consumed == m_parser->responseBytes() - bytesBefore,
              "responseBytes() counts exactly what parse() consumed");
    fuzzCheck(m_consumed + consumed <= m_fed, "never more consumed than the input");
    fuzzCheck(m_parser->responseBytes() <= m_parser->maxResponseBytes(),
              "a response never takes more than the max response size");
    // What is left must be the stream's next bytes, untouched: parsers only take from the front.
    const qsizetype from = m_consumed + consumed;
    fuzzCheck(m_buffer.size() == m_fed - from
                  && std::memcmp(m_buffer.constData(), m_stream.constData() + from,
                                 size_t(m_buffer.size()))
                      == 0,
              "parse() leaves the unconsumed bytes as they were");
    if (status == Status::NeedMore)
        fuzzCheck(m_buffer.size() < m_parser->maxResponseBytes(),
                  "needs-more leaves less than the max response size buffered");
}

void ParserRun::checkSettled(Status status)
{
    const ResponseParser &parser = *m_parser;
    if (status == Status::Error) {
        fuzzCheck(!parser.errorString().isEmpty(), "an error says what went wrong");
        fuzzCheck(!parser.reusable() && !parser.isErrorReply(),
                  "an error is neither reusable nor an error reply");
    } else {
        fuzzCheck(parser.responseBytes() > 0, "a complete response consumed at least one byte");
        fuzzCheck(!parser.isErrorReply() || !parser.errorString().isEmpty(),
                  "an error reply says what the server said");
    }
    const qsizetype buffered = m_buffer.size();
    const qint64 bytes = parser.responseBytes();
    fuzzCheck(m_parser->parse(m_buffer) == status && m_buffer.size() == buffered
                  && m_parser->finish() == status && parser.responseBytes() == bytes,
              "a settled parser keeps its status and consumes nothing more");
}

void ParserRun::settle(Status status)
{
    m_responses.append(
        {status, m_parser->responseBytes(), m_parser->reusable(), m_parser->isErrorReply()});
    // A client closes a connection after an error or a response it cannot reuse; what follows
    // on it is never read.
    m_stopped = status == Status::Error || !m_parser->reusable();
    m_parser.reset();
}

#include "scriptrequest.h"

#include "monotonicclock.h"
#include "poollease.h"
#include "responseparser.h"

#include <QTcpSocket>

using namespace Qt::StringLiterals;

ScriptRequest::ScriptRequest(PoolLease &lease, const Protocol &protocol, qint64 timeoutMs,
                             Done done, QObject *parent)
    : QObject(parent)
    , m_lease(lease)
    , m_parser(protocol.createParser())
    , m_startNs(MonotonicClock::nowNs())
    , m_done(std::move(done))
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this, timeoutMs] {
        finish({false, u"timeout"_s,
                u"no complete response within %1 ms (%2 bytes received)"_s.arg(timeoutMs).arg(
                    m_parser->responseBytes())},
               EvictionReason::RequestTimeout);
    });
    m_timeout.start(int(timeoutMs));
    m_lease.setListener(this);
    QTcpSocket *socket = m_lease.socket();
    // Failures are reported from the event loop, so the caller never hears inside this call.
    if (!socket || socket->state() != QAbstractSocket::ConnectedState
        || socket->write(protocol.request()) < 0)
        QMetaObject::invokeMethod(
            this, [this] { leaseClosed(); }, Qt::QueuedConnection);
    else
        socket->flush();
}

ScriptRequest::~ScriptRequest()
{
    if (!m_finished)
        m_lease.setListener(nullptr);
}

void ScriptRequest::leaseReadyRead()
{
    m_buffer += m_lease.socket()->readAll();
    switch (m_parser->parse(m_buffer)) {
    case ResponseParser::Status::NeedMore:
        return;
    case ResponseParser::Status::Error:
        finish({false, u"protocol_error"_s, m_parser->errorString()}, EvictionReason::Broken);
        return;
    case ResponseParser::Status::Complete:
        break;
    }
    EvictionReason close = EvictionReason::None;
    if (!m_buffer.isEmpty())
        close = EvictionReason::UnexpectedData; // more than one response: out of step
    else if (!m_parser->reusable())
        close = EvictionReason::NotReusable;
    if (m_parser->isErrorReply())
        finish({false, u"error_reply"_s, m_parser->errorString()}, close);
    else
        finish({true, {}, {}}, close);
}

void ScriptRequest::leaseClosed()
{
    const QTcpSocket *socket = m_lease.socket();
    finish({false, u"closed"_s,
            socket && socket->error() != QAbstractSocket::UnknownSocketError
                ? socket->errorString()
                : u"the connection closed before the response was complete"_s},
           EvictionReason::None); // the pool sees the close when it comes back
}

void ScriptRequest::finish(Outcome outcome, EvictionReason close)
{
    if (m_finished)
        return;
    m_finished = true;
    m_timeout.stop();
    m_lease.setListener(nullptr);
    if (close != EvictionReason::None)
        m_lease.closeOnRelease(close);
    outcome.bytes = m_parser->responseBytes();
    outcome.tookNs = MonotonicClock::nowNs() - m_startNs;
    m_done(outcome);
}

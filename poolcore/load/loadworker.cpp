#include "loadworker.h"

#include "connectionpool.h"
#include "monotonicclock.h"
#include "responseparser.h"

#include <QTcpSocket>

using namespace Qt::StringLiterals;

namespace {

RequestError requestErrorFor(const AcquireResult &result)
{
    switch (result.error) {
    case AcquireError::Timeout:
        return RequestError::AcquireTimeout;
    case AcquireError::Exhausted:
        return RequestError::PoolExhausted;
    case AcquireError::PoolClosed:
    case AcquireError::Cancelled:
        return RequestError::PoolClosed;
    case AcquireError::Paused:
    case AcquireError::Cleared:
        return RequestError::PoolPaused;
    case AcquireError::None:
    case AcquireError::DialFailed:
        break;
    }
    switch (result.dialError) {
    case DialError::HostNotFound:
        return RequestError::HostNotFound;
    case DialError::Refused:
        return RequestError::Refused;
    case DialError::TimedOut:
        return RequestError::ConnectTimeout;
    case DialError::Reset:
        return RequestError::DialReset;
    case DialError::NetworkUnreachable:
        return RequestError::NetworkUnreachable;
    case DialError::TlsFailure:
        return RequestError::TlsFailure;
    case DialError::None:
    case DialError::Other:
        break;
    }
    return RequestError::DialFailed;
}

} // namespace

LoadWorker::LoadWorker(int index, ConnectionPool *pool, Completion completion)
    : m_index(index)
    , m_pool(pool)
    , m_completion(std::move(completion))
{ }

LoadWorker::~LoadWorker()
{
    // The driver is going away: nobody to tell. A held lease goes back as the member dies.
    m_completion = nullptr;
    cancelWait();
}

void LoadWorker::begin(const LoadSettings *settings, const QByteArray *request,
                       const QString *purpose, quint64 number)
{
    m_settings = settings;
    m_request = request;
    m_purpose = purpose;
    m_number = number;
    m_busy = true;
    m_retried = false;
    m_record = RequestRecord();
    m_record.startNs = MonotonicClock::nowNs();
    m_acquiringSinceNs = m_record.startNs;
    m_firstByteNs = 0;
    if (settings->pooled) {
        // The common case, with nothing queued: an idle connection at once.
        if (PoolLease lease = m_pool->tryAcquire(); lease.isValid()) {
            send(std::move(lease), {});
            return;
        }
    }
    acquire(!settings->pooled);
}

void LoadWorker::cancelWait()
{
    if (m_waiterId)
        m_pool->cancelAcquire(m_waiterId);
}

void LoadWorker::acquire(bool fresh)
{
    AcquireOptions options;
    options.fresh = fresh;
    options.purpose = *m_purpose;
    options.requestId = m_number;
    m_waiterId = m_pool->acquire(
        this, [this](AcquireResult result) { onAcquired(std::move(result)); }, options);
}

void LoadWorker::onAcquired(AcquireResult result)
{
    m_waiterId = 0;
    m_record.acquireWaitNs += result.waitNs;
    if (!result.ok()) {
        finish(requestErrorFor(result), result.message, EvictionReason::None,
               result.error != AcquireError::Cancelled);
        return;
    }
    send(std::move(result.lease), result.dial);
}

void LoadWorker::send(PoolLease lease, const DialTiming &dial)
{
    const qint64 now = MonotonicClock::nowNs();
    // A dial that began before this request waited (for min idle, or another caller's) counts
    // only for the part it waited through.
    const qint64 acquiringNs = now - m_acquiringSinceNs;
    const DialTiming waited = dial.lastPart(acquiringNs);
    m_record.dial.resolveNs += waited.resolveNs;
    m_record.dial.connectNs += waited.connectNs;
    m_record.dial.tlsNs += waited.tlsNs;
    m_record.queueNs += acquiringNs - waited.totalNs();
    m_lease = std::move(lease);
    m_record.connectionId = m_lease.connectionId();
    m_record.reused = m_lease.isReused();
    m_record.connectionUse = m_lease.useCount();
    m_record.sinceConnectNs = m_lease.tcpConnectedNs() ? now - m_lease.tcpConnectedNs() : 0;
    m_socket = m_lease.socket();
    m_lease.setListener(this);
    m_lease.setPurpose(*m_purpose, m_number);
    m_parser = m_settings->protocol.createParser();
    m_buffer.clear();
    m_responseStarted = false;
    m_firstByteNs = 0;
    m_writtenNs = now;
    m_deadlineNs = m_writtenNs + MonotonicClock::msToNs(m_settings->requestTimeoutMs);
    // A write that fails at once is reported from the event loop, like every other failure,
    // so a request never ends inside begin().
    if (m_socket->state() != QAbstractSocket::ConnectedState || m_socket->write(*m_request) < 0) {
        QMetaObject::invokeMethod(this, &LoadWorker::leaseClosed, Qt::QueuedConnection);
        return;
    }
    // Into the kernel now: a buffered write waits for the event loop to see the socket
    // writable, one more wake-up for every request. A close it meets is reported from the
    // event loop too (leaseClosed).
    m_flushing = true;
    m_socket->flush();
    m_flushing = false;
}

void LoadWorker::checkTimeout(qint64 nowNs)
{
    if (!m_deadlineNs || nowNs < m_deadlineNs)
        return;
    // Whatever may still come belongs to this request: the connection cannot carry another.
    finish(
        RequestError::RequestTimeout,
        u"no complete response within %1 ms (%2 bytes received)"_s.arg(m_settings->requestTimeoutMs)
            .arg(m_parser ? m_parser->responseBytes() : 0),
        EvictionReason::RequestTimeout);
}

void LoadWorker::leaseReadyRead()
{
    if (!m_responseStarted)
        m_firstByteNs = MonotonicClock::nowNs();
    m_responseStarted = true;
    if (m_buffer.isEmpty())
        m_buffer = m_socket->readAll();
    else
        m_buffer += m_socket->readAll();
    switch (m_parser->parse(m_buffer)) {
    case ResponseParser::Status::NeedMore:
        return;
    case ResponseParser::Status::Error:
        // Parsers fail on the first bytes that cannot be theirs, before consuming them.
        if (m_parser->responseBytes() == 0)
            m_record.answer = recogniseAnswer(m_buffer);
        finish(RequestError::ProtocolError, m_parser->errorString(), EvictionReason::Broken);
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
        finish(RequestError::ErrorReply, m_parser->errorString(), close);
    else
        finish(RequestError::None, QString(), close);
}

void LoadWorker::leaseClosed()
{
    if (!m_socket)
        return; // an error and the disconnection both report one close
    if (m_flushing) {
        QMetaObject::invokeMethod(this, &LoadWorker::leaseClosed, Qt::QueuedConnection);
        return;
    }
    // What came with the close may still be unread: the last bytes of a body that the close
    // delimits (RFC 9112, section 6.3), or all of a short one.
    if (m_socket->bytesAvailable() > 0) {
        leaseReadyRead();
        if (!m_socket)
            return; // that finished the request
    }
    // A body delimited by the close is whole when the peer closed; the socket reports that
    // close before it leaves the connected state.
    const bool peerClosed = m_socket->error() == QAbstractSocket::RemoteHostClosedError
        || m_socket->state() != QAbstractSocket::ConnectedState;
    if (m_parser->status() == ResponseParser::Status::NeedMore && peerClosed && m_responseStarted
        && m_parser->finish() == ResponseParser::Status::Complete) {
        finish(RequestError::None, QString(), EvictionReason::NotReusable);
        return;
    }
    const QString message = m_socket->errorString();
    // Like Go's database/sql: a reused connection that fails before anything came back was
    // probably closed by the server while idle; the request never reached it. Once, on a new
    // connection.
    if (!m_responseStarted && m_record.reused && m_settings->staleRetry && !m_retried) {
        m_retried = true;
        m_record.staleRetried = true;
        m_acquiringSinceNs = MonotonicClock::nowNs();
        m_record.staleAttemptNs += m_acquiringSinceNs - m_writtenNs;
        m_writtenNs = 0;
        m_socket = nullptr;
        m_deadlineNs = 0;
        m_lease.closeOnRelease(EvictionReason::PeerClosed,
                               u"failed before any response byte (stale): "_s + message);
        m_lease.release();
        acquire(true);
        return;
    }
    if (m_responseStarted) {
        finish(RequestError::ClosedMidRequest,
               u"closed after %1 response bytes: %2"_s.arg(m_parser->responseBytes()).arg(message),
               EvictionReason::PeerClosed);
        return;
    }
    finish(RequestError::ClosedBeforeResponse,
           m_record.reused ? u"closed before any response byte, on a reused connection (the "
                             "server may have closed it while idle): "_s
                   + message
                           : u"the server closed or reset this new connection before any response "
                             "byte (as a server at its connection limit does): "_s
                   + message,
           EvictionReason::PeerClosed);
}

void LoadWorker::finish(RequestError error, const QString &message, EvictionReason closeReason,
                        bool counted)
{
    const qint64 now = MonotonicClock::nowNs();
    m_socket = nullptr;
    m_deadlineNs = 0;
    if (m_writtenNs) {
        m_record.requestNs = now - m_writtenNs;
        m_record.firstByteNs = (m_firstByteNs ? m_firstByteNs : now) - m_writtenNs;
        m_record.transferNs = m_firstByteNs ? now - m_firstByteNs : 0;
    } else {
        m_record.queueNs += now - m_acquiringSinceNs; // it never got a connection
    }
    m_record.totalNs = now - m_record.startNs;
    m_record.error = error;
    m_record.message = message;
    m_writtenNs = 0;
    if (m_lease.isValid()) {
        if (closeReason == EvictionReason::None && !m_settings->pooled)
            closeReason = EvictionReason::SingleUse;
        if (closeReason != EvictionReason::None)
            m_lease.closeOnRelease(closeReason, message);
        m_lease.release(); // may hand the connection straight to another worker
    }
    m_parser.reset();
    m_busy = false;
    if (m_completion)
        m_completion(this, m_record, counted);
}

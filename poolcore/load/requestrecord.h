#pragma once

#include "dialtiming.h"
#include "enumnames.h"
#include "protocol.h"

#include <QMetaType>
#include <QString>

// How a request ended, in the words of its cause.
enum class RequestError : quint8 {
    None,
    AcquireTimeout, // no connection became free within the acquire timeout
    PoolExhausted, // acquire timeout 0 and every connection busy
    PoolClosed, // the pool shut down or has invalid settings
    HostNotFound, // dial: name resolution failed
    Refused, // dial: nothing listens there
    ConnectTimeout, // dial: no answer within the connect timeout
    DialReset, // dial: reset during the handshake
    NetworkUnreachable, // dial: no route
    TlsFailure, // dial: the TLS handshake failed
    DialFailed, // dial: another reason
    ClosedBeforeResponse, // the server closed or reset the connection before any response byte
    ClosedMidRequest, // the server closed or reset the connection within the response
    RequestTimeout, // the response did not complete within the request timeout
    ProtocolError, // the response broke the protocol or its size limit
    ErrorReply, // the server answered with an error (HTTP 5xx, -ERR, SERVER_ERROR)
    PoolPaused, // the pool is paused (by pause_after_dial_failures, say), or a clear paused it
};

// The JSON report's error classes.
template<> struct EnumNames<RequestError>
{
    static constexpr RequestError last = RequestError::PoolPaused;
    static constexpr std::array names{
        "none",
        "acquire_timeout",
        "pool_exhausted",
        "pool_closed",
        "host_not_found",
        "refused",
        "connect_timeout",
        "dial_reset",
        "network_unreachable",
        "tls_failure",
        "dial_failed",
        "closed_before_response",
        "closed_mid_request",
        "request_timeout",
        "protocol_error",
        "error_reply",
        "pool_paused",
    };
};

// The request failed because its connection could not be dialed.
constexpr bool isDialError(RequestError error)
{
    return error >= RequestError::HostNotFound && error <= RequestError::DialFailed;
}

// One request as the load driver saw it. Times are nanoseconds.
//
// Its time splits into parts, as a browser's developer tools show a request's timing, that add
// up to totalNs: queueNs + dial.totalNs() + firstByteNs + transferNs + staleAttemptNs.
struct RequestRecord
{
    qint64 startNs = 0; // MonotonicClock: when it began waiting for a connection
    qint64 acquireWaitNs = 0; // the pool's measure of the wait, a dial included when one was needed
    qint64 requestNs = 0; // from writing the request to the whole response
    qint64 totalNs = 0; // what the caller experienced: acquire wait + request (+ a retry)

    qint64 queueNs = 0; // waiting for a connection, apart from its dial
    DialTiming dial; // the part of a new connection's dial this request waited through
    // From writing the request to the first response byte (to the end, when none came): the
    // network and the server, a server's delay for a new connection (the lab's setup) included.
    qint64 firstByteNs = 0;
    qint64 transferNs = 0; // from the first response byte to the last
    qint64 staleAttemptNs = 0; // the try on a stale connection, before the retry on a new one

    quint64 connectionId = 0;
    // Which lease of its connection this was (1: the first, even on a connection dialed ahead
    // for min idle), and how long its TCP connect completed before the request was written:
    // what tells how much of a server's setup delay, counted from its accept, was still ahead.
    quint64 connectionUse = 0;
    qint64 sinceConnectNs = 0;
    bool reused = false;
    bool staleRetried = false; // failed on a reused connection and was retried on a new one
    RequestError error = RequestError::None;
    QString message;
    // A protocol error: what the answer looked like, so a server that speaks another protocol
    // can say which.
    AnswerKind answer = AnswerKind::Unknown;

    bool ok() const { return error == RequestError::None; }
    qint64 phasesNs() const
    {
        return queueNs + dial.totalNs() + firstByteNs + transferNs + staleAttemptNs;
    }
};

Q_DECLARE_METATYPE(RequestRecord)

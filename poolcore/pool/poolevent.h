#pragma once

#include "dialerror.h"
#include "enumnames.h"

#include <QByteArray>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

#include <optional>

// Why a connection left the pool. Names follow MongoDB's CMAP "ConnectionClosed" reasons
// where one exists.
enum class EvictionReason : quint8 {
    None,
    IdleTimeout, // idle longer than the idle timeout
    MaxLifetime, // older than max lifetime (plus jitter)
    PeerClosed, // the server sent FIN or RST, noticed when it happened
    SocketError, // an error on the socket other than the peer closing it
    KeepAliveTimeout, // TCP keepalive went unanswered and the kernel dropped it: no FIN, no RST
    StaleCheckFailed, // the check before reuse found it dead
    UnexpectedData, // bytes arrived while nobody had asked for them: the stream is out of step
    Broken, // the lease holder marked it broken
    RequestTimeout, // the holder gave up waiting for a response: the stream is out of step
    NotReusable, // the response said so (HTTP "Connection: close", ...)
    SingleUse, // unpooled mode: closed after its one request
    MadeRoom, // an idle connection closed to make room for a new one asked for
    Shrink, // more connections than max after a settings change
    AddressChanged, // re-resolution or a new target no longer lists its peer
    TlsChanged, // same address, other TLS settings (tls, tls_insecure, ca_file)
    Cleared, // the user cleared the pool (a new generation)
    Shutdown, // the pool closed
};

// The names of this file's enums are the JSON vocabulary of events and statistics.
template<> struct EnumNames<EvictionReason>
{
    static constexpr EvictionReason last = EvictionReason::Shutdown;
    static constexpr std::array names{
        "none",
        "idle_timeout",
        "max_lifetime",
        "peer_closed",
        "socket_error",
        "keepalive_timeout",
        "stale_check_failed",
        "unexpected_data",
        "broken",
        "request_timeout",
        "not_reusable",
        "single_use",
        "made_room",
        "shrink",
        "address_changed",
        "tls_changed",
        "cleared",
        "shutdown",
    };
};

enum class AcquireError : quint8 {
    None,
    Timeout, // the acquire timeout passed while waiting
    Exhausted, // acquire timeout 0 and every connection busy
    DialFailed,
    Cancelled,
    PoolClosed,
    Paused, // the pool is paused: acquires fail at once (CMAP)
    Cleared, // a clear that paused the pool failed the waiters (CMAP)
};

template<> struct EnumNames<AcquireError>
{
    static constexpr AcquireError last = AcquireError::Cleared;
    static constexpr std::array names{
        "none",      "acquire_timeout", "pool_exhausted", "dial_failed",
        "cancelled", "pool_closed",     "paused",         "cleared",
    };
};

enum class EventKind : quint8 {
    DialStarted, // a new connection was created and begins resolving/connecting
    DialSucceeded, // it is connected (and its TLS handshake done)
    DialFailed, // it could not be established
    Acquired, // a lease was handed out (reused or fresh)
    Released, // a lease came back
    Evicted, // a connection was closed, with its reason
    WaiterQueued, // an acquire found nothing and waits
    WaiterTimedOut, // a waiter's deadline passed
    WaiterCancelled, // a waiter gave up
    WaiterFailed, // a waiter got a dial error or the pool closed
    Resolved, // name resolution finished (addresses in message)
    Cleared, // the generation was bumped
    SettingsChanged, // new settings were applied
    Misuse, // a programming error caught by the pool (double release, ...)
    // CMAP's names (docs/semantics.md)
    AcquireStarted, // an acquire was called, before anything was decided (when asked for)
    PoolCreated, // the pool started, with its settings (as JSON in message)
    PoolReady, // the pool is ready: acquires are served, connections pre-warmed
    PoolPaused, // the pool is paused: acquires fail at once, nothing is dialed
    PoolClosed, // the pool closed: idle connections are gone, leases close when they come back
};

template<> struct EnumNames<EventKind>
{
    static constexpr EventKind last = EventKind::PoolClosed;
    static constexpr std::array names{
        "dial_started", "dial_succeeded", "dial_failed",      "acquired",         "released",
        "evicted",      "waiter_queued",  "waiter_timed_out", "waiter_cancelled", "waiter_failed",
        "resolved",     "cleared",        "settings_changed", "misuse",           "acquire_started",
        "pool_created", "pool_ready",     "pool_paused",      "pool_closed",
    };
};

// One thing that happened in the pool. This value is the single record the window, the
// headless report and every export are built from.
struct PoolEvent
{
    quint64 sequence = 0; // per pool, in the order the pool's state changed: 1, 2, 3, ...
    quint32 poolId = 0; // which of a session's pools
    qint64 timeNs = 0; // the pool's clock: MonotonicClock outside state-machine tests
    EventKind kind = EventKind::Misuse;
    quint64 connectionId = 0; // 0 for pool-level events
    quint64 waiterId = 0;
    quint32 generation = 0;
    EvictionReason reason = EvictionReason::None;
    DialError dialError = DialError::None;
    AcquireError failure = AcquireError::None; // WaiterTimedOut/Cancelled/Failed: why
    bool reused = false;
    bool interruptInUse = false; // Cleared: leases out were interrupted, not left to finish
    qint64 waitNs = 0; // Acquired, WaiterTimedOut/Cancelled/Failed: time spent waiting
    qint64 idleNs = 0; // Acquired (reused): idle before reuse; Evicted: idle before close
    qint64 holdNs = 0; // Released: time the lease was held
    qint64 dialNs = 0; // DialSucceeded/Failed: resolve + TCP connect time
    qint64 tlsNs = 0; // DialSucceeded: TLS handshake time
    qint64 ageNs = 0; // Evicted: age of the connection
    QString address; // DialStarted/Succeeded: peer "ip:port"
    QString message; // human-readable detail: error text, resolved addresses, ...

    QJsonObject toJson() const;
    QByteArray toJsonLine() const; // one line, ending in '\n'
    static std::optional<PoolEvent> fromJson(const QJsonObject &object);
};

Q_DECLARE_METATYPE(PoolEvent)

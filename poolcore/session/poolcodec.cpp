#include "poolcodec.h"

#include "feedwriter.h"

#include <cmath>

using namespace Qt::StringLiterals;
using namespace FeedLimits;

QJsonObject PoolCodec::encode(const PoolEvent &event)
{
    return event.toJson();
}

PoolEvent PoolCodec::decodeEvent(const FeedReader &in)
{
    // PoolEvent::fromJson takes what it finds and 0 for the rest. A line is checked first, so
    // a wrong type is an error naming the key rather than a silent 0, and a duration it turns
    // into nanoseconds fits.
    constexpr double MaxMs = 9e12;
    if (!in.has(u"kind"))
        in.fail(u"kind", u"missing; accepted: the event's kind, e.g. \"acquired\""_s);
    in.choice(u"kind", EventKind::Misuse);
    in.integer(u"t_ns", Min64, Max64);
    in.count(u"seq");
    in.integer(u"pool", 0, MaxU32);
    in.count(u"conn");
    in.count(u"waiter");
    in.integer(u"gen", 0, MaxU32);
    in.choice(u"reason", EvictionReason::None);
    in.choice(u"error", DialError::None);
    in.choice(u"failure", AcquireError::None);
    in.flag(u"reused");
    in.flag(u"interrupt_in_use");
    for (const QStringView key :
         {u"wait_ms", u"idle_ms", u"hold_ms", u"dial_ms", u"tls_ms", u"age_ms"}) {
        if (std::abs(in.number(key)) > MaxMs)
            in.reject(key, u"a number of milliseconds from -9e12 to 9e12"_s);
    }
    in.text(u"address");
    in.text(u"message");
    if (in.failed())
        return {};
    return PoolEvent::fromJson(in.json()).value_or(PoolEvent());
}

QJsonObject PoolCodec::encode(const ConnectionInfo &c)
{
    const ConnectionInfo d;
    FeedWriter w;
    w.count(u"id", c.id);
    w.choice(u"state", c.state, d.state);
    w.integer(u"gen", c.generation);
    w.text(u"peer", c.peerAddress.toString());
    w.integer(u"peer_port", c.peerPort);
    w.integer(u"local_port", c.localPort);
    w.integer(u"created_ns", c.createdNs);
    w.integer(u"connected_ns", c.connectedNs);
    w.integer(u"last_acquired_ns", c.lastAcquiredNs);
    w.integer(u"last_released_ns", c.lastReleasedNs);
    w.integer(u"closed_ns", c.closedNs);
    w.count(u"uses", c.useCount);
    w.text(u"purpose", c.purpose);
    w.count(u"request_id", c.requestId);
    w.integer(u"bytes_in", c.bytesIn, d.bytesIn);
    w.integer(u"bytes_out", c.bytesOut, d.bytesOut);
    w.integer(u"rtt_us", c.rttUs, d.rttUs);
    w.integer(u"rtt_var_us", c.rttVarUs, d.rttVarUs);
    w.integer(u"retransmits", c.retransmits, d.retransmits);
    w.choice(u"close_reason", c.closeReason, d.closeReason);
    w.choice(u"dial_error", c.dialError, d.dialError);
    w.text(u"close_message", c.closeMessage);
    return w.result();
}

ConnectionInfo PoolCodec::decodeConnection(const FeedReader &in)
{
    const ConnectionInfo d;
    ConnectionInfo c;
    c.id = in.count(u"id");
    c.state = in.choice(u"state", d.state);
    c.generation = quint32(in.integer(u"gen", 0, MaxU32));
    if (const QString peer = in.text(u"peer"); !peer.isEmpty() && !c.peerAddress.setAddress(peer))
        in.reject(u"peer", u"an IPv4 or IPv6 address"_s);
    c.peerPort = quint16(in.integer(u"peer_port", 0, MaxU16));
    c.localPort = quint16(in.integer(u"local_port", 0, MaxU16));
    c.createdNs = in.integer(u"created_ns", Min64, Max64);
    c.connectedNs = in.integer(u"connected_ns", Min64, Max64);
    c.lastAcquiredNs = in.integer(u"last_acquired_ns", Min64, Max64);
    c.lastReleasedNs = in.integer(u"last_released_ns", Min64, Max64);
    c.closedNs = in.integer(u"closed_ns", Min64, Max64);
    c.useCount = in.count(u"uses");
    c.purpose = in.text(u"purpose");
    c.requestId = in.count(u"request_id");
    // -1 where TCP_INFO could not be read, so that is the least each takes.
    c.bytesIn = in.integer(u"bytes_in", -1, Max64, d.bytesIn);
    c.bytesOut = in.integer(u"bytes_out", -1, Max64, d.bytesOut);
    c.rttUs = in.integer(u"rtt_us", -1, Max64, d.rttUs);
    c.rttVarUs = in.integer(u"rtt_var_us", -1, Max64, d.rttVarUs);
    c.retransmits = in.integer(u"retransmits", -1, Max64, d.retransmits);
    c.closeReason = in.choice(u"close_reason", d.closeReason);
    c.dialError = in.choice(u"dial_error", d.dialError);
    c.closeMessage = in.text(u"close_message");
    return c;
}

QJsonObject PoolCodec::encode(const PoolStats &s)
{
    FeedWriter w;
    w.integer(u"open", s.open);
    w.integer(u"idle", s.idle);
    w.integer(u"in_use", s.inUse);
    w.integer(u"dialing", s.dialing);
    w.integer(u"waiting", s.waiting);
    w.integer(u"oldest_waiter_since_ns", s.oldestWaiterSinceNs);
    w.integer(u"peak_open", s.peakOpen);
    w.integer(u"generation", s.generation);
    w.integer(u"backoff_until_ns", s.backoffUntilNs);
    w.integer(u"consecutive_dial_failures", s.consecutiveDialFailures);
    w.choice(u"last_dial_error", s.lastDialError, DialError::None);
    w.text(u"last_dial_message", s.lastDialMessage);
    w.integer(u"since_ns", s.sinceNs);
    w.count(u"dials", s.dials);
    w.count(u"dial_failures", s.dialFailures);
    w.counts<DialError>(u"dial_failures_by_error", s.dialFailuresByError);
    w.count(u"early_closes", s.earlyCloses);
    w.count(u"acquisitions", s.acquisitions);
    w.count(u"reuses", s.reuses);
    w.count(u"waits", s.waits);
    w.count(u"dial_waits", s.dialWaits);
    w.count(u"acquire_timeouts", s.acquireTimeouts);
    w.count(u"acquire_failures", s.acquireFailures);
    w.count(u"releases", s.releases);
    w.counts<EvictionReason>(u"evictions", s.evictions);
    w.count(u"misuses", s.misuses);
    w.object(u"acquire_wait", s.acquireWait.toJson());
    w.object(u"dial_time", s.dialTime.toJson());
    w.object(u"tls_time", s.tlsTime.toJson());
    w.object(u"hold_time", s.holdTime.toJson());
    w.object(u"idle_at_reuse", s.idleAtReuse.toJson());
    w.object(u"age_at_close", s.ageAtClose.toJson());
    return w.result();
}

PoolStats PoolCodec::decodeStats(const FeedReader &in)
{
    PoolStats s;
    s.open = int(in.integer(u"open", 0, MaxInt));
    s.idle = int(in.integer(u"idle", 0, MaxInt));
    s.inUse = int(in.integer(u"in_use", 0, MaxInt));
    s.dialing = int(in.integer(u"dialing", 0, MaxInt));
    s.waiting = int(in.integer(u"waiting", 0, MaxInt));
    s.oldestWaiterSinceNs = in.integer(u"oldest_waiter_since_ns", Min64, Max64);
    s.peakOpen = int(in.integer(u"peak_open", 0, MaxInt));
    s.generation = quint32(in.integer(u"generation", 0, MaxU32));
    s.backoffUntilNs = in.integer(u"backoff_until_ns", Min64, Max64);
    s.consecutiveDialFailures = int(in.integer(u"consecutive_dial_failures", 0, MaxInt));
    s.lastDialError = in.choice(u"last_dial_error", DialError::None);
    s.lastDialMessage = in.text(u"last_dial_message");
    s.sinceNs = in.integer(u"since_ns", Min64, Max64);
    s.dials = in.count(u"dials");
    s.dialFailures = in.count(u"dial_failures");
    in.counts<DialError>(u"dial_failures_by_error", &s.dialFailuresByError);
    s.earlyCloses = in.count(u"early_closes");
    s.acquisitions = in.count(u"acquisitions");
    s.reuses = in.count(u"reuses");
    s.waits = in.count(u"waits");
    s.dialWaits = in.count(u"dial_waits");
    s.acquireTimeouts = in.count(u"acquire_timeouts");
    s.acquireFailures = in.count(u"acquire_failures");
    s.releases = in.count(u"releases");
    in.counts<EvictionReason>(u"evictions", &s.evictions);
    s.misuses = in.count(u"misuses");
    s.acquireWait = in.histogram(u"acquire_wait");
    s.dialTime = in.histogram(u"dial_time");
    s.tlsTime = in.histogram(u"tls_time");
    s.holdTime = in.histogram(u"hold_time");
    s.idleAtReuse = in.histogram(u"idle_at_reuse");
    s.ageAtClose = in.histogram(u"age_at_close");
    return s;
}

QJsonObject PoolCodec::encode(const PoolSnapshot &snapshot)
{
    FeedWriter w;
    w.integer(u"t_ns", snapshot.timeNs);
    w.list(u"connections", snapshot.connections, [](const ConnectionInfo &c) { return encode(c); });
    w.object(u"stats", encode(snapshot.stats));
    return w.result();
}

PoolSnapshot PoolCodec::decodeSnapshot(const FeedReader &in)
{
    PoolSnapshot snapshot;
    snapshot.timeNs = in.integer(u"t_ns", Min64, Max64);
    snapshot.connections = in.list(u"connections", decodeConnection);
    snapshot.stats = decodeStats(in.object(u"stats"));
    return snapshot;
}

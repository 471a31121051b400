#include "poolevent.h"

#include <QJsonDocument>

#include <array>

using namespace Qt::StringLiterals;

namespace {

template<typename Enum, size_t N>
QString nameOf(const std::array<QLatin1StringView, N> &names, Enum value)
{
    const auto index = size_t(value);
    return index < N ? QString(names[index]) : u"unknown"_s;
}

template<typename Enum, size_t N>
std::optional<Enum> valueOf(const std::array<QLatin1StringView, N> &names, QStringView name)
{
    for (size_t i = 0; i < N; ++i) {
        if (name == names[i])
            return Enum(i);
    }
    return std::nullopt;
}

// Indexed by the enums' values; the names are the JSON vocabulary.
constexpr std::array kindNames{
    "dial_started"_L1,     "dial_succeeded"_L1, "dial_failed"_L1,   "acquired"_L1,
    "released"_L1,         "evicted"_L1,        "waiter_queued"_L1, "waiter_timed_out"_L1,
    "waiter_cancelled"_L1, "waiter_failed"_L1,  "resolved"_L1,      "cleared"_L1,
    "settings_changed"_L1, "misuse"_L1,
};
static_assert(kindNames.size() == size_t(EventKind::Misuse) + 1);

constexpr std::array reasonNames{
    "none"_L1,
    "idle_timeout"_L1,
    "max_lifetime"_L1,
    "peer_closed"_L1,
    "socket_error"_L1,
    "stale_check_failed"_L1,
    "unexpected_data"_L1,
    "broken"_L1,
    "not_reusable"_L1,
    "single_use"_L1,
    "made_room"_L1,
    "shrink"_L1,
    "address_changed"_L1,
    "cleared"_L1,
    "shutdown"_L1,
};
static_assert(reasonNames.size() == size_t(EvictionReason::Shutdown) + 1);

constexpr std::array dialErrorNames{
    "none"_L1,  "host_not_found"_L1,      "refused"_L1,     "timed_out"_L1,
    "reset"_L1, "network_unreachable"_L1, "tls_failure"_L1, "other"_L1,
};
static_assert(dialErrorNames.size() == size_t(DialError::Other) + 1);

double nsToMs(qint64 ns)
{
    return double(ns) / 1e6;
}

qint64 msToNs(const QJsonValue &value)
{
    return qint64(value.toDouble() * 1e6 + (value.toDouble() >= 0 ? 0.5 : -0.5));
}

} // namespace

QString PoolEvent::kindName(EventKind kind)
{
    return nameOf(kindNames, kind);
}

std::optional<EventKind> PoolEvent::kindFromName(QStringView name)
{
    return valueOf<EventKind>(kindNames, name);
}

QString PoolEvent::reasonName(EvictionReason reason)
{
    return nameOf(reasonNames, reason);
}

std::optional<EvictionReason> PoolEvent::reasonFromName(QStringView name)
{
    return valueOf<EvictionReason>(reasonNames, name);
}

QString PoolEvent::dialErrorName(DialError error)
{
    return nameOf(dialErrorNames, error);
}

std::optional<DialError> PoolEvent::dialErrorFromName(QStringView name)
{
    return valueOf<DialError>(dialErrorNames, name);
}

QJsonObject PoolEvent::toJson() const
{
    // Only what the kind carries, so a line reads like the event it describes.
    QJsonObject o{{u"t_ns"_s, timeNs}, {u"kind"_s, kindName(kind)}};
    if (sequence)
        o.insert(u"seq"_s, qint64(sequence));
    if (poolId)
        o.insert(u"pool"_s, qint64(poolId));
    if (connectionId)
        o.insert(u"conn"_s, qint64(connectionId));
    if (waiterId)
        o.insert(u"waiter"_s, qint64(waiterId));
    if (generation)
        o.insert(u"gen"_s, qint64(generation));
    if (reason != EvictionReason::None)
        o.insert(u"reason"_s, reasonName(reason));
    if (dialError != DialError::None)
        o.insert(u"error"_s, dialErrorName(dialError));
    if (kind == EventKind::Acquired)
        o.insert(u"reused"_s, reused);
    const std::array<std::pair<QString, qint64>, 6> durations{{{u"wait_ms"_s, waitNs},
                                                               {u"idle_ms"_s, idleNs},
                                                               {u"hold_ms"_s, holdNs},
                                                               {u"dial_ms"_s, dialNs},
                                                               {u"tls_ms"_s, tlsNs},
                                                               {u"age_ms"_s, ageNs}}};
    for (const auto &[key, ns] : durations) {
        if (ns)
            o.insert(key, nsToMs(ns));
    }
    if (!address.isEmpty())
        o.insert(u"address"_s, address);
    if (!message.isEmpty())
        o.insert(u"message"_s, message);
    return o;
}

QByteArray PoolEvent::toJsonLine() const
{
    return QJsonDocument(toJson()).toJson(QJsonDocument::Compact) + '\n';
}

std::optional<PoolEvent> PoolEvent::fromJson(const QJsonObject &o)
{
    const auto kind = kindFromName(o.value(u"kind"_s).toString());
    if (!kind)
        return std::nullopt;
    PoolEvent e;
    e.kind = *kind;
    e.timeNs = o.value(u"t_ns"_s).toInteger();
    e.sequence = quint64(o.value(u"seq"_s).toInteger());
    e.poolId = quint32(o.value(u"pool"_s).toInteger());
    e.connectionId = quint64(o.value(u"conn"_s).toInteger());
    e.waiterId = quint64(o.value(u"waiter"_s).toInteger());
    e.generation = quint32(o.value(u"gen"_s).toInteger());
    e.reason
        = reasonFromName(o.value(u"reason"_s).toString(u"none"_s)).value_or(EvictionReason::None);
    e.dialError
        = dialErrorFromName(o.value(u"error"_s).toString(u"none"_s)).value_or(DialError::None);
    e.reused = o.value(u"reused"_s).toBool();
    e.waitNs = msToNs(o.value(u"wait_ms"_s));
    e.idleNs = msToNs(o.value(u"idle_ms"_s));
    e.holdNs = msToNs(o.value(u"hold_ms"_s));
    e.dialNs = msToNs(o.value(u"dial_ms"_s));
    e.tlsNs = msToNs(o.value(u"tls_ms"_s));
    e.ageNs = msToNs(o.value(u"age_ms"_s));
    e.address = o.value(u"address"_s).toString();
    e.message = o.value(u"message"_s).toString();
    return e;
}

#include "poolevent.h"

#include <QJsonDocument>

#include <array>

using namespace Qt::StringLiterals;

namespace {

double nsToMs(qint64 ns)
{
    return double(ns) / 1e6;
}

qint64 msToNs(const QJsonValue &value)
{
    return qint64(value.toDouble() * 1e6 + (value.toDouble() >= 0 ? 0.5 : -0.5));
}

} // namespace

QJsonObject PoolEvent::toJson() const
{
    // Only what the kind carries, so a line reads like the event it describes.
    QJsonObject o{{u"t_ns"_s, timeNs}, {u"kind"_s, enumName(kind)}};
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
        o.insert(u"reason"_s, enumName(reason));
    if (dialError != DialError::None)
        o.insert(u"error"_s, enumName(dialError));
    if (failure != AcquireError::None)
        o.insert(u"failure"_s, enumName(failure));
    if (kind == EventKind::Acquired)
        o.insert(u"reused"_s, reused);
    if (kind == EventKind::Cleared)
        o.insert(u"interrupt_in_use"_s, interruptInUse);
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
    const auto kind = enumFromName<EventKind>(o.value(u"kind"_s).toString());
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
    e.reason = enumFromName<EvictionReason>(o.value(u"reason"_s).toString(u"none"_s))
                   .value_or(EvictionReason::None);
    e.dialError = enumFromName<DialError>(o.value(u"error"_s).toString(u"none"_s))
                      .value_or(DialError::None);
    e.failure = enumFromName<AcquireError>(o.value(u"failure"_s).toString(u"none"_s))
                    .value_or(AcquireError::None);
    e.reused = o.value(u"reused"_s).toBool();
    e.interruptInUse = o.value(u"interrupt_in_use"_s).toBool();
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

#include "traceexport.h"

#include "replay.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <map>

using namespace Qt::StringLiterals;

namespace {

// The track of a pool's own events and its waiters; connections' ids start at 1.
constexpr qint64 PoolTrack = 0;

// Builds one pool's part of the trace from its events and snapshots, in time order.
class PoolTrace
{
public:
    PoolTrace(const Replay &replay, quint32 pool, QJsonArray *out)
        : m_replay(replay)
        , m_pool(pool)
        , m_out(out)
    { }

    void build();

private:
    struct Slice
    {
        QString name;
        qint64 startNs = 0;
        QJsonObject args;
    };

    // A recording begun in the middle of a session opens with the state as it was, measured a
    // moment before: what came before the start is drawn at the start.
    double micros(qint64 ns) const
    {
        return double(std::max<qint64>(ns - m_replay.startNs(), 0)) / 1000.0;
    }
    QJsonObject base(const QString &phase, const QString &name, qint64 tid, qint64 ns) const;
    void name(qint64 tid, const QString &what, const QString &name);
    void event(const PoolEvent &event);
    void begin(quint64 conn, const QString &name, qint64 ns, const QJsonObject &args = {});
    void end(quint64 conn, qint64 ns);
    void instant(qint64 tid, const QString &name, qint64 ns, const QJsonObject &args);
    void waiterEnd(quint64 waiter, qint64 ns, const QString &outcome);
    void counters(const PoolSnapshot &snapshot);
    QString processName() const;

    const Replay &m_replay;
    quint32 m_pool;
    QJsonArray *m_out;
    std::map<quint64, Slice> m_open; // by connection
    std::map<quint64, qint64> m_waiters; // queued, by waiter id
    std::map<quint64, quint32> m_connections; // every connection seen, its generation
};

QJsonObject PoolTrace::base(const QString &phase, const QString &name, qint64 tid, qint64 ns) const
{
    return {{u"ph"_s, phase},
            {u"name"_s, name},
            {u"pid"_s, qint64(m_pool)},
            {u"tid"_s, tid},
            {u"ts"_s, micros(ns)}};
}

void PoolTrace::name(qint64 tid, const QString &what, const QString &name)
{
    QJsonObject metadata{{u"ph"_s, u"M"_s},
                         {u"name"_s, what},
                         {u"pid"_s, qint64(m_pool)},
                         {u"args"_s, QJsonObject{{u"name"_s, name}}}};
    if (what == u"thread_name")
        metadata.insert(u"tid"_s, tid);
    m_out->append(metadata);
}

void PoolTrace::begin(quint64 conn, const QString &name, qint64 ns, const QJsonObject &args)
{
    end(conn, ns);
    m_open[conn] = {name, ns, args};
}

void PoolTrace::end(quint64 conn, qint64 ns)
{
    const auto open = m_open.find(conn);
    if (open == m_open.end())
        return;
    const Slice slice = open->second;
    m_open.erase(open);
    if (ns <= slice.startNs)
        return;
    QJsonObject x = base(u"X"_s, slice.name, qint64(conn), slice.startNs);
    x.insert(u"dur"_s, double(ns - slice.startNs) / 1000.0);
    x.insert(u"cat"_s, u"connection"_s);
    if (!slice.args.isEmpty())
        x.insert(u"args"_s, slice.args);
    m_out->append(x);
}

void PoolTrace::instant(qint64 tid, const QString &name, qint64 ns, const QJsonObject &args)
{
    QJsonObject i = base(u"i"_s, name, tid, ns);
    i.insert(u"s"_s, u"t"_s);
    if (!args.isEmpty())
        i.insert(u"args"_s, args);
    m_out->append(i);
}

void PoolTrace::waiterEnd(quint64 waiter, qint64 ns, const QString &outcome)
{
    if (!m_waiters.erase(waiter))
        return;
    QJsonObject e = base(u"e"_s, u"waiting"_s, PoolTrack, ns);
    e.insert(u"cat"_s, u"waiter"_s);
    e.insert(u"id"_s, u"%1:%2"_s.arg(m_pool).arg(waiter));
    e.insert(u"args"_s, QJsonObject{{u"outcome"_s, outcome}});
    m_out->append(e);
}

void PoolTrace::event(const PoolEvent &e)
{
    const quint64 conn = e.connectionId;
    if (conn && !m_connections.contains(conn))
        m_connections[conn] = e.generation;
    switch (e.kind) {
    case EventKind::DialStarted:
        begin(conn, u"dialing"_s, e.timeNs);
        break;
    case EventKind::DialSucceeded: {
        // The event comes at the end of the handshake; TLS was its last tlsNs.
        const auto open = m_open.find(conn);
        const qint64 dialStart = open == m_open.end() ? e.timeNs : open->second.startNs;
        const qint64 tlsStart = std::max(dialStart, e.timeNs - e.tlsNs);
        if (e.tlsNs > 0)
            begin(conn, u"tls"_s, tlsStart);
        begin(conn, u"idle"_s, e.timeNs);
        break;
    }
    case EventKind::DialFailed:
        end(conn, e.timeNs);
        instant(qint64(conn), u"dial failed: "_s + enumName(e.dialError), e.timeNs,
                {{u"message"_s, e.message}});
        break;
    case EventKind::Acquired:
        begin(conn, u"in use"_s, e.timeNs, {{u"reused"_s, e.reused}});
        waiterEnd(e.waiterId, e.timeNs, u"served on connection %1"_s.arg(conn));
        break;
    case EventKind::Released:
        begin(conn, u"idle"_s, e.timeNs);
        break;
    case EventKind::Evicted:
        end(conn, e.timeNs);
        instant(qint64(conn), u"evicted: "_s + enumName(e.reason), e.timeNs,
                {{u"age_ms"_s, double(e.ageNs) / 1e6}});
        break;
    case EventKind::WaiterQueued: {
        m_waiters[e.waiterId] = e.timeNs;
        QJsonObject b = base(u"b"_s, u"waiting"_s, PoolTrack, e.timeNs);
        b.insert(u"cat"_s, u"waiter"_s);
        b.insert(u"id"_s, u"%1:%2"_s.arg(m_pool).arg(e.waiterId));
        m_out->append(b);
        break;
    }
    case EventKind::WaiterTimedOut:
    case EventKind::WaiterCancelled:
    case EventKind::WaiterFailed:
        waiterEnd(e.waiterId, e.timeNs, enumName(e.kind));
        break;
    case EventKind::Resolved:
    case EventKind::Cleared:
    case EventKind::SettingsChanged:
    case EventKind::Misuse:
    case EventKind::PoolCreated:
    case EventKind::PoolReady:
    case EventKind::PoolPaused:
    case EventKind::PoolClosed:
        instant(PoolTrack, enumName(e.kind), e.timeNs, {{u"message"_s, e.message}});
        break;
    case EventKind::AcquireStarted:
        break; // the waiter's slice starts at waiter_queued, when it waits at all
    }
}

void PoolTrace::counters(const PoolSnapshot &snapshot)
{
    const PoolStats &s = snapshot.stats;
    const std::pair<QString, int> values[] = {{u"open"_s, s.open},
                                              {u"idle"_s, s.idle},
                                              {u"in use"_s, s.inUse},
                                              {u"dialing"_s, s.dialing},
                                              {u"waiting"_s, s.waiting}};
    for (const auto &[name, value] : values) {
        QJsonObject c = base(u"C"_s, name, PoolTrack, snapshot.timeNs);
        c.remove(u"tid"_s);
        c.insert(u"args"_s, QJsonObject{{u"value"_s, value}});
        m_out->append(c);
    }
}

QString PoolTrace::processName() const
{
    for (int i = m_replay.feedCount() - 1; i >= 0; --i) {
        const PoolFeed *part = m_replay.feed(i).pool(m_pool);
        if (part && part->config) {
            const PoolConfig &config = *part->config;
            const QString name = config.name.isEmpty() ? u"pool %1"_s.arg(m_pool) : config.name;
            return u"%1: %2%3"_s.arg(name, config.settings.target(),
                                     config.targetsLab ? u" (the lab)"_s : QString());
        }
    }
    return u"pool %1"_s.arg(m_pool);
}

void PoolTrace::build()
{
    const qint64 endNs = m_replay.endNs();
    // Snapshots come every 100 ms, events in between: merged by time as the pool saw them.
    const QList<PoolEvent> events = m_replay.events(m_pool, m_replay.startNs(), endNs + 1);
    qsizetype next = 0;
    for (int i = 0; i < m_replay.feedCount(); ++i) {
        const PoolFeed *part = m_replay.feed(i).pool(m_pool);
        if (!part || !part->snapshot)
            continue;
        for (; next < events.size() && events[next].timeNs <= part->snapshot->timeNs; ++next)
            event(events[next]);
        counters(*part->snapshot);
    }
    for (; next < events.size(); ++next)
        event(events[next]);
    while (!m_open.empty())
        end(m_open.begin()->first, endNs);
    while (!m_waiters.empty())
        waiterEnd(m_waiters.begin()->first, endNs, u"still waiting when the recording ended"_s);

    name(PoolTrack, u"process_name"_s, processName());
    name(PoolTrack, u"thread_name"_s, u"pool %1: waiters and pool events"_s.arg(m_pool));
    for (const auto &[conn, generation] : m_connections)
        name(qint64(conn), u"thread_name"_s,
             u"connection %1 (generation %2)"_s.arg(conn).arg(generation));
}

} // namespace

QJsonObject TraceExport::build(const Replay &replay)
{
    QJsonArray events;
    for (const quint32 pool : replay.pools())
        PoolTrace(replay, pool, &events).build();
    const RecordingHeader &header = replay.header();
    return {{u"displayTimeUnit"_s, u"ms"_s},
            {u"traceEvents"_s, events},
            {u"otherData"_s,
             QJsonObject{{u"poolscope_version"_s, header.poolscopeVersion},
                         {u"started_at"_s, header.startedAt.toString(Qt::ISODateWithMs)},
                         {u"target"_s, header.target}}}};
}

QByteArray TraceExport::toJson(const Replay &replay)
{
    return QJsonDocument(build(replay)).toJson(QJsonDocument::Compact);
}

bool TraceExport::writeFile(const Replay &replay, const QString &path, QString *error)
{
    const QByteArray json = toJson(replay);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(json) == json.size()
        && file.flush())
        return true;
    *error = u"cannot write \"%1\": %2"_s.arg(path, file.errorString());
    return false;
}

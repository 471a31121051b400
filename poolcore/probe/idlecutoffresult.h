#pragma once

#include "probeverdict.h"

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <utility>

struct PoolSettings;

// What the idle-cutoff finder found: after how long idle connections stop working, how that
// showed, and pool settings that stay clear of it.
struct IdleCutoffResult
{
    enum class Outcome : quint8 {
        Found,
        NotFound, // every connection stayed usable up to the max idle time
        Failed, // connections could not be opened and used at all: see failure
        Stopped,
    };
    // What became of one connection left idle.
    enum class Fate : quint8 {
        Usable, // it answered the check request
        Fin, // the peer closed it
        Reset, // the peer or the path reset it
        Silence, // no answer while the connection still looked open
        Broken, // some other failure of the check request
    };

    struct Trial
    {
        qint64 targetIdleMs = 0; // how long it was meant to stay idle
        qint64 idleMs = 0; // how long it had been idle when its fate showed
        Fate fate = Fate::Usable;
        bool whileIdle = false; // the drop showed on its own, before the check request
        QString message;

        QJsonObject toJson() const;
    };

    Outcome outcome = Outcome::Failed;
    Fate drop = Fate::Usable; // how the cutoff showed; Usable when nothing dropped
    qint64 cutoffMs = 0; // the best estimate
    qint64 lowerMs = 0; // the longest idle time seen usable
    qint64 upperMs = 0; // the shortest idle time seen failing; 0 when none failed
    qint64 maxIdleMs = 0;
    qint64 silenceTimeoutMs = 0; // how long a check waited before calling it silence
    int rounds = 0;
    qint64 elapsedMs = 0;
    QString address; // the peer tried
    ProbeVerdict failure; // with Failed: why
    QList<Trial> trials;

    // One plain sentence: what happens to idle connections.
    QString sentence() const;
    // With Found, what the cutoff lies between: "still answered after 0.996 s idle, failed after
    // 1.003 s", with enough decimals to tell the two apart.
    QString boundsText() const;
    // What current must change to keep clear of the cutoff, as PoolSettings JSON keys: the idle
    // timeout under it with a margin; min idle 0 when the connections it keeps, which the idle
    // timeout spares, would sit idle past the cutoff (unless TCP keepalive keeps the flow
    // alive); TCP keepalive when the drop is silent; the check before reuse when it shows as a
    // FIN or RST. Max lifetime only when current's is so close to the new idle timeout that
    // connections would be retired about as soon as they go idle: the finder measures idleness,
    // and a lifetime under the cutoff would only make the pool redial. Empty when nothing needs
    // changing.
    QJsonObject recommendation(const PoolSettings &current) const;
    // Why, one line per setting that matters here, changed or kept as current has it.
    QStringList advice(const PoolSettings &current) const;
    // base with the recommendation for it applied.
    PoolSettings applyTo(const PoolSettings &base) const;

    // With the recommendation and advice for a pool with PoolSettings' defaults.
    QJsonObject toJson() const;

    // "0.94 s", "350 s": an idle time for people.
    static QString secondsText(qint64 ms);
    // a and b as secondsText() words them, with as many more decimals (up to milliseconds) as
    // it takes to tell them apart: "0.996 s" and "1.003 s", not "1.00 s" twice.
    static std::pair<QString, QString> distinctSecondsText(qint64 aMs, qint64 bMs);
};

template<> struct EnumNames<IdleCutoffResult::Outcome>
{
    static constexpr IdleCutoffResult::Outcome last = IdleCutoffResult::Outcome::Stopped;
    static constexpr std::array names{"found", "not_found", "failed", "stopped"};
};

template<> struct EnumNames<IdleCutoffResult::Fate>
{
    static constexpr IdleCutoffResult::Fate last = IdleCutoffResult::Fate::Broken;
    static constexpr std::array names{"usable", "fin", "rst", "silence", "broken"};
};

Q_DECLARE_METATYPE(IdleCutoffResult)
Q_DECLARE_METATYPE(IdleCutoffResult::Trial)

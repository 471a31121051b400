#pragma once

#include "dialerror.h"
#include "probeattempt.h"
#include "probesettings.h"
#include "probestep.h"

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

// The conclusion of a probe in plain words: whether the target is reachable, and if something
// failed, what (the classification), where (the step and address), one sentence that says it,
// the likely cause and the next thing to try.
struct ProbeVerdict
{
    enum class Status : quint8 {
        Reachable, // every attempt came through
        Degraded, // some attempts did, some failed
        Unreachable, // none did
    };

    Status status = Status::Unreachable;
    ProbeFailure failure = ProbeFailure::None; // the most telling failure seen, if any
    ProbeStep::Kind step = ProbeStep::Kind::Resolve; // where it happened
    QString address; // the peer, or the target when no address was reached
    QString detail; // the raw message of the failing step
    int attempts = 0;
    int succeeded = 0;
    QString sentence;
    QString cause;
    QString next;
    QStringList notes; // what is worth knowing even when it works

    bool reachable() const { return status != Status::Unreachable; }
    QJsonObject toJson() const;

    static ProbeVerdict judge(const ProbeSettings &settings, const QList<ProbeAttempt> &attempts);
    // The explanation of one failure at one step, for settings' target; evidence (the failing
    // step, when there is one) adds the address, the message and the certificate's dates.
    static ProbeVerdict explain(ProbeFailure failure, ProbeStep::Kind step,
                                const ProbeSettings &settings, const ProbeStep *evidence = nullptr);
    // The same words for a pool's failing dials.
    static ProbeVerdict fromDialError(DialError error, const ProbeSettings &settings,
                                      const QString &message);
};

template<> struct EnumNames<ProbeVerdict::Status>
{
    static constexpr ProbeVerdict::Status last = ProbeVerdict::Status::Unreachable;
    static constexpr std::array names{"reachable", "degraded", "unreachable"};
};

Q_DECLARE_METATYPE(ProbeVerdict)

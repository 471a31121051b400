#include "failurerules.h"

bool FailureRules::covers(RequestError error)
{
    switch (error) {
    case RequestError::None:
    case RequestError::AcquireTimeout:
    case RequestError::PoolExhausted:
    case RequestError::PoolClosed:
    case RequestError::PoolPaused:
        return false;
    default:
        return !isDialError(error);
    }
}

FailureRules::Verdict FailureRules::decide(const Facts &facts)
{
    Verdict v;
    v.completed = facts.completed;
    quint64 most = 0;
    for (int i = 0; i < LoadProgress::ErrorCount; ++i) {
        const auto error = RequestError(i);
        if (!covers(error))
            continue;
        v.failedInAll += facts.failedBy[size_t(i)];
        if (facts.failedBy[size_t(i)] > most) {
            most = facts.failedBy[size_t(i)];
            v.error = error;
        }
    }
    if (v.failedInAll < MinFailed || double(v.failedInAll) < MinShare * double(facts.completed))
        return Verdict{};
    v.failed = most;
    v.message = facts.messages[size_t(v.error)];
    v.answer = facts.answers[size_t(v.error)];
    chooseFix(facts, &v);
    return v;
}

void FailureRules::chooseFix(const Facts &facts, Verdict *v)
{
    switch (v->error) {
    case RequestError::ProtocolError:
        switch (v->answer) {
        case AnswerKind::Http:
            v->protocol = ProtocolKind::Http;
            break;
        case AnswerKind::Redis:
            v->protocol = ProtocolKind::Redis;
            break;
        case AnswerKind::Memcached:
            v->protocol = ProtocolKind::Memcached;
            break;
        case AnswerKind::Tls:
            if (!facts.tls)
                v->fix = Fix::UseTls;
            return;
        case AnswerKind::Unknown:
            return;
        }
        if (v->protocol != facts.protocol)
            v->fix = Fix::ChooseProtocol;
        return;
    case RequestError::RequestTimeout:
        if (facts.targetsLab && facts.labBlackhole)
            v->fix = Fix::LabBlackholeOff;
        else if (!facts.targetsLab)
            v->fix = Fix::RunProbe;
        return;
    case RequestError::ErrorReply:
    case RequestError::ClosedMidRequest:
        if (facts.targetsLab && facts.labInjectsErrors)
            v->fix = Fix::LabErrorsOff;
        return;
    default:
        return;
    }
}

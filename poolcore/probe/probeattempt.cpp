#include "probeattempt.h"

#include <QJsonArray>

#include <algorithm>

using namespace Qt::StringLiterals;

bool ProbeAttempt::ok() const
{
    if (steps.isEmpty() || !steps.constFirst().ok)
        return false;
    const QStringList tried = addresses();
    return std::any_of(tried.begin(), tried.end(),
                       [this](const QString &address) { return addressOk(address); });
}

QStringList ProbeAttempt::addresses() const
{
    QStringList result;
    for (const ProbeStep &step : steps) {
        if (!step.address.isEmpty() && !result.contains(step.address))
            result << step.address;
    }
    return result;
}

bool ProbeAttempt::addressOk(const QString &address) const
{
    bool any = false;
    for (const ProbeStep &step : steps) {
        if (step.address != address)
            continue;
        if (!step.ok)
            return false;
        any = true;
    }
    return any;
}

std::optional<ProbeStep> ProbeAttempt::deepestFailure() const
{
    std::optional<ProbeStep> deepest;
    for (const ProbeStep &step : steps) {
        if (!step.ok && (!deepest || step.kind > deepest->kind))
            deepest = step;
    }
    return deepest;
}

QJsonObject ProbeAttempt::toJson() const
{
    QJsonArray list;
    for (const ProbeStep &step : steps)
        list << step.toJson();
    return {{u"sequence"_s, sequence}, {u"ok"_s, ok()}, {u"steps"_s, list}};
}

#include "proberesult.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

QJsonObject ProbeResult::toJson() const
{
    QJsonArray attemptList;
    for (const ProbeAttempt &attempt : attempts)
        attemptList << attempt.toJson();
    QJsonArray summaryList;
    for (const ProbeStepSummary &summary : summaries())
        summaryList << summary.toJson();
    return {
        {u"settings"_s, settings.toJson()},
        {u"attempts"_s, attemptList},
        {u"summary"_s, summaryList},
        {u"verdict"_s, verdict().toJson()},
        {u"stopped"_s, stopped},
    };
}

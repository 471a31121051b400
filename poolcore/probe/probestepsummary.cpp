#include "probestepsummary.h"

#include "monotonicclock.h"

#include <algorithm>

using namespace Qt::StringLiterals;

QJsonObject ProbeStepSummary::toJson() const
{
    QJsonObject o{{u"step"_s, enumName(kind)},
                  {u"sent"_s, sent},
                  {u"succeeded"_s, succeeded},
                  {u"loss_percent"_s, lossPercent()}};
    if (!address.isEmpty())
        o.insert(u"address"_s, address);
    if (succeeded) {
        o.insert(u"min_ms"_s, MonotonicClock::nsToMs(minNs));
        o.insert(u"mean_ms"_s, meanNs / 1e6);
        o.insert(u"max_ms"_s, MonotonicClock::nsToMs(maxNs));
    }
    return o;
}

QList<ProbeStepSummary> ProbeStepSummary::summarize(const QList<ProbeAttempt> &attempts)
{
    QList<ProbeStepSummary> summaries;
    const auto entry = [&summaries](ProbeStep::Kind kind, const QString &address) {
        const auto it = std::find_if(summaries.begin(), summaries.end(), [&](const auto &s) {
            return s.kind == kind && s.address == address;
        });
        if (it != summaries.end())
            return it;
        ProbeStepSummary summary;
        summary.kind = kind;
        summary.address = address;
        // Resolve first; an address's steps stay together and in order.
        auto position = summaries.end();
        if (kind == ProbeStep::Kind::Resolve) {
            position = summaries.begin();
        } else {
            const auto last
                = std::find_if(summaries.rbegin(), summaries.rend(), [&](const auto &s) {
                      return s.address == address && s.kind < kind;
                  });
            if (last != summaries.rend())
                position = last.base();
        }
        return summaries.insert(position, summary);
    };
    for (const ProbeAttempt &attempt : attempts) {
        for (const ProbeStep &step : attempt.steps) {
            auto summary = entry(step.kind, step.address);
            ++summary->sent;
            if (!step.ok)
                continue;
            summary->minNs
                = summary->succeeded ? std::min(summary->minNs, step.durationNs) : step.durationNs;
            summary->maxNs = std::max(summary->maxNs, step.durationNs);
            ++summary->succeeded;
            summary->meanNs += (double(step.durationNs) - summary->meanNs) / summary->succeeded;
        }
    }
    return summaries;
}

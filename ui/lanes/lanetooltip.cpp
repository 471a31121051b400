#include "lanetooltip.h"

#include "closedlanes.h"

#include <algorithm>

using namespace Qt::StringLiterals;

QString LaneToolTip::text(const ConnectionLedger::Entry &lane, std::optional<qint64> atNs,
                          qint64 nowNs, qint64 epochNs, qint64 handshakeNs)
{
    using Activity = Presentation::Activity;
    QString text
        = tr("<b>Connection #%1</b> &middot; generation %2").arg(lane.id).arg(lane.generation);
    if (!lane.address.isEmpty())
        text += u"<br>"_s + lane.address.toHtmlEscaped();
    text += u"<br>"_s + tr("used %n time(s)", nullptr, int(lane.uses));
    if (atNs) {
        const qint64 t = *atNs;
        const auto it = std::upper_bound(
            lane.marks.begin(), lane.marks.end(), t,
            [](qint64 time, const ConnectionLedger::Mark &m) { return time < m.timeNs(); });
        if (it != lane.marks.begin() && (it - 1)->activity() != Activity::Closed) {
            const ConnectionLedger::Mark &mark = *(it - 1);
            const qint64 end
                = it != lane.marks.end() ? it->timeNs() : (lane.closed ? lane.closedNs : nowNs);
            text += u"<br>"_s
                + tr("%1 at %2 for %3")
                      .arg(Presentation::activityLabel(mark.activity()),
                           Presentation::sessionTime(mark.timeNs(), epochNs),
                           Presentation::duration(end - mark.timeNs()));
        }
        if (handshakeNs > 0 && lane.firstUseNs && t >= lane.firstUseNs
            && t < lane.firstUseNs + handshakeNs)
            text += u"<br><i>"_s
                + tr("first request: the lab's simulated handshake (%1) is hatched")
                      .arg(Presentation::duration(handshakeNs))
                + u"</i>"_s;
    }
    if (lane.closed) {
        text += u"<br><span style='color:%1'>"_s.arg(Presentation::closeMarkColor().name())
            + tr("closed at %1: %2")
                  .arg(Presentation::sessionTime(lane.closedNs, epochNs),
                       ClosedLanes::reasonOf(lane))
            + u"</span>"_s;
        if (!lane.message.isEmpty())
            text += u"<br>"_s + lane.message.toHtmlEscaped();
    }
    return text;
}

#include "labcounters.h"

#include <array>
#include <numeric>

using namespace Qt::StringLiterals;

namespace {

constexpr std::array<QStringView, LabCounters::ReasonCount> ReasonNames = {
    u"client-closed",    u"client-asked",    u"idle-close",     u"reset",       u"restart",
    u"over-max-clients", u"error-injection", u"protocol-error", u"tls-failure", u"shutdown",
};

} // namespace

quint64 LabCounters::totalClosed() const
{
    return std::accumulate(closed.begin(), closed.end(), quint64(0));
}

QString LabCounters::reasonName(LabCloseReason reason)
{
    return ReasonNames.at(size_t(reason)).toString();
}

QJsonObject LabCounters::toJson() const
{
    QJsonObject closedObject;
    for (int i = 0; i < ReasonCount; ++i)
        closedObject.insert(reasonName(LabCloseReason(i)), qint64(closed[size_t(i)]));
    return {
        {u"accepted"_s, qint64(accepted)},        {u"open"_s, open},
        {u"requests"_s, qint64(requests)},        {u"error_replies"_s, qint64(errorReplies)},
        {u"silent_drops"_s, qint64(silentDrops)}, {u"bytes_in"_s, qint64(bytesIn)},
        {u"bytes_out"_s, qint64(bytesOut)},       {u"closed"_s, closedObject},
    };
}

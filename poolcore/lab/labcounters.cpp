#include "labcounters.h"

#include <numeric>

using namespace Qt::StringLiterals;

quint64 LabCounters::totalClosed() const
{
    return std::accumulate(closed.begin(), closed.end(), quint64(0));
}

QJsonObject LabCounters::toJson() const
{
    QJsonObject closedObject;
    for (int i = 0; i < ReasonCount; ++i)
        closedObject.insert(enumName(LabCloseReason(i)), qint64(closed[size_t(i)]));
    return {
        {u"accepted"_s, qint64(accepted)},        {u"open"_s, open},
        {u"requests"_s, qint64(requests)},        {u"error_replies"_s, qint64(errorReplies)},
        {u"silent_drops"_s, qint64(silentDrops)}, {u"bytes_in"_s, qint64(bytesIn)},
        {u"bytes_out"_s, qint64(bytesOut)},       {u"closed"_s, closedObject},
    };
}

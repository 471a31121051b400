#include "protocol.h"

#include "echoresponseparser.h"
#include "httpresponseparser.h"
#include "lineresponseparser.h"
#include "memcachedresponseparser.h"
#include "redisresponseparser.h"

#include <algorithm>
#include <array>

using namespace Qt::StringLiterals;

namespace {

constexpr std::array<QStringView, 5> KindNames
    = {u"echo", u"line", u"http", u"redis", u"memcached"};
constexpr qsizetype MaxTextLength = 4096;

bool isVisibleAscii(const QString &text)
{
    return std::all_of(text.begin(), text.end(),
                       [](QChar c) { return c.unicode() > 0x20 && c.unicode() < 0x7f; });
}

} // namespace

QString Protocol::kindName(ProtocolKind kind)
{
    return KindNames.at(size_t(kind)).toString();
}

std::optional<ProtocolKind> Protocol::kindFromName(QStringView name)
{
    for (size_t i = 0; i < KindNames.size(); ++i) {
        if (name.compare(KindNames[i], Qt::CaseInsensitive) == 0)
            return ProtocolKind(i);
    }
    return std::nullopt;
}

QStringList Protocol::kindNames()
{
    QStringList names;
    for (QStringView name : KindNames)
        names << name.toString();
    return names;
}

QStringList Protocol::validate() const
{
    QStringList errors;
    if (maxResponseBytes < 1024 || maxResponseBytes > MaxMaxResponseBytes)
        errors << u"max-response-size: %1 is out of range; accepted: 1024 to %2 (bytes)"_s
                      .arg(maxResponseBytes)
                      .arg(MaxMaxResponseBytes);
    if (kind == ProtocolKind::Echo && (echoPayloadSize < 1 || echoPayloadSize > maxResponseBytes))
        errors << u"payload-size: %1 is out of range; accepted: 1 to the max response size, %2 "
                  "(bytes)"_s.arg(echoPayloadSize)
                      .arg(maxResponseBytes);
    if (kind == ProtocolKind::Line
        && (lineText.contains(u'\n') || lineText.contains(u'\r')
            || lineText.size() > MaxTextLength))
        errors << u"line: \"%1\" is not accepted; accepted: text of up to %2 characters without "
                  "line breaks"_s.arg(lineText.left(40))
                      .arg(MaxTextLength);
    if (kind == ProtocolKind::Http) {
        if (!httpPath.startsWith(u'/') || !isVisibleAscii(httpPath)
            || httpPath.size() > MaxTextLength)
            errors << u"http-path: \"%1\" is not accepted; accepted: a path starting with '/', "
                      "visible ASCII without spaces (percent-encode the rest)"_s.arg(
                          httpPath.left(40));
        if (httpHost.isEmpty() || !isVisibleAscii(httpHost) || httpHost.size() > MaxTextLength)
            errors << u"http-host: \"%1\" is not accepted; accepted: a host name or address, "
                      "optionally with :port, visible ASCII without spaces"_s.arg(
                          httpHost.left(40));
    }
    return errors;
}

QByteArray Protocol::request() const
{
    switch (kind) {
    case ProtocolKind::Echo: {
        static constexpr QByteArrayView Pattern = "0123456789abcdefghijklmnopqrstuvwxyz";
        QByteArray payload(qMax(echoPayloadSize, 0), Qt::Uninitialized);
        for (qsizetype i = 0; i < payload.size(); ++i)
            payload[i] = Pattern[i % Pattern.size()];
        return payload;
    }
    case ProtocolKind::Line:
        return lineText.toUtf8() + '\n';
    case ProtocolKind::Http:
        return "GET " + httpPath.toLatin1() + " HTTP/1.1\r\nHost: " + httpHost.toLatin1()
            + "\r\nConnection: keep-alive\r\nUser-Agent: PoolScope\r\nAccept: */*\r\n\r\n";
    case ProtocolKind::Redis:
        return "*1\r\n$4\r\nPING\r\n"_ba;
    case ProtocolKind::Memcached:
        return "version\r\n"_ba;
    }
    Q_UNREACHABLE();
}

std::unique_ptr<ResponseParser> Protocol::createParser() const
{
    switch (kind) {
    case ProtocolKind::Echo:
        return std::make_unique<EchoResponseParser>(request(), maxResponseBytes);
    case ProtocolKind::Line:
        return std::make_unique<LineResponseParser>(maxResponseBytes);
    case ProtocolKind::Http:
        return std::make_unique<HttpResponseParser>(maxResponseBytes);
    case ProtocolKind::Redis:
        return std::make_unique<RedisResponseParser>(maxResponseBytes);
    case ProtocolKind::Memcached:
        return std::make_unique<MemcachedResponseParser>(maxResponseBytes);
    }
    Q_UNREACHABLE();
}

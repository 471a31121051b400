#include "protocol.h"

#include "echoresponseparser.h"
#include "httpresponseparser.h"
#include "jsonvalue.h"
#include "lineresponseparser.h"
#include "memcachedresponseparser.h"
#include "redisresponseparser.h"

#include <algorithm>
#include <array>
#include <limits>

using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype MaxTextLength = 4096;

bool isVisibleAscii(const QString &text)
{
    return std::all_of(text.begin(), text.end(),
                       [](QChar c) { return c.unicode() > 0x20 && c.unicode() < 0x7f; });
}

} // namespace

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

QJsonObject Protocol::toJson() const
{
    return {{u"protocol"_s, enumName(kind)}, {u"echo_payload_size"_s, echoPayloadSize},
            {u"line_text"_s, lineText},      {u"http_path"_s, httpPath},
            {u"http_host"_s, httpHost},      {u"max_response_bytes"_s, maxResponseBytes}};
}

Protocol Protocol::fromJson(const QJsonObject &object, QStringList *errors, const Protocol &base)
{
    Protocol protocol = base;
    QStringList found;
    const auto reject = [&found](const QString &key, const QJsonValue &value,
                                 const QString &accepted) {
        found << u"%1: %2 is not accepted; accepted: %3"_s.arg(key, jsonValueText(value), accepted);
    };
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString &key = it.key();
        const QJsonValue value = it.value();
        const auto whole = jsonWholeNumber(value);
        if (key == u"protocol") {
            const auto named = value.isString()
                ? enumFromName<ProtocolKind>(value.toString(), Qt::CaseInsensitive)
                : std::nullopt;
            if (!named)
                reject(key, value, enumNameList<ProtocolKind>().join(u", "_s));
            else
                protocol.kind = *named;
        } else if (key == u"echo_payload_size") {
            if (!whole || *whole < std::numeric_limits<int>::min()
                || *whole > std::numeric_limits<int>::max())
                reject(key, value, u"a whole number of bytes"_s);
            else
                protocol.echoPayloadSize = int(*whole);
        } else if (key == u"max_response_bytes") {
            if (!whole)
                reject(key, value, u"a whole number of bytes"_s);
            else
                protocol.maxResponseBytes = *whole;
        } else if (key == u"line_text" || key == u"http_path" || key == u"http_host") {
            QString &text = key == u"line_text"
                ? protocol.lineText
                : (key == u"http_path" ? protocol.httpPath : protocol.httpHost);
            if (!value.isString())
                reject(key, value, u"a string"_s);
            else
                text = value.toString();
        } else {
            found << u"%1: unknown key; accepted: %2"_s.arg(
                key, Protocol().toJson().keys().join(u", "_s));
        }
    }
    if (errors)
        *errors << found;
    return protocol;
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

QString Protocol::requestSummary() const
{
    switch (kind) {
    case ProtocolKind::Echo:
        return u"echo %1 B"_s.arg(echoPayloadSize);
    case ProtocolKind::Line:
        return lineText.left(40);
    case ProtocolKind::Http:
        return u"GET "_s + httpPath.left(60);
    case ProtocolKind::Redis:
        return u"PING"_s;
    case ProtocolKind::Memcached:
        return u"version"_s;
    }
    Q_UNREACHABLE();
}

AnswerKind recogniseAnswer(QByteArrayView bytes)
{
    // A TLS record starts with its content type (0x15 alert, 0x16 handshake) and version 3.x.
    if (bytes.size() >= 2 && (bytes[0] == 0x15 || bytes[0] == 0x16) && bytes[1] == 0x03)
        return AnswerKind::Tls;
    if (bytes.startsWith("HTTP/1.") || bytes.startsWith("HTTP/2"))
        return AnswerKind::Http;
    // memcached answers in upper-case words, RESP with a type byte and a CRLF line.
    static constexpr std::array<QByteArrayView, 7> MemcachedWords{
        "VERSION ",   "ERROR\r\n", "CLIENT_ERROR ", "SERVER_ERROR ",
        "STORED\r\n", "END\r\n",   "VALUE "};
    for (const QByteArrayView word : MemcachedWords) {
        if (bytes.startsWith(word))
            return AnswerKind::Memcached;
    }
    const qsizetype lineEnd = bytes.indexOf("\r\n");
    if (lineEnd > 0 && QByteArrayView("+-:$*_#,(").contains(bytes[0]))
        return AnswerKind::Redis;
    return AnswerKind::Unknown;
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

#pragma once

#include "enumnames.h"

#include <QByteArray>
#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <memory>

class ResponseParser;

// The request/response protocols PoolScope speaks on a pooled connection, client side (the
// load driver, the probe) and server side (the lab backend).
enum class ProtocolKind : quint8 {
    Echo, // raw bytes, sent back unchanged
    Line, // one '\n'-terminated line, answered by one line
    Http, // HTTP/1.1 GET
    Redis, // RESP: PING
    Memcached, // memcached text protocol: version
};

template<> struct EnumNames<ProtocolKind>
{
    static constexpr ProtocolKind last = ProtocolKind::Memcached;
    static constexpr std::array names{"echo", "line", "http", "redis", "memcached"};
};

// What the first bytes of an answer look like, whatever the client asked in: a client that
// reads another protocol than the server speaks learns which one the server speaks.
enum class AnswerKind : quint8 { Unknown, Http, Redis, Memcached, Tls };

template<> struct EnumNames<AnswerKind>
{
    static constexpr AnswerKind last = AnswerKind::Tls;
    static constexpr std::array names{"unknown", "http", "redis", "memcached", "tls"};
};

// Unknown when too few bytes came or they fit none (a line or echo server fits any).
AnswerKind recogniseAnswer(QByteArrayView firstBytes);

// One request to repeat on a connection, and how to read its response. A plain value: the
// load driver copies it to every connection and calls createParser() once per request.
struct Protocol
{
    static constexpr qint64 DefaultMaxResponseBytes = 16 * 1024 * 1024;
    static constexpr qint64 MaxMaxResponseBytes = qint64(1) << 30;

    ProtocolKind kind = ProtocolKind::Http;
    int echoPayloadSize = 64; // echo: bytes sent and expected back
    QString lineText = QStringLiteral("ping"); // line: the request line, without the newline
    QString httpPath = QStringLiteral("/"); // http: request target
    QString httpHost = QStringLiteral("localhost"); // http: Host header
    // A response longer than this is a protocol error; it bounds what a parser holds.
    qint64 maxResponseBytes = DefaultMaxResponseBytes;

    // Empty when valid; otherwise one message per problem, naming the option, the value and
    // what is accepted.
    QStringList validate() const;

    // Every field by its key: "protocol" (the kind's name), "echo_payload_size", "line_text",
    // "http_path", "http_host", "max_response_bytes".
    QJsonObject toJson() const;
    // Keys not given keep their value in base. Unknown keys and wrong types are errors, each
    // naming the key, the value and what is accepted; validate() is the caller's to run.
    static Protocol fromJson(const QJsonObject &object, QStringList *errors, const Protocol &base);

    // The bytes to write for one request.
    QByteArray request() const;
    // The request in a few words, as a lease's purpose: "GET /health", "PING", "version".
    QString requestSummary() const;
    // A parser for the response to one request().
    std::unique_ptr<ResponseParser> createParser() const;

    friend bool operator==(const Protocol &, const Protocol &) = default;
};

Q_DECLARE_METATYPE(Protocol)

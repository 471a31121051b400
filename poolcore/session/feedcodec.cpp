#include "feedcodec.h"

#include "feedreader.h"
#include "feedwriter.h"
#include "jsonvalue.h"
#include "loadcodec.h"
#include "poolcodec.h"
#include "probecodec.h"
#include "settingscodec.h"

#include <QJsonDocument>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace FeedLimits;

namespace {

QJsonObject encodePool(const PoolFeed &f)
{
    FeedWriter w;
    w.integer(u"pool", f.pool);
    w.list(u"events", f.events, [](const PoolEvent &e) { return PoolCodec::encode(e); });
    if (f.snapshot)
        w.part(u"snapshot", PoolCodec::encode(*f.snapshot));
    w.list(u"workload", f.workload, [](const LoadProgress &p) { return LoadCodec::encode(p); });
    w.list(u"runs", f.runs, [](const RunUpdate &r) { return LoadCodec::encode(r); });
    if (f.config)
        w.part(u"config", SettingsCodec::encode(*f.config));
    w.flag(u"removed", f.removed);
    w.count(u"dropped_events", f.droppedEvents);
    return w.result();
}

PoolFeed decodePool(const FeedReader &in)
{
    PoolFeed f;
    f.pool = quint32(in.integer(u"pool", 0, MaxU32));
    f.events = in.list(u"events", PoolCodec::decodeEvent);
    if (in.has(u"snapshot"))
        f.snapshot = PoolCodec::decodeSnapshot(in.object(u"snapshot"));
    f.workload = in.list(u"workload", LoadCodec::decodeProgress);
    f.runs = in.list(u"runs", LoadCodec::decodeRun);
    if (in.has(u"config"))
        f.config = SettingsCodec::decodePoolConfig(in.object(u"config"));
    f.removed = in.flag(u"removed");
    f.droppedEvents = in.count(u"dropped_events");
    return f;
}

QJsonObject encodeCounters(const LabCounters &c)
{
    FeedWriter w;
    w.count(u"accepted", c.accepted);
    w.integer(u"open", c.open);
    w.count(u"requests", c.requests);
    w.count(u"error_replies", c.errorReplies);
    w.count(u"silent_drops", c.silentDrops);
    w.count(u"bytes_in", c.bytesIn);
    w.count(u"bytes_out", c.bytesOut);
    w.counts<LabCloseReason>(u"closed", c.closed);
    return w.result();
}

LabCounters decodeCounters(const FeedReader &in)
{
    LabCounters c;
    c.accepted = in.count(u"accepted");
    c.open = int(in.integer(u"open", 0, MaxInt));
    c.requests = in.count(u"requests");
    c.errorReplies = in.count(u"error_replies");
    c.silentDrops = in.count(u"silent_drops");
    c.bytesIn = in.count(u"bytes_in");
    c.bytesOut = in.count(u"bytes_out");
    in.counts<LabCloseReason>(u"closed", &c.closed);
    return c;
}

QJsonObject encodeLab(const LabFeed &f)
{
    FeedWriter w;
    if (f.settings)
        w.part(u"settings", SettingsCodec::encode(*f.settings));
    if (f.listening)
        w.value(u"listening", *f.listening);
    if (f.counters)
        w.part(u"counters", encodeCounters(*f.counters));
    w.texts(u"errors", f.errors);
    return w.result();
}

LabFeed decodeLab(const FeedReader &in)
{
    LabFeed f;
    if (in.has(u"settings"))
        f.settings = SettingsCodec::decodeLabSettings(in.object(u"settings"));
    if (in.has(u"listening"))
        f.listening = in.flag(u"listening");
    if (in.has(u"counters"))
        f.counters = decodeCounters(in.object(u"counters"));
    f.errors = in.texts(u"errors");
    return f;
}

QJsonObject encodeReply(const SessionReply &r)
{
    FeedWriter w;
    w.count(u"command", r.command);
    w.integer(u"pool", r.pool);
    w.text(u"action", r.action);
    w.texts(u"errors", r.errors);
    return w.result();
}

SessionReply decodeReply(const FeedReader &in)
{
    SessionReply r;
    r.command = in.count(u"command");
    r.pool = quint32(in.integer(u"pool", 0, MaxU32));
    r.action = in.text(u"action");
    r.errors = in.texts(u"errors");
    return r;
}

// Only a version this PoolScope reads is decoded at all: a newer one may mean anything.
bool readVersion(const FeedReader &in)
{
    if (!in.has(u"v")) {
        in.fail(u"v", u"missing; accepted: the format version, %1"_s.arg(FeedCodec::Version));
        return false;
    }
    const auto version = jsonWholeNumber(in.json().value(u"v"));
    if (!version || *version < 1) {
        in.reject(u"v", u"a format version, %1"_s.arg(FeedCodec::Version));
        return false;
    }
    if (*version > FeedCodec::Version) {
        in.failWithin(u"version %1 is newer than this PoolScope reads (%2)"_s.arg(*version).arg(
            FeedCodec::Version));
        return false;
    }
    return true;
}

} // namespace

QJsonObject FeedCodec::encode(const SessionFeed &feed)
{
    FeedWriter w;
    w.integer(u"v", Version);
    w.count(u"seq", feed.sequence);
    w.integer(u"t_ns", feed.timeNs);
    w.list(u"pools", feed.pools, encodePool);
    w.object(u"lab", encodeLab(feed.lab));
    w.object(u"probe", ProbeCodec::encode(feed.probe));
    w.list(u"comparisons", feed.comparisons,
           [](const ComparisonUpdate &c) { return LoadCodec::encode(c); });
    w.list(u"replies", feed.replies, encodeReply);
    return w.result();
}

std::optional<SessionFeed> FeedCodec::decode(const QJsonObject &object, QString *error)
{
    QString why;
    const FeedReader in(object, {}, &why);
    SessionFeed feed;
    if (readVersion(in)) {
        feed.sequence = in.count(u"seq");
        feed.timeNs = in.integer(u"t_ns", Min64, Max64);
        feed.pools = in.list(u"pools", decodePool);
        feed.lab = decodeLab(in.object(u"lab"));
        feed.probe = ProbeCodec::decodeFeed(in.object(u"probe"));
        feed.comparisons = in.list(u"comparisons", LoadCodec::decodeComparison);
        feed.replies = in.list(u"replies", decodeReply);
    }
    if (!why.isEmpty()) {
        if (error)
            *error = why;
        return std::nullopt;
    }
    return feed;
}

QByteArray FeedCodec::encodeLine(const SessionFeed &feed)
{
    return QJsonDocument(encode(feed)).toJson(QJsonDocument::Compact) + '\n';
}

std::optional<SessionFeed> FeedCodec::decodeLine(QByteArrayView line, QString *error)
{
    const QByteArray text = line.trimmed().toByteArray();
    const QString accepted = u"accepted: one feed, a JSON object, per line"_s;
    QString why;
    QJsonParseError parseError{};
    QJsonDocument document;
    if (!text.isEmpty() && (text.front() == '{' || text.front() == '['))
        document = QJsonDocument::fromJson(text, &parseError);
    if (text.isEmpty()) {
        why = u"an empty line; "_s + accepted;
    } else if (text.front() != '{' && text.front() != '[') {
        why = u"not a JSON object: the line starts with \"%1\"; %2"_s.arg(
            QString::fromUtf8(text.left(20)), accepted);
    } else if (parseError.error != QJsonParseError::NoError) {
        // The parser stops at the end of what it was given when the line was cut short.
        const qsizetype at = std::min<qsizetype>(parseError.offset, text.size());
        const bool cutShort
            = at >= text.size() - 1 && parseError.error != QJsonParseError::GarbageAtEnd;
        why = u"not valid JSON: %1 at byte %2 of %3%4"_s.arg(
            parseError.errorString(), QString::number(at), QString::number(text.size()),
            cutShort ? u" (the line ends before its JSON does: cut short?)"_s : QString());
    } else if (!document.isObject()) {
        why = u"not a JSON object: the line holds a list; "_s + accepted;
    } else {
        return decode(document.object(), error);
    }
    if (error)
        *error = why;
    return std::nullopt;
}

#include "feedcodec.h"
#include "feedcompare.h"
#include "feedsamples.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <random>

using namespace Qt::StringLiterals;

class tst_FeedCodec : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyFieldRoundTrips();
    void aQuietFeedIsAShortLine();
    void refusesWithAMessage_data();
    void refusesWithAMessage();
    void ignoresKeysItDoesNotKnow();
    void eventDurationsStayExact();
    void survivesMutatedLines();
    void theFormatDocumentShowsARealLine();
};

namespace {

using Path = QVariantList; // object keys (QString) and list indexes (int)

QJsonObject fullJson()
{
    return FeedCodec::encode(FeedSamples::fullFeed());
}

// root with the value at path replaced (or removed, for an undefined value); unchanged where
// an earlier change took the path away.
QJsonValue replaced(const QJsonValue &root, const Path &path, qsizetype depth,
                    const QJsonValue &value)
{
    if (depth == path.size())
        return value;
    const QVariant &step = path[depth];
    if (step.typeId() == QMetaType::Int) {
        QJsonArray array = root.toArray();
        const int i = step.toInt();
        if (!root.isArray() || i >= array.size())
            return root;
        if (value.isUndefined() && depth + 1 == path.size())
            array.removeAt(i);
        else
            array[i] = replaced(array.at(i), path, depth + 1, value);
        return array;
    }
    QJsonObject object = root.toObject();
    const QString key = step.toString();
    if (!root.isObject() && depth > 0)
        return root;
    if (value.isUndefined() && depth + 1 == path.size())
        object.remove(key);
    else
        object[key] = replaced(object.value(key), path, depth + 1, value);
    return object;
}

QJsonObject with(const QJsonObject &root, const Path &path, const QJsonValue &value)
{
    return replaced(root, path, 0, value).toObject();
}

QByteArray line(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
}

void collectPaths(const QJsonValue &value, const Path &at, QList<Path> *paths)
{
    if (!at.isEmpty())
        paths->append(at);
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            collectPaths(it.value(), Path(at) << it.key(), paths);
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (int i = 0; i < array.size(); ++i)
            collectPaths(array.at(i), Path(at) << i, paths);
    }
}

// Either a feed or a message, never both or neither; and what decodes encodes to a line that
// decodes to the same line again.
bool decodesConsistently(const QByteArray &text, int *decoded)
{
    QString error;
    const auto feed = FeedCodec::decodeLine(text, &error);
    if (!feed)
        return !error.isEmpty();
    ++*decoded;
    if (!error.isEmpty())
        return false;
    const QByteArray again = FeedCodec::encodeLine(*feed);
    const auto back = FeedCodec::decodeLine(again, &error);
    return back && FeedCodec::encodeLine(*back) == again;
}

} // namespace

void tst_FeedCodec::everyFieldRoundTrips()
{
    const SessionFeed feed = FeedSamples::fullFeed();
    const QByteArray text = FeedCodec::encodeLine(feed);
    QVERIFY(text.endsWith('\n'));
    QCOMPARE(text.count('\n'), 1);
    QString error;
    const auto decoded = FeedCodec::decodeLine(text, &error);
    QVERIFY2(decoded, qPrintable(error));
    QVERIFY(error.isEmpty());
    FeedCompare::compare(*decoded, feed);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(FeedCodec::encode(*decoded), FeedCodec::encode(feed));
    QCOMPARE(FeedCodec::encodeLine(*decoded), text);
    // The same without the newline, and through decode() on the object itself.
    QVERIFY(FeedCodec::decodeLine(QByteArrayView(text).chopped(1), &error));
    QVERIFY(FeedCodec::decode(FeedCodec::encode(feed), &error));
}

void tst_FeedCodec::aQuietFeedIsAShortLine()
{
    QCOMPARE(FeedCodec::encodeLine(SessionFeed()), "{\"v\":1}\n"_ba);
    SessionFeed feed;
    feed.sequence = 7;
    feed.timeNs = 123;
    QCOMPARE(FeedCodec::encodeLine(feed), "{\"seq\":7,\"t_ns\":123,\"v\":1}\n"_ba);
    QString error;
    const auto back = FeedCodec::decodeLine("{\"v\":1}", &error);
    QVERIFY2(back, qPrintable(error));
    QVERIFY(back->isEmpty());
    QCOMPARE(back->sequence, 0u);

    // A pool that only released a connection says little more.
    PoolEvent released;
    released.sequence = 8;
    released.poolId = 1;
    released.timeNs = 5'000;
    released.kind = EventKind::Released;
    released.connectionId = 3;
    released.holdNs = 2'000'000;
    feed.pools = {PoolFeed{1, {released}, {}, {}, {}, {}, false, 0}};
    const QByteArray quiet = FeedCodec::encodeLine(feed);
    QVERIFY2(quiet.size() < 140, quiet.constData());
}

void tst_FeedCodec::refusesWithAMessage_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QStringList>("mentions");
    const QJsonObject full = fullJson();
    const auto row = [](const char *name, const QByteArray &text, const QStringList &mentions) {
        QTest::newRow(name) << text << mentions;
    };
    const auto field
        = [&](const char *name, const Path &path, const QJsonValue &value,
              const QStringList &mentions) { row(name, line(with(full, path, value)), mentions); };
    row("newer version", "{\"v\":2,\"seq\":1}",
        {u"version 2 is newer than this PoolScope reads (1)"_s});
    row("no version", "{\"seq\":1}", {u"v: missing; accepted: the format version, 1"_s});
    row("version as text", "{\"v\":\"1\"}",
        {u"v: \"1\" is not accepted; accepted: a format version, 1"_s});
    row("version 0", "{\"v\":0}", {u"v: 0 is not accepted"_s});
    row("a list", "[1,2,3]\n", {u"not a JSON object"_s});
    row("a number", "42\n", {u"not a JSON object: the line starts with \"42\""_s});
    row("empty", "\n", {u"an empty line"_s});
    const QByteArray whole = line(full);
    row("cut short", whole.left(whole.size() / 2), {u"not valid JSON"_s, u"cut short"_s});
    row("cut in a string", R"({"v":1,"pools":[{"pool":1,"events":[{"kind":"acq)",
        {u"unterminated string at byte 48 of 48"_s, u"cut short"_s});
    row("trailing garbage", R"({"v":1} and more)", {u"garbage at the end"_s});
    row("damaged", "{\"v\":1,,\"seq\":2}", {u"not valid JSON"_s, u"at byte 8 of 16"_s});
    field("port as text", {u"pools"_s, 1, u"snapshot"_s, u"connections"_s, 0, u"peer_port"_s},
          u"x"_s,
          {u"pools[1].snapshot.connections[0].peer_port: \"x\" is not accepted; accepted: a "
           "whole number from 0 to 65535"_s});
    field("negative sequence", {u"seq"_s}, -1,
          {u"seq: -1 is not accepted; accepted: a whole number from 0 to 9223372036854775807"_s});
    field("huge sequence", {u"seq"_s}, 1e300, {u"seq: 1e+300 is not accepted"_s});
    field("pools not a list", {u"pools"_s}, QJsonObject(),
          {u"pools: an object is not accepted; accepted: a list of objects"_s});
    field("pool id too big", {u"pools"_s, 0, u"pool"_s}, qint64(1) << 32,
          {u"pools[0].pool: 4294967296 is not accepted; accepted: a whole number from 0 to "
           "4294967295"_s});
    field("unknown event kind", {u"pools"_s, 0, u"events"_s, 1, u"kind"_s}, u"exploded"_s,
          {u"pools[0].events[1].kind: \"exploded\" is not accepted; accepted: dial_started, "_s});
    field("event without a kind", {u"pools"_s, 0, u"events"_s, 0, u"kind"_s}, QJsonValue::Undefined,
          {u"pools[0].events[0].kind: missing"_s});
    field("huge duration", {u"pools"_s, 0, u"events"_s, 0, u"wait_ms"_s}, 1e300,
          {u"pools[0].events[0].wait_ms: 1e+300 is not accepted; accepted: a number of "
           "milliseconds"_s});
    field("bucket out of range",
          {u"pools"_s, 0, u"snapshot"_s, u"stats"_s, u"dial_time"_s, u"buckets"_s},
          // A QJsonValue inside: clang reads QJsonArray{QJsonArray{...}} as a copy, GCC as a
          // list of one.
          QJsonArray{QJsonValue(QJsonArray{99'999, 1})},
          {u"pools[0].snapshot.stats.dial_time.buckets[0]: [99999,1] is not accepted"_s});
    field("negative gauge", {u"pools"_s, 0, u"snapshot"_s, u"stats"_s, u"open"_s}, -4,
          {u"pools[0].snapshot.stats.open: -4 is not accepted"_s});
    field("bytes below -1", {u"pools"_s, 0, u"snapshot"_s, u"connections"_s, 1, u"bytes_in"_s}, -2,
          {u"pools[0].snapshot.connections[1].bytes_in: -2"_s, u"from -1 to"_s});
    field("not an address", {u"pools"_s, 0, u"snapshot"_s, u"connections"_s, 1, u"peer"_s},
          u"999.1.1.1"_s,
          {u"pools[0].snapshot.connections[1].peer: \"999.1.1.1\" is not accepted; accepted: an "
           "IPv4 or IPv6 address"_s});
    field("pool setting as text", {u"pools"_s, 0, u"config"_s, u"settings"_s, u"max_connections"_s},
          u"many"_s, {u"pools[0].config.settings.max_connections: \"many\" is not a whole"_s});
    field("workload out of range", {u"pools"_s, 0, u"config"_s, u"load"_s, u"concurrency"_s}, -3,
          {u"pools[0].config.load.concurrency: -3 is out of range"_s});
    field("lab address", {u"lab"_s, u"settings"_s, u"address"_s}, u"not-an-ip"_s,
          {u"lab.settings.address: \"not-an-ip\" is not accepted; accepted: an IPv4 or IPv6 "
           "address"_s});
    field("lab knob", {u"lab"_s, u"settings"_s, u"latency"_s}, u"slow"_s,
          {u"lab.settings.latency: \"slow\" is not a number"_s});
    field("listening as text", {u"lab"_s, u"listening"_s}, u"yes"_s,
          {u"lab.listening: \"yes\" is not accepted; accepted: true or false"_s});
    field("negative lab count", {u"lab"_s, u"counters"_s, u"closed"_s, u"reset"_s}, -1,
          {u"lab.counters.closed.reset: -1 is not accepted"_s});
    field("certificate date",
          {u"probe"_s, u"finished"_s, u"attempts"_s, 0, u"steps"_s, 1, u"tls"_s, u"expires"_s},
          u"tomorrow"_s,
          {u"probe.finished.attempts[0].steps[1].tls.expires: \"tomorrow\" is not accepted; "
           "accepted: a date and time in ISO 8601"_s});
    field("trial not an object", {u"probe"_s, u"cutoff"_s, u"trials"_s}, QJsonArray{5},
          {u"probe.cutoff.trials[0]: 5 is not accepted; accepted: an object"_s});
    field("fractional percent", {u"probe"_s, u"cutoff_progress"_s, u"percent"_s}, 0.5,
          {u"probe.cutoff_progress.percent: 0.5 is not accepted"_s});
    field("error not text", {u"replies"_s, 1, u"errors"_s}, QJsonArray{1},
          {u"replies[1].errors: a list is not accepted; accepted: a list of strings"_s});
    field("negative request phase",
          {u"pools"_s, 0, u"workload"_s, 0, u"recent_requests"_s, 0, u"queue_ns"_s}, -5,
          {u"pools[0].workload[0].recent_requests[0].queue_ns: -5 is not accepted"_s});
    field("unknown request error",
          {u"pools"_s, 0, u"workload"_s, 1, u"recent_requests"_s, 1, u"error"_s}, u"oops"_s,
          {u"pools[0].workload[1].recent_requests[1].error: \"oops\" is not accepted; "
           "accepted: none, acquire_timeout"_s});
    field("unknown phase", {u"comparisons"_s, 0, u"phase"_s}, u"halfway"_s,
          {u"comparisons[0].phase: \"halfway\" is not accepted; accepted: idle, pooled, "
           "unpooled"_s});
    field("report in a half", {u"comparisons"_s, 0, u"unpooled"_s, u"report"_s}, true,
          {u"comparisons[0].unpooled.report: true is not accepted; accepted: an object"_s});
}

void tst_FeedCodec::refusesWithAMessage()
{
    QFETCH(QByteArray, text);
    QFETCH(QStringList, mentions);
    QString error;
    QVERIFY(!FeedCodec::decodeLine(text, &error));
    for (const QString &mention : mentions)
        QVERIFY2(error.contains(mention), qPrintable(error));
    QVERIFY2(error.size() < 400, qPrintable(error));
    // A caller that does not want the message gets the same answer.
    QVERIFY(!FeedCodec::decodeLine(text, nullptr));
}

void tst_FeedCodec::ignoresKeysItDoesNotKnow()
{
    QJsonObject json = fullJson();
    const QJsonObject extra{{u"added_later"_s, QJsonArray{1, u"two"_s}}};
    for (const Path &path : QList<Path>{
             {u"future"_s},
             {u"pools"_s, 0, u"future"_s},
             {u"pools"_s, 0, u"events"_s, 0, u"future"_s},
             {u"pools"_s, 0, u"snapshot"_s, u"connections"_s, 1, u"future"_s},
             {u"pools"_s, 0, u"snapshot"_s, u"stats"_s, u"evictions"_s, u"a_new_reason"_s},
             {u"pools"_s, 0, u"snapshot"_s, u"stats"_s, u"tls_time"_s, u"future"_s},
             {u"pools"_s, 0, u"config"_s, u"settings"_s, u"a_new_setting"_s},
             {u"pools"_s, 0, u"config"_s, u"load"_s, u"a_new_setting"_s},
             {u"lab"_s, u"settings"_s, u"a-new-knob"_s},
             {u"probe"_s, u"cutoff"_s, u"trials"_s, 2, u"future"_s},
             {u"replies"_s, 0, u"future"_s},
         })
        json = with(json, path, extra);
    QString error;
    const auto feed = FeedCodec::decode(json, &error);
    QVERIFY2(feed, qPrintable(error));
    FeedCompare::compare(*feed, FeedSamples::fullFeed());
}

void tst_FeedCodec::eventDurationsStayExact()
{
    // The event JSON keeps durations in milliseconds, as the events file always had them; a
    // double holds every nanosecond well past anything a pool measures (here up to 11 days).
    std::mt19937_64 rng(11);
    std::uniform_int_distribution<qint64> ns(0, 1'000'000'000'000'000);
    for (int i = 0; i < 20'000; ++i) {
        PoolEvent event;
        event.kind = EventKind::Evicted;
        event.ageNs = i < 10'000 ? ns(rng) : i;
        const auto back = PoolEvent::fromJson(QJsonDocument::fromJson(event.toJsonLine()).object());
        QVERIFY(back);
        QCOMPARE(back->ageNs, event.ageNs);
    }
}

void tst_FeedCodec::survivesMutatedLines()
{
    const QByteArray valid = FeedCodec::encodeLine(FeedSamples::fullFeed());
    std::mt19937 rng(20'240'611);
    const auto below = [&rng](qsizetype n) {
        return qsizetype(std::uniform_int_distribution<qint64>(0, n - 1)(rng));
    };
    int decoded = 0;
    // Bytes: flipped, set to something JSON-like, or the line cut short.
    constexpr QByteArrayView JsonLike = R"({}[]",:-0123456789.eE+tfnul\ )";
    for (int i = 0; i < 2'500; ++i) {
        QByteArray text = valid;
        if (i % 4 == 0)
            text.truncate(below(text.size()));
        for (int flips = 1 + int(below(3)); flips > 0 && !text.isEmpty(); --flips) {
            const qsizetype at = below(text.size());
            text[at] = i % 2 ? char(below(256)) : JsonLike[below(JsonLike.size())];
        }
        QVERIFY2(decodesConsistently(text, &decoded), text.left(200).constData());
    }
    // Values: replaced anywhere by hostile ones, or taken away.
    const QJsonObject full = fullJson();
    QList<Path> paths;
    collectPaths(full, {}, &paths);
    const QList<QJsonValue> hostile{QJsonValue(),
                                    QJsonValue::Null,
                                    u""_s,
                                    u"none"_s,
                                    u"http"_s,
                                    u"::1"_s,
                                    -1,
                                    0,
                                    1,
                                    0.5,
                                    1e300,
                                    -1e300,
                                    true,
                                    false,
                                    QJsonArray(),
                                    QJsonObject(),
                                    QJsonArray{1, u"a"_s},
                                    QJsonObject{{u"a"_s, 1}},
                                    qint64(std::numeric_limits<qint64>::max()),
                                    qint64(std::numeric_limits<qint64>::min()),
                                    u"2030-01-01T00:00:00.000Z"_s};
    for (int i = 0; i < 1'500; ++i) {
        QJsonObject json = full;
        for (int changes = 1 + int(below(3)); changes > 0; --changes)
            json = with(json, paths[below(paths.size())], hostile[below(hostile.size())]);
        const QByteArray text = line(json);
        QVERIFY2(decodesConsistently(text, &decoded), text.left(300).constData());
    }
    // Some of each: the mutations reached the decoder's checks, not only the parser.
    QVERIFY2(decoded > 100, qPrintable(QString::number(decoded)));
    QVERIFY2(decoded < 3'500, qPrintable(QString::number(decoded)));
}

void tst_FeedCodec::theFormatDocumentShowsARealLine()
{
    SessionFeed feed;
    feed.sequence = 42;
    feed.timeNs = 81'234'567'890'123;
    PoolFeed pool;
    pool.pool = 1;
    PoolEvent acquired;
    acquired.sequence = 310;
    acquired.poolId = 1;
    acquired.timeNs = 81'234'560'000'000;
    acquired.kind = EventKind::Acquired;
    acquired.connectionId = 7;
    acquired.generation = 1;
    acquired.reused = true;
    acquired.waitNs = 12'000;
    acquired.idleNs = 31'500'000;
    pool.events = {acquired};
    PoolSnapshot snapshot;
    snapshot.timeNs = 81'234'500'000'000;
    ConnectionInfo connection;
    connection.id = 7;
    connection.state = ConnectionState::InUse;
    connection.generation = 1;
    connection.peerAddress = QHostAddress(u"::1"_s);
    connection.peerPort = 6'379;
    connection.localPort = 41'822;
    connection.createdNs = 80'000'000'000'000;
    connection.connectedNs = 80'000'030'500'000;
    connection.lastAcquiredNs = 81'234'560'000'000;
    connection.lastReleasedNs = 81'234'528'500'000;
    connection.useCount = 12;
    connection.bytesIn = 84;
    connection.bytesOut = 168;
    connection.rttUs = 38;
    connection.rttVarUs = 9;
    connection.retransmits = 0;
    snapshot.connections = {connection};
    snapshot.stats.open = 1;
    snapshot.stats.inUse = 1;
    snapshot.stats.peakOpen = 2;
    snapshot.stats.generation = 1;
    snapshot.stats.dials = 2;
    snapshot.stats.acquisitions = 13;
    snapshot.stats.reuses = 12;
    snapshot.stats.releases = 12;
    snapshot.stats.evictions[size_t(EvictionReason::IdleTimeout)] = 1;
    for (const qint64 ns : {30'100'000, 30'600'000})
        snapshot.stats.dialTime.record(ns);
    pool.snapshot = snapshot;
    feed.pools = {pool};
    feed.replies = {{5,
                     1,
                     u"set_pool_settings"_s,
                     {u"max_connections: 0 is out of range; "
                      "accepted: 1 to 10000"_s}}};
    const QByteArray text = FeedCodec::encodeLine(feed).trimmed();
    QFile document(QStringLiteral(POOLSCOPE_SOURCE_DIR "/docs/feed-format.md"));
    QVERIFY(document.open(QIODevice::ReadOnly));
    QVERIFY2(document.readAll().contains(text), text.constData());
}

QTEST_GUILESS_MAIN(tst_FeedCodec)
#include "tst_feedcodec.moc"

#include "feedsamples.h"

using namespace Qt::StringLiterals;

LatencyHistogram FeedSamples::histogram(qint64 scaleNs, int values)
{
    LatencyHistogram h;
    for (int i = 1; i <= values; ++i)
        h.record(scaleNs * i * i / 7 + i);
    return h;
}

PoolEvent FeedSamples::event(quint32 pool, quint64 sequence)
{
    PoolEvent e;
    e.sequence = sequence;
    e.poolId = pool;
    e.timeNs = 1'000'000'000'000 + qint64(sequence) * 1'000;
    e.kind = EventKind::Acquired; // the one kind whose JSON carries reused
    e.connectionId = 40 + sequence;
    e.waiterId = 7;
    e.generation = 3;
    e.reason = EvictionReason::MadeRoom;
    e.dialError = DialError::Reset;
    e.reused = true;
    e.waitNs = 1'234'567;
    e.idleNs = 987'654'321'123;
    e.holdNs = 5;
    e.dialNs = 2'500'001;
    e.tlsNs = 11'000'017;
    e.ageNs = 86'400'000'000'123;
    e.address = u"[2001:db8::7]:5432"_s;
    e.message = u"reused after 987 s \"idle\" ✓"_s;
    return e;
}

ConnectionInfo FeedSamples::connection(quint64 id, const QString &peer)
{
    ConnectionInfo c;
    c.id = id;
    c.state = ConnectionState::InUse;
    c.generation = 2;
    c.peerAddress = QHostAddress(peer);
    c.peerPort = 5432;
    c.localPort = 50'123;
    c.createdNs = 100;
    c.connectedNs = 200;
    c.lastAcquiredNs = 300;
    c.lastReleasedNs = 250;
    c.closedNs = 400;
    c.useCount = 17;
    c.purpose = u"GET /orders?id=7 ✓"_s;
    c.requestId = 1'234'567;
    c.bytesIn = 0; // read, and nothing came: not the -1 of "could not read"
    c.bytesOut = 4'096;
    c.rttUs = 120;
    c.rttVarUs = 30;
    c.retransmits = 2;
    c.closeReason = EvictionReason::PeerClosed;
    c.dialError = DialError::TlsFailure;
    c.closeMessage = u"closed by the server"_s;
    return c;
}

PoolStats FeedSamples::stats()
{
    PoolStats s;
    s.open = 3;
    s.idle = 1;
    s.inUse = 2;
    s.dialing = 1;
    s.waiting = 4;
    s.oldestWaiterSinceNs = 4'000'000'123;
    s.peakOpen = 6;
    s.generation = 2;
    s.backoffUntilNs = 5'000'000'000;
    s.consecutiveDialFailures = 2;
    s.lastDialError = DialError::Refused;
    s.lastDialMessage = u"Connection refused"_s;
    s.dials = 40;
    s.dialFailures = 5;
    s.earlyCloses = 3;
    for (size_t i = 0; i < s.dialFailuresByError.size(); ++i)
        s.dialFailuresByError[i] = i + 1;
    s.acquisitions = 1'000;
    s.reuses = 960;
    s.waits = 12;
    s.dialWaits = 7;
    s.sinceNs = 80'000'000'000'000;
    s.acquireTimeouts = 1;
    s.acquireFailures = 2;
    s.releases = 998;
    for (size_t i = 0; i < s.evictions.size(); ++i)
        s.evictions[i] = 10 * i + 1;
    s.misuses = 1;
    s.acquireWait = histogram(10'000, 9);
    s.dialTime = histogram(300'000, 5);
    s.tlsTime = histogram(2'000'000, 4);
    s.holdTime = histogram(700'000, 12);
    s.idleAtReuse = histogram(1'000'000'000, 6);
    s.ageAtClose = histogram(60'000'000'000, 3);
    return s;
}

PoolSettings FeedSamples::poolSettings()
{
    PoolSettings s;
    s.host = u"db.example.test"_s;
    s.port = 5432;
    s.tls = true;
    s.tlsInsecure = true;
    s.caFile = u"/nowhere/ca.pem"_s; // a name: the file need not exist where it is read back
    s.maxConnections = 25;
    s.minIdle = 3;
    s.maxConcurrentDials = 4;
    s.acquireTimeoutMs = 1'500;
    s.connectTimeoutMs = 2'500;
    s.idleTimeoutMs = 45'000;
    s.maxLifetimeMs = 900'000;
    s.reuseOrder = ReuseOrder::Fifo;
    s.checkBeforeReuse = false;
    s.checkAfterIdleMs = 250;
    s.backoffInitialMs = 50;
    s.backoffMaxMs = 20'000;
    s.tcpNoDelay = false;
    s.keepAlive = true;
    s.keepAliveIdleS = 30;
    s.keepAliveIntervalS = 5;
    s.keepAliveCount = 4;
    s.dnsRefreshMs = 60'000;
    s.hostOverrides = {*HostOverride::parse(u"db.example.test:5432:[::1]", nullptr),
                       *HostOverride::parse(u"other.test:80:127.0.0.2", nullptr)};
    return s;
}

LoadSettings FeedSamples::loadSettings()
{
    LoadSettings s;
    s.protocol = {ProtocolKind::Echo,      333,      u"hello there"_s, u"/health?x=1"_s,
                  u"db.example.test:81"_s, 2'000'000};
    s.concurrency = 12;
    s.ratePerSecond = 0.1 + 0.2; // needs every digit
    s.requests = 5'000'000'000;
    s.durationS = 12.5;
    s.pooled = false;
    s.staleRetry = false;
    s.requestTimeoutMs = 4'321;
    return s;
}

LabSettings FeedSamples::labSettings()
{
    LabSettings s;
    s.address = QHostAddress(QHostAddress::LocalHostIPv6);
    s.port = 4'242;
    s.protocol = ProtocolKind::Redis;
    s.latencyMs = 5;
    s.jitterMs = 3;
    s.responseSize = 1'024;
    s.setupDelayMs = 30;
    s.tls = true;
    s.idleCloseMs = 60'000;
    s.silentDropMs = 90'000;
    s.maxClients = 77;
    s.errorRate = 0.123456789012345678;
    s.blackhole = true;
    s.pauseAccepting = true;
    return s;
}

LoadProgress FeedSamples::progress()
{
    LoadProgress p;
    p.timeNs = 2'000'000'000'123;
    p.intervalNs = 250'000'000;
    p.running = true;
    p.pooled = false;
    p.inFlight = 4;
    p.completed = 1'234;
    p.ok = 1'200;
    p.failed = 34;
    p.staleRetries = 2;
    for (size_t i = 0; i < p.errors.size(); ++i)
        p.errors[i] = 3 * i + 1;
    p.lastError = RequestError::ProtocolError;
    p.lastErrorMessage = u"not a RESP reply: unexpected type byte in \"HTTP/1.1 400\""_s;
    p.lastErrorAnswer = AnswerKind::Http;
    p.intervalCompleted = 25;
    p.intervalFailed = 3;
    p.intervalAcquireTimeouts = 2;
    p.intervalRequestTimeouts = 1;
    p.intervalStaleRetries = 4;
    p.intervalLatency = histogram(3'000'000, 25);
    p.intervalAcquireWait = histogram(20'000, 7);
    p.statisticsSinceNs = 1'900'000'000'000;
    RequestRecord fresh;
    fresh.startNs = 1'999'900'000'000;
    fresh.acquireWaitNs = 41'000'000;
    fresh.requestNs = 36'500'000;
    fresh.totalNs = 77'600'000;
    fresh.queueNs = 100'000;
    fresh.dial = {2'000'000, 150'000, 38'750'000};
    fresh.firstByteNs = 36'000'000;
    fresh.transferNs = 500'000;
    fresh.staleAttemptNs = 100'000;
    fresh.connectionId = 17;
    fresh.connectionUse = 1;
    fresh.sinceConnectNs = 38'800'000;
    fresh.staleRetried = true;
    RequestRecord failed;
    failed.startNs = 1'999'950'000'000;
    failed.totalNs = 5'000'000;
    failed.firstByteNs = 5'000'000;
    failed.connectionId = 9;
    failed.connectionUse = 12;
    failed.reused = true;
    failed.error = RequestError::ClosedBeforeResponse;
    failed.message = u"closed before any response byte \"x\""_s;
    p.recentRequests = {fresh, failed};
    return p;
}

LoadReport FeedSamples::report(bool pooled)
{
    LoadReport r;
    r.target = u"[::1]:4242"_s;
    r.poolSettings = poolSettings();
    r.loadSettings = loadSettings();
    r.loadSettings.pooled = pooled;
    r.durationS = 5.125;
    r.ok = pooled ? 4'000 : 900;
    r.failed = 3;
    r.staleRetries = 1;
    for (size_t i = 0; i < r.errors.size(); ++i)
        r.errors[i] = i + 2;
    r.notSent = 2;
    r.gaveUp = u"127.0.0.1:1: Connection refused"_s;
    r.latency = histogram(pooled ? 5'000'000 : 40'000'000, 30);
    r.failedLatency = histogram(2'000'000'000, 3);
    r.requestTime = histogram(4'000'000, 20);
    r.acquireWait = histogram(50'000, 10);
    r.pool = stats();
    return r;
}

ProbeTlsInfo FeedSamples::tls()
{
    ProbeTlsInfo t;
    t.valid = true;
    t.protocol = u"TLSv1.3"_s;
    t.cipher = u"TLS_AES_256_GCM_SHA384"_s;
    t.subject = u"localhost"_s;
    t.issuer = u"PoolScope lab CA"_s;
    t.notBefore = QDateTime::fromMSecsSinceEpoch(1'700'000'000'123, Qt::UTC);
    t.expires = QDateTime(QDate(9999, 12, 31), QTime(23, 59, 59), Qt::UTC);
    t.nameMatches = true;
    t.trusted = true;
    t.inDate = true;
    t.errors = {u"The certificate is self-signed, and untrusted"_s, u"second"_s};
    return t;
}

ProbeResult FeedSamples::probeResult()
{
    ProbeResult r;
    ProbeSettings &s = r.settings;
    s.host = u"api.example.test"_s;
    s.port = 8'443;
    s.protocol = Protocol{ProtocolKind::Http, 10, u"x"_s, u"/ping"_s, u"api.example.test"_s, 4'096};
    s.count = 7;
    s.intervalMs = 250;
    s.timeoutMs = 1'200;
    s.tls = true;
    s.insecure = true;
    s.caFile = u"/nowhere/ca.pem"_s;
    s.hostOverrides = {*HostOverride::parse(u"api.example.test:8443:[::1]", nullptr)};
    s.maxIdleMs = 120'000;

    // One step with every field set, whatever its kind would carry.
    ProbeStep step;
    step.kind = ProbeStep::Kind::Tls;
    step.address = u"[::1]:8443"_s;
    step.ok = true;
    step.durationNs = 3'000'017;
    step.failure = ProbeFailure::TlsUntrusted;
    step.message = u"self-signed"_s;
    step.addresses
        = {QHostAddress(u"127.0.0.1"_s), QHostAddress(u"::1"_s), QHostAddress(u"fe80::1%1"_s)};
    step.source = u"resolve"_s;
    step.tls = tls();
    step.completeNs = 9'000'001;
    step.responseBytes = 1'234'567;
    ProbeStep resolve;
    resolve.ok = true;
    resolve.addresses = {QHostAddress(u"::1"_s)};
    resolve.source = u"dns"_s;
    ProbeAttempt first{1, 5'000'000'000, {resolve, step}};
    ProbeAttempt second{2, 5'250'000'000, {step}};
    r.attempts = {first, second};
    r.stopped = true;
    return r;
}

ProbeVerdict FeedSamples::verdict()
{
    ProbeVerdict v;
    v.status = ProbeVerdict::Status::Degraded;
    v.failure = ProbeFailure::Refused;
    v.step = ProbeStep::Kind::Connect;
    v.address = u"127.0.0.1:8443"_s;
    v.detail = u"Connection refused"_s;
    v.attempts = 4;
    v.succeeded = 3;
    v.sentence = u"Nothing accepts connections."_s;
    v.cause = u"The server is not running."_s;
    v.next = u"Check that it runs."_s;
    v.notes = {u"one"_s, u"two"_s};
    return v;
}

IdleCutoffResult FeedSamples::cutoff()
{
    IdleCutoffResult r;
    r.outcome = IdleCutoffResult::Outcome::Found;
    r.drop = IdleCutoffResult::Fate::Silence;
    r.cutoffMs = 30'500;
    r.lowerMs = 30'000;
    r.upperMs = 31'000;
    r.maxIdleMs = 600'000;
    r.silenceTimeoutMs = 2'000;
    r.rounds = 6;
    r.elapsedMs = 190'000;
    r.address = u"[::1]:8443"_s;
    r.failure = verdict();
    r.trials = {{30'000, 30'010, IdleCutoffResult::Fate::Usable, false, {}},
                {31'000, 31'002, IdleCutoffResult::Fate::Silence, true, u"no answer"_s},
                {32'000, 31'500, IdleCutoffResult::Fate::Reset, true, u"RST"_s}};
    return r;
}

ComparisonUpdate FeedSamples::comparison()
{
    ComparisonUpdate c;
    c.comparison = 9;
    c.phase = ComparisonUpdate::Phase::Unpooled;
    c.seconds = 3.25;
    c.progress = progress();
    c.pooled = ComparisonUpdate::Half{report(true), 4};
    c.unpooled = ComparisonUpdate::Half{report(false), 250};
    c.cancelled = true;
    return c;
}

SessionFeed FeedSamples::fullFeed()
{
    SessionFeed feed;
    feed.sequence = 12'345;
    feed.timeNs = 3'000'000'000'777;

    PoolFeed first;
    first.pool = 1;
    first.events = {event(1, 1), event(1, 2)};
    first.snapshot = PoolSnapshot{2'999'999'000'000,
                                  {connection(41, u"192.0.2.10"_s), connection(42, u"10.1.2.3"_s)},
                                  stats()};
    first.workload = {progress(), progress()};
    first.runs = {RunUpdate{5, progress(), report(true), 17}, RunUpdate{6, progress(), {}, 0}};
    first.config = PoolConfig{u"orders"_s, poolSettings(), loadSettings(), true, true};
    first.droppedEvents = 3;

    PoolFeed second;
    second.pool = 4'000'000'000; // past 2^31
    second.events = {event(4'000'000'000, 99)};
    second.snapshot = PoolSnapshot{1, {connection(7, u"2001:db8::1"_s)}, stats()};
    second.removed = true;
    feed.pools = {first, second};

    feed.lab.settings = labSettings();
    feed.lab.listening = false; // set, and false: not the same as not said
    LabCounters counters;
    counters.accepted = 100;
    counters.open = 4;
    counters.requests = 10'000;
    counters.errorReplies = 5;
    counters.silentDrops = 2;
    counters.bytesIn = 123'456;
    counters.bytesOut = 654'321;
    for (size_t i = 0; i < counters.closed.size(); ++i)
        counters.closed[i] = i + 1;
    feed.lab.counters = counters;
    feed.lab.errors = {u"port 4242 is in use"_s};

    feed.probe.started = probeResult().settings;
    feed.probe.attempts = probeResult().attempts;
    feed.probe.finished = probeResult();
    feed.probe.trials = cutoff().trials;
    feed.probe.cutoffProgress = ProbeFeed::CutoffProgress{42, u"round 3 of about 8"_s};
    feed.probe.cutoff = cutoff();

    feed.comparisons = {comparison()};
    feed.replies = {{10, 1, u"set_pool_settings"_s, {}},
                    {11, 0, u"start_lab"_s, {u"port: 70000 is out of range"_s, u"second"_s}}};
    return feed;
}

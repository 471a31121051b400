#include "feedcompare.h"

#include <QTest>

// Stops the calling compare() at the first difference found by a nested one.
#define COMPARE_PART(actual, expected)                                                             \
    do {                                                                                           \
        compare(actual, expected);                                                                 \
        if (QTest::currentTestFailed())                                                            \
            return;                                                                                \
    } while (false)

#define COMPARE_LISTS(actual, expected)                                                            \
    do {                                                                                           \
        QCOMPARE((actual).size(), (expected).size());                                              \
        for (qsizetype item = 0; item < (expected).size(); ++item)                                 \
            COMPARE_PART((actual)[item], (expected)[item]);                                        \
    } while (false)

#define COMPARE_OPTIONALS(actual, expected)                                                        \
    do {                                                                                           \
        QCOMPARE(bool(actual), bool(expected));                                                    \
        if (expected)                                                                              \
            COMPARE_PART(*(actual), *(expected));                                                  \
    } while (false)

void FeedCompare::compare(const PoolEvent &a, const PoolEvent &e)
{
    QCOMPARE(a.sequence, e.sequence);
    QCOMPARE(a.poolId, e.poolId);
    QCOMPARE(a.timeNs, e.timeNs);
    QCOMPARE(a.kind, e.kind);
    QCOMPARE(a.connectionId, e.connectionId);
    QCOMPARE(a.waiterId, e.waiterId);
    QCOMPARE(a.generation, e.generation);
    QCOMPARE(a.reason, e.reason);
    QCOMPARE(a.dialError, e.dialError);
    QCOMPARE(a.reused, e.reused);
    QCOMPARE(a.waitNs, e.waitNs);
    QCOMPARE(a.idleNs, e.idleNs);
    QCOMPARE(a.holdNs, e.holdNs);
    QCOMPARE(a.dialNs, e.dialNs);
    QCOMPARE(a.tlsNs, e.tlsNs);
    QCOMPARE(a.ageNs, e.ageNs);
    QCOMPARE(a.address, e.address);
    QCOMPARE(a.message, e.message);
}

void FeedCompare::compare(const ConnectionInfo &a, const ConnectionInfo &e)
{
    QCOMPARE(a.id, e.id);
    QCOMPARE(a.state, e.state);
    QCOMPARE(a.generation, e.generation);
    QCOMPARE(a.peerAddress, e.peerAddress);
    QCOMPARE(a.peerAddress.protocol(), e.peerAddress.protocol());
    QCOMPARE(a.peerPort, e.peerPort);
    QCOMPARE(a.localPort, e.localPort);
    QCOMPARE(a.createdNs, e.createdNs);
    QCOMPARE(a.connectedNs, e.connectedNs);
    QCOMPARE(a.lastAcquiredNs, e.lastAcquiredNs);
    QCOMPARE(a.lastReleasedNs, e.lastReleasedNs);
    QCOMPARE(a.closedNs, e.closedNs);
    QCOMPARE(a.useCount, e.useCount);
    QCOMPARE(a.purpose, e.purpose);
    QCOMPARE(a.requestId, e.requestId);
    QCOMPARE(a.bytesIn, e.bytesIn);
    QCOMPARE(a.bytesOut, e.bytesOut);
    QCOMPARE(a.rttUs, e.rttUs);
    QCOMPARE(a.rttVarUs, e.rttVarUs);
    QCOMPARE(a.retransmits, e.retransmits);
    QCOMPARE(a.closeReason, e.closeReason);
    QCOMPARE(a.dialError, e.dialError);
    QCOMPARE(a.closeMessage, e.closeMessage);
}

void FeedCompare::compare(const PoolStats &a, const PoolStats &e)
{
    QCOMPARE(a.open, e.open);
    QCOMPARE(a.idle, e.idle);
    QCOMPARE(a.inUse, e.inUse);
    QCOMPARE(a.dialing, e.dialing);
    QCOMPARE(a.waiting, e.waiting);
    QCOMPARE(a.oldestWaiterSinceNs, e.oldestWaiterSinceNs);
    QCOMPARE(a.peakOpen, e.peakOpen);
    QCOMPARE(a.generation, e.generation);
    QCOMPARE(a.backoffUntilNs, e.backoffUntilNs);
    QCOMPARE(a.consecutiveDialFailures, e.consecutiveDialFailures);
    QCOMPARE(a.lastDialError, e.lastDialError);
    QCOMPARE(a.lastDialMessage, e.lastDialMessage);
    QCOMPARE(a.dials, e.dials);
    QCOMPARE(a.dialFailures, e.dialFailures);
    QVERIFY(a.dialFailuresByError == e.dialFailuresByError);
    QCOMPARE(a.earlyCloses, e.earlyCloses);
    QCOMPARE(a.acquisitions, e.acquisitions);
    QCOMPARE(a.reuses, e.reuses);
    QCOMPARE(a.waits, e.waits);
    QCOMPARE(a.dialWaits, e.dialWaits);
    QCOMPARE(a.sinceNs, e.sinceNs);
    QCOMPARE(a.acquireTimeouts, e.acquireTimeouts);
    QCOMPARE(a.acquireFailures, e.acquireFailures);
    QCOMPARE(a.releases, e.releases);
    QVERIFY(a.evictions == e.evictions);
    QCOMPARE(a.misuses, e.misuses);
    QCOMPARE(a.acquireWait, e.acquireWait);
    QCOMPARE(a.dialTime, e.dialTime);
    QCOMPARE(a.tlsTime, e.tlsTime);
    QCOMPARE(a.holdTime, e.holdTime);
    QCOMPARE(a.idleAtReuse, e.idleAtReuse);
    QCOMPARE(a.ageAtClose, e.ageAtClose);
}

void FeedCompare::compare(const LoadProgress &a, const LoadProgress &e)
{
    QCOMPARE(a.timeNs, e.timeNs);
    QCOMPARE(a.intervalNs, e.intervalNs);
    QCOMPARE(a.running, e.running);
    QCOMPARE(a.pooled, e.pooled);
    QCOMPARE(a.inFlight, e.inFlight);
    QCOMPARE(a.completed, e.completed);
    QCOMPARE(a.ok, e.ok);
    QCOMPARE(a.failed, e.failed);
    QCOMPARE(a.staleRetries, e.staleRetries);
    QVERIFY(a.errors == e.errors);
    QCOMPARE(a.lastError, e.lastError);
    QCOMPARE(a.lastErrorMessage, e.lastErrorMessage);
    QCOMPARE(a.lastErrorAnswer, e.lastErrorAnswer);
    QCOMPARE(a.intervalCompleted, e.intervalCompleted);
    QCOMPARE(a.intervalFailed, e.intervalFailed);
    QCOMPARE(a.intervalAcquireTimeouts, e.intervalAcquireTimeouts);
    QCOMPARE(a.intervalRequestTimeouts, e.intervalRequestTimeouts);
    QCOMPARE(a.intervalStaleRetries, e.intervalStaleRetries);
    QCOMPARE(a.intervalLatency, e.intervalLatency);
    QCOMPARE(a.intervalAcquireWait, e.intervalAcquireWait);
    QCOMPARE(a.statisticsSinceNs, e.statisticsSinceNs);
    QCOMPARE(a.recentRequests.size(), e.recentRequests.size());
    for (qsizetype i = 0; i < e.recentRequests.size(); ++i) {
        const RequestRecord &ra = a.recentRequests[i];
        const RequestRecord &re = e.recentRequests[i];
        QCOMPARE(ra.startNs, re.startNs);
        QCOMPARE(ra.acquireWaitNs, re.acquireWaitNs);
        QCOMPARE(ra.requestNs, re.requestNs);
        QCOMPARE(ra.totalNs, re.totalNs);
        QCOMPARE(ra.queueNs, re.queueNs);
        QVERIFY(ra.dial == re.dial);
        QCOMPARE(ra.firstByteNs, re.firstByteNs);
        QCOMPARE(ra.transferNs, re.transferNs);
        QCOMPARE(ra.staleAttemptNs, re.staleAttemptNs);
        QCOMPARE(ra.connectionId, re.connectionId);
        QCOMPARE(ra.connectionUse, re.connectionUse);
        QCOMPARE(ra.sinceConnectNs, re.sinceConnectNs);
        QCOMPARE(ra.reused, re.reused);
        QCOMPARE(ra.staleRetried, re.staleRetried);
        QCOMPARE(ra.error, re.error);
        QCOMPARE(ra.message, re.message);
    }
}

void FeedCompare::compare(const LoadReport &a, const LoadReport &e)
{
    QCOMPARE(a.target, e.target);
    QCOMPARE(a.poolSettings, e.poolSettings);
    QCOMPARE(a.loadSettings, e.loadSettings);
    QCOMPARE(a.durationS, e.durationS);
    QCOMPARE(a.ok, e.ok);
    QCOMPARE(a.failed, e.failed);
    QCOMPARE(a.staleRetries, e.staleRetries);
    QVERIFY(a.errors == e.errors);
    QCOMPARE(a.notSent, e.notSent);
    QCOMPARE(a.gaveUp, e.gaveUp);
    QCOMPARE(a.latency, e.latency);
    QCOMPARE(a.failedLatency, e.failedLatency);
    QCOMPARE(a.requestTime, e.requestTime);
    QCOMPARE(a.acquireWait, e.acquireWait);
    COMPARE_PART(a.pool, e.pool);
    // What the reports print follows from the fields, so it is the same text.
    QCOMPARE(a.toJson(), e.toJson());
}

void FeedCompare::compare(const ProbeStep &a, const ProbeStep &e)
{
    QCOMPARE(a.kind, e.kind);
    QCOMPARE(a.address, e.address);
    QCOMPARE(a.ok, e.ok);
    QCOMPARE(a.durationNs, e.durationNs);
    QCOMPARE(a.failure, e.failure);
    QCOMPARE(a.message, e.message);
    QCOMPARE(a.addresses, e.addresses);
    QCOMPARE(a.source, e.source);
    QCOMPARE(a.tls, e.tls);
    QCOMPARE(a.tls.notBefore.toMSecsSinceEpoch(), e.tls.notBefore.toMSecsSinceEpoch());
    QCOMPARE(a.tls.expires.toMSecsSinceEpoch(), e.tls.expires.toMSecsSinceEpoch());
    QCOMPARE(a.completeNs, e.completeNs);
    QCOMPARE(a.responseBytes, e.responseBytes);
}

void FeedCompare::compare(const ProbeAttempt &a, const ProbeAttempt &e)
{
    QCOMPARE(a.sequence, e.sequence);
    QCOMPARE(a.startedNs, e.startedNs);
    COMPARE_LISTS(a.steps, e.steps);
}

void FeedCompare::compare(const ProbeResult &a, const ProbeResult &e)
{
    QCOMPARE(a.settings, e.settings);
    COMPARE_LISTS(a.attempts, e.attempts);
    QCOMPARE(a.stopped, e.stopped);
    QCOMPARE(a.toJson(), e.toJson());
}

void FeedCompare::compare(const ProbeVerdict &a, const ProbeVerdict &e)
{
    QCOMPARE(a.status, e.status);
    QCOMPARE(a.failure, e.failure);
    QCOMPARE(a.step, e.step);
    QCOMPARE(a.address, e.address);
    QCOMPARE(a.detail, e.detail);
    QCOMPARE(a.attempts, e.attempts);
    QCOMPARE(a.succeeded, e.succeeded);
    QCOMPARE(a.sentence, e.sentence);
    QCOMPARE(a.cause, e.cause);
    QCOMPARE(a.next, e.next);
    QCOMPARE(a.notes, e.notes);
}

void FeedCompare::compare(const IdleCutoffResult &a, const IdleCutoffResult &e)
{
    QCOMPARE(a.outcome, e.outcome);
    QCOMPARE(a.drop, e.drop);
    QCOMPARE(a.cutoffMs, e.cutoffMs);
    QCOMPARE(a.lowerMs, e.lowerMs);
    QCOMPARE(a.upperMs, e.upperMs);
    QCOMPARE(a.maxIdleMs, e.maxIdleMs);
    QCOMPARE(a.silenceTimeoutMs, e.silenceTimeoutMs);
    QCOMPARE(a.rounds, e.rounds);
    QCOMPARE(a.elapsedMs, e.elapsedMs);
    QCOMPARE(a.address, e.address);
    COMPARE_PART(a.failure, e.failure);
    QCOMPARE(a.trials.size(), e.trials.size());
    for (qsizetype i = 0; i < e.trials.size(); ++i) {
        QCOMPARE(a.trials[i].targetIdleMs, e.trials[i].targetIdleMs);
        QCOMPARE(a.trials[i].idleMs, e.trials[i].idleMs);
        QCOMPARE(a.trials[i].fate, e.trials[i].fate);
        QCOMPARE(a.trials[i].whileIdle, e.trials[i].whileIdle);
        QCOMPARE(a.trials[i].message, e.trials[i].message);
    }
}

void FeedCompare::compare(const ComparisonUpdate &a, const ComparisonUpdate &e)
{
    QCOMPARE(a.comparison, e.comparison);
    QCOMPARE(a.phase, e.phase);
    QCOMPARE(a.seconds, e.seconds);
    COMPARE_OPTIONALS(a.progress, e.progress);
    QCOMPARE(bool(a.pooled), bool(e.pooled));
    if (e.pooled) {
        COMPARE_PART(a.pooled->report, e.pooled->report);
        QCOMPARE(a.pooled->dials, e.pooled->dials);
    }
    QCOMPARE(bool(a.unpooled), bool(e.unpooled));
    if (e.unpooled) {
        COMPARE_PART(a.unpooled->report, e.unpooled->report);
        QCOMPARE(a.unpooled->dials, e.unpooled->dials);
    }
    QCOMPARE(a.cancelled, e.cancelled);
}

void FeedCompare::compare(const PoolFeed &a, const PoolFeed &e)
{
    QCOMPARE(a.pool, e.pool);
    COMPARE_LISTS(a.events, e.events);
    QCOMPARE(bool(a.snapshot), bool(e.snapshot));
    if (e.snapshot) {
        QCOMPARE(a.snapshot->timeNs, e.snapshot->timeNs);
        COMPARE_LISTS(a.snapshot->connections, e.snapshot->connections);
        COMPARE_PART(a.snapshot->stats, e.snapshot->stats);
    }
    COMPARE_LISTS(a.workload, e.workload);
    QCOMPARE(a.runs.size(), e.runs.size());
    for (qsizetype i = 0; i < e.runs.size(); ++i) {
        QCOMPARE(a.runs[i].run, e.runs[i].run);
        COMPARE_OPTIONALS(a.runs[i].progress, e.runs[i].progress);
        COMPARE_OPTIONALS(a.runs[i].report, e.runs[i].report);
        QCOMPARE(a.runs[i].dials, e.runs[i].dials);
    }
    QCOMPARE(a.config, e.config);
    QCOMPARE(a.removed, e.removed);
    QCOMPARE(a.droppedEvents, e.droppedEvents);
}

void FeedCompare::compare(const SessionFeed &a, const SessionFeed &e)
{
    QCOMPARE(a.sequence, e.sequence);
    QCOMPARE(a.timeNs, e.timeNs);
    COMPARE_LISTS(a.pools, e.pools);
    QCOMPARE(a.lab.settings, e.lab.settings);
    QCOMPARE(a.lab.listening, e.lab.listening);
    QCOMPARE(a.lab.counters, e.lab.counters);
    QCOMPARE(a.lab.errors, e.lab.errors);
    QCOMPARE(a.probe.started, e.probe.started);
    COMPARE_LISTS(a.probe.attempts, e.probe.attempts);
    COMPARE_OPTIONALS(a.probe.finished, e.probe.finished);
    QCOMPARE(a.probe.trials.size(), e.probe.trials.size());
    for (qsizetype i = 0; i < e.probe.trials.size(); ++i)
        QCOMPARE(a.probe.trials[i].toJson(), e.probe.trials[i].toJson());
    QCOMPARE(bool(a.probe.cutoffProgress), bool(e.probe.cutoffProgress));
    if (e.probe.cutoffProgress) {
        QCOMPARE(a.probe.cutoffProgress->percent, e.probe.cutoffProgress->percent);
        QCOMPARE(a.probe.cutoffProgress->text, e.probe.cutoffProgress->text);
    }
    COMPARE_OPTIONALS(a.probe.cutoff, e.probe.cutoff);
    COMPARE_LISTS(a.comparisons, e.comparisons);
    QCOMPARE(a.replies, e.replies);
}

#include "diagnosistext.h"

#include "presentation.h"

#include <cmath>

using namespace Qt::StringLiterals;

QString DiagnosisText::number(double value)
{
    const double magnitude = std::abs(value);
    return QString::number(value, 'f', magnitude < 10 ? (magnitude < 1 ? 2 : 1) : 0);
}

QString DiagnosisText::settingMs(qint64 ms)
{
    if (ms <= 0)
        return tr("off");
    if (ms % 1'000) {
        return ms < 10'000 || ms % 100 ? tr("%1 ms").arg(ms)
                                       : tr("%1 s").arg(double(ms) / 1e3, 0, 'f', 1);
    }
    if (ms < 120'000 || ms % 60'000)
        return tr("%1 s").arg(ms / 1'000);
    return tr("%1 min").arg(ms / 60'000);
}

QString DiagnosisText::queue(int waiting, qint64 oldestWaitNs)
{
    if (waiting <= 0)
        return tr("Nobody waits for a connection.");
    return tr("Waiting for a connection: %1, the oldest for %2.")
        .arg(waiting)
        .arg(Presentation::duration(oldestWaitNs));
}

QString DiagnosisText::exhaustion(const ExhaustionRules::Verdict &v,
                                  const ExhaustionRules::Facts &f)
{
    const QString waits = f.waiting > 0 ? tr("%1 waiting, the oldest for %2")
                                              .arg(f.waiting)
                                              .arg(Presentation::duration(f.oldestWaitNs))
                                        : tr("acquires timed out in the last %1 s: %2")
                                              .arg(f.windowS, 0, 'f', 0)
                                              .arg(f.acquireTimeouts);
    const QString held = Presentation::duration(qint64(v.holdNs));
    switch (v.cause) {
    case ExhaustionRules::Cause::None:
        return {};
    case ExhaustionRules::Cause::PoolTooSmall:
        return tr("Pool too small for the offered load: %1 requests/s × %2 held = %3 connections "
                  "needed, but max connections is %4; %5.")
            .arg(number(v.arrivalPerS), held, number(v.neededConnections))
            .arg(v.maxConnections)
            .arg(waits);
    case ExhaustionRules::Cause::SlowBackend: {
        const QString needed = number(v.neededConnections);
        const QString atUsual = number(v.neededAtUsualHold);
        // The same figure twice would contradict the sentence: then only what is needed now.
        const QString sizing = needed == atUsual
            ? tr("%1 connections are needed (max %2)").arg(needed).arg(v.maxConnections)
            : tr("%1 connections are needed instead of %2 (max %3)")
                  .arg(needed, atUsual)
                  .arg(v.maxConnections);
        return tr("Slow backend: a lease is now held %1, %2 times the usual %3, so %4; %5.")
            .arg(held, number(v.holdNs / f.usualHoldNs),
                 Presentation::duration(qint64(f.usualHoldNs)), sizing, waits);
    }
    case ExhaustionRules::Cause::DialsFailing:
        return tr("Dials failing: only %1 of %2 connections are open and %3 dials failed in the "
                  "last %4 s (%5); %6.")
            .arg(f.open)
            .arg(f.maxConnections)
            .arg(std::max<quint64>(f.dialFailures, quint64(f.consecutiveDialFailures)))
            .arg(f.windowS, 0, 'f', 0)
            .arg(f.lastDialError != DialError::None ? Presentation::dialErrorLabel(f.lastDialError)
                                                    : tr("dial failed"),
                 waits);
    case ExhaustionRules::Cause::LeasesHeldTooLong:
        return tr("Leases held too long: %1 of %2 connections have been out for over %3, while a "
                  "lease usually comes back in %4; %5.")
            .arg(f.longHolders)
            .arg(f.maxConnections)
            .arg(Presentation::duration(ExhaustionRules::longHoldNs(f)),
                 Presentation::duration(qint64(f.usualHoldNs > 0 ? f.usualHoldNs : f.meanHoldNs)),
                 waits);
    }
    return {};
}

QString DiagnosisText::health(const ExhaustionRules::Verdict &v, const ExhaustionRules::Facts &f)
{
    if (v.maxConnections <= 0 || v.holdNs <= 0)
        return tr("No leases came back yet: nothing to size the pool by.");
    const QString needs = tr("the load needs about %1 (%2 % of max connections)")
                              .arg(number(v.neededConnections))
                              .arg(qRound(100 * v.neededConnections / v.maxConnections));
    // Requests that wait now are no time to say all is well.
    if (f.waiting > 0 && f.busyNow) {
        return tr("Every connection busy at the moment, %1 waiting, though on average %2: the "
                  "requests come in bursts.")
            .arg(f.waiting)
            .arg(needs);
    }
    // The peak counts every lease: at a few requests a second a snapshot rarely sees one.
    return tr("No exhaustion: at most %1 of %2 connections in use at once in the last %3 s, "
              "%4.")
        .arg(std::max(f.peakInUse, f.inUse))
        .arg(v.maxConnections)
        .arg(f.windowS, 0, 'f', 0)
        .arg(needs);
}

QString DiagnosisText::sizingFixLabel(const ExhaustionRules::Verdict &v)
{
    if (!v.proposedMaxConnections)
        return {};
    return tr("Set max connections to %1").arg(v.proposedMaxConnections);
}

QString DiagnosisText::littlesLaw(const ExhaustionRules::Verdict &v,
                                  const ExhaustionRules::Facts &f)
{
    if (v.holdNs <= 0)
        return tr("Little's law needs a hold time: no lease has come back yet.");
    QString arrival;
    if (!v.arrivalOffered)
        arrival = tr("observed");
    else if (f.rateCapPerS > 0 && v.arrivalPerS >= f.rateCapPerS)
        arrival = tr("offered: the workload's rate cap");
    else
        arrival = tr("offered: %1 at a time").arg(f.concurrency);
    return tr("Little's law: %1 requests/s (%2) × %3 mean hold = %4 connections needed; max "
              "connections is %5.")
        .arg(number(v.arrivalPerS), arrival, Presentation::duration(qint64(v.holdNs)),
             number(v.neededConnections))
        .arg(v.maxConnections);
}

QString DiagnosisText::warningTitle(const SettingsRules::Warning &w)
{
    switch (w.kind) {
    case SettingsRules::Kind::IdleTimeoutAboveCutoff:
        return tr("Idle timeout %1 is above the server's idle cutoff of %2")
            .arg(settingMs(w.current), settingMs(w.observed));
    case SettingsRules::Kind::MinIdleClosedByServer:
        return tr("Min idle %1: the server keeps closing those connections").arg(w.current);
    case SettingsRules::Kind::LifetimeTooShort:
        return tr("Max lifetime %1 is so short that most closes are lifetime closes")
            .arg(settingMs(w.current));
    case SettingsRules::Kind::AcquireTimeoutBelowHold:
        return tr("Acquire timeout %1 is shorter than the p99 hold time, %2")
            .arg(settingMs(w.current), settingMs(w.observed));
    case SettingsRules::Kind::MaxConnectionsUnused:
        return tr("Max connections %1 is far above the peak in use, %2")
            .arg(w.current)
            .arg(w.observed);
    }
    return {};
}

QString DiagnosisText::warningReason(const SettingsRules::Warning &w)
{
    switch (w.kind) {
    case SettingsRules::Kind::IdleTimeoutAboveCutoff:
        return (w.probed ? tr("The idle-cutoff finder saw idle connections dropped after %1.")
                         : tr("The server closed idle connections after about %1 idle "
                              "(peer closed)."))
                   .arg(settingMs(w.observed))
            + u' '
            + tr("The pool keeps them longer, so it redials them, and a request that reuses one "
                 "as it closes fails. An idle timeout under the cutoff closes them first.");
    case SettingsRules::Kind::MinIdleClosedByServer:
        return tr("Idle connections the server closed after about %1 since the settings "
                  "changed: %2. Connections min idle keeps are exempt from the idle timeout, so "
                  "no idle timeout helps: the pool redials them, and the server closes them "
                  "again.")
            .arg(settingMs(w.among))
            .arg(w.observed);
    case SettingsRules::Kind::LifetimeTooShort:
        return tr("%1 of %2 closes were lifetime closes, %3 redials a second: each makes a "
                  "request wait for a dial. A server's idle cutoff is the idle timeout's job; the "
                  "lifetime guards against moved addresses and server limits, in minutes.")
            .arg(w.observed)
            .arg(w.among)
            .arg(number(w.perS));
    case SettingsRules::Kind::AcquireTimeoutBelowHold:
        return tr("1 lease in 100 is held longer than %1. When every connection is busy a waiter "
                  "needs one to come back, so it gives up after %2 although one would come: "
                  "acquire timeouts that a slightly longer wait avoids.")
            .arg(settingMs(w.observed), settingMs(w.current));
    case SettingsRules::Kind::MaxConnectionsUnused:
        return tr("At most %1 were in use at once while the workload ran. Room for %2 lets a "
                  "slow backend get %2 connections' worth of load instead of a queue, and hides "
                  "a leak until the server's limit: a smaller max shows trouble as waiting.")
            .arg(w.observed)
            .arg(w.current);
    }
    return {};
}

QString DiagnosisText::fixLabel(const SettingsRules::Warning &w)
{
    switch (w.kind) {
    case SettingsRules::Kind::IdleTimeoutAboveCutoff:
        return tr("Set idle timeout to %1").arg(settingMs(w.proposed));
    case SettingsRules::Kind::MinIdleClosedByServer:
        return tr("Set min idle to %1").arg(w.proposed);
    case SettingsRules::Kind::LifetimeTooShort:
        return tr("Set max lifetime to %1").arg(settingMs(w.proposed));
    case SettingsRules::Kind::AcquireTimeoutBelowHold:
        return tr("Set acquire timeout to %1").arg(settingMs(w.proposed));
    case SettingsRules::Kind::MaxConnectionsUnused:
        return tr("Set max connections to %1").arg(w.proposed);
    }
    return {};
}

QString DiagnosisText::errorLabel(RequestError error)
{
    switch (error) {
    case RequestError::None:
        return {};
    case RequestError::AcquireTimeout:
        return tr("acquire timeout");
    case RequestError::PoolExhausted:
        return tr("pool exhausted");
    case RequestError::PoolClosed:
        return tr("pool closed");
    case RequestError::PoolPaused:
        return tr("pool paused");
    case RequestError::HostNotFound:
        return tr("host not found");
    case RequestError::Refused:
        return tr("connection refused");
    case RequestError::ConnectTimeout:
        return tr("connect timeout");
    case RequestError::DialReset:
        return tr("reset while connecting");
    case RequestError::NetworkUnreachable:
        return tr("network unreachable");
    case RequestError::TlsFailure:
        return tr("TLS handshake failed");
    case RequestError::DialFailed:
        return tr("dial failed");
    case RequestError::ClosedBeforeResponse:
        return tr("closed before the response");
    case RequestError::ClosedMidRequest:
        return tr("closed mid-response");
    case RequestError::RequestTimeout:
        return tr("request timeout");
    case RequestError::ProtocolError:
        return tr("protocol error");
    case RequestError::ErrorReply:
        return tr("error reply");
    }
    return {};
}

QString DiagnosisText::failure(const FailureRules::Verdict &v, const FailureRules::Facts &f)
{
    const QString share = tr("%1 of %2 requests in the last %3 s failed")
                              .arg(v.failedInAll)
                              .arg(v.completed)
                              .arg(qRound(f.windowS));
    QString why;
    switch (v.error) {
    case RequestError::ProtocolError:
        why = v.fix == FailureRules::Fix::ChooseProtocol
            ? tr("the server answers in %1, not %2").arg(enumName(v.protocol), enumName(f.protocol))
            : (v.answer == AnswerKind::Tls
                   ? tr("the server answers in TLS")
                   : tr("the answers are not %1").arg(enumName(f.protocol)));
        break;
    case RequestError::RequestTimeout:
        why = tr("no complete response within the %1 request timeout")
                  .arg(settingMs(f.requestTimeoutMs));
        break;
    case RequestError::ErrorReply:
        why = tr("the server answers with errors");
        break;
    case RequestError::ClosedBeforeResponse:
        why = tr("the server closes connections before it answers");
        break;
    case RequestError::ClosedMidRequest:
        why = tr("the server closes connections in the middle of a response");
        break;
    default:
        why = errorLabel(v.error);
        break;
    }
    return tr("Requests fail: %1 (%2: %3).").arg(share, errorLabel(v.error), why);
}

QString DiagnosisText::failureDetail(const FailureRules::Verdict &v)
{
    QString detail
        = v.message.isEmpty() ? QString() : tr("Last %1: %2").arg(errorLabel(v.error), v.message);
    if (v.failed < v.failedInAll)
        detail += u' ' + tr("(%1 of the failures; the rest ended otherwise.)").arg(v.failed);
    return detail.trimmed();
}

QString DiagnosisText::fixLabel(const FailureRules::Verdict &v)
{
    switch (v.fix) {
    case FailureRules::Fix::None:
        return {};
    case FailureRules::Fix::ChooseProtocol:
        return tr("Choose protocol %1").arg(enumName(v.protocol));
    case FailureRules::Fix::UseTls:
        return tr("Use TLS");
    case FailureRules::Fix::LabBlackholeOff:
        return tr("Turn the lab's blackhole off");
    case FailureRules::Fix::LabErrorsOff:
        return tr("Stop the lab's injected errors");
    case FailureRules::Fix::RunProbe:
        return tr("Run probe");
    }
    return {};
}

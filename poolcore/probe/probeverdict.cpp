#include "probeverdict.h"

#include "probestepsummary.h"
#include "specialusename.h"

#include <QHash>
#include <QJsonArray>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

QString protocolName(const ProbeSettings &settings)
{
    return settings.protocol ? enumName(settings.protocol->kind) : u"protocol"_s;
}

QString milliseconds(double ns)
{
    const double ms = ns / 1e6;
    return QString::number(ms, 'f', ms < 10 ? 2 : (ms < 100 ? 1 : 0));
}

// The failure that got furthest over every attempt; among those at the same step the most
// frequent, then the first seen.
std::optional<ProbeStep> mostTelling(const QList<ProbeAttempt> &attempts)
{
    QList<ProbeStep> failures;
    for (const ProbeAttempt &attempt : attempts) {
        for (const ProbeStep &step : attempt.steps) {
            if (!step.ok)
                failures << step;
        }
    }
    if (failures.isEmpty())
        return std::nullopt;
    QHash<int, int> counts;
    for (const ProbeStep &step : failures)
        ++counts[int(step.kind) * 256 + int(step.failure)];
    const auto score = [&counts](const ProbeStep &step) {
        return std::pair(int(step.kind), counts.value(int(step.kind) * 256 + int(step.failure)));
    };
    return *std::max_element(
        failures.begin(), failures.end(),
        [&](const ProbeStep &a, const ProbeStep &b) { return score(a) < score(b); });
}

} // namespace

QJsonObject ProbeVerdict::toJson() const
{
    QJsonObject o{
        {u"status"_s, enumName(status)},
        {u"reachable"_s, reachable()},
        {u"failure"_s, enumName(failure)},
        {u"attempts"_s, attempts},
        {u"succeeded"_s, succeeded},
        {u"sentence"_s, sentence},
        {u"cause"_s, cause},
        {u"next"_s, next},
        {u"notes"_s, QJsonArray::fromStringList(notes)},
    };
    if (failure != ProbeFailure::None) {
        o.insert(u"step"_s, enumName(step));
        o.insert(u"address"_s, address);
        o.insert(u"detail"_s, detail);
    }
    return o;
}

ProbeVerdict ProbeVerdict::explain(ProbeFailure failure, ProbeStep::Kind step,
                                   const ProbeSettings &settings, const ProbeStep *evidence)
{
    ProbeVerdict v;
    v.failure = failure;
    v.step = step;
    v.address = evidence && !evidence->address.isEmpty() ? evidence->address : settings.target();
    v.detail = evidence ? evidence->message : QString();
    const QString &at = v.address;
    const QString &host = settings.host;
    const QString timeout = QString::number(settings.timeoutMs);
    const QString protocol = protocolName(settings);

    switch (failure) {
    case ProbeFailure::None:
        break;
    case ProbeFailure::HostNotFound:
        v.sentence = u"The name %1 could not be resolved to any address."_s.arg(host);
        if (const auto special = SpecialUseName::of(host);
            special && special->addresses.isEmpty()) {
            v.cause = special->message + u'.';
            v.next = SpecialUseName::canBeOverridden(host)
                ? u"Give it an address with --resolve %1:%2:ADDRESS."_s.arg(host).arg(settings.port)
                : u"Use another name: one under .invalid is meant never to resolve."_s;
            break;
        }
        v.cause = u"A typo in the name, a name that exists only in another network (a VPN, a "
                  "cluster's DNS, another machine's hosts file), or no reachable resolver."_s;
        v.next = u"Check the spelling and compare with `getent hosts %1`; to test the server "
                 "without DNS, give its address with --resolve %1:%2:ADDRESS."_s.arg(host)
                     .arg(settings.port);
        break;
    case ProbeFailure::Refused:
        v.sentence = u"Nothing accepts connections on %1: the connection was refused."_s.arg(at);
        v.cause = u"The server is not running, listens on another port, or only on another "
                  "address (127.0.0.1 rather than ::1, say); a firewall that rejects looks the "
                  "same."_s;
        v.next = u"Check that the server runs and where it listens (`ss -ltnp` on its host), "
                 "and the port in the target."_s;
        break;
    case ProbeFailure::TimedOut:
        switch (step) {
        case ProbeStep::Kind::Resolve:
            v.sentence = u"Resolving %1 got no answer within %2 ms."_s.arg(host, timeout);
            v.cause = u"The DNS server is slow or unreachable."_s;
            v.next = u"Check /etc/resolv.conf and try `getent hosts %1`; meanwhile --resolve "
                     "%1:%2:ADDRESS bypasses DNS."_s.arg(host)
                         .arg(settings.port);
            break;
        case ProbeStep::Kind::Connect:
            v.sentence = u"Connecting to %1 got no answer within %2 ms."_s.arg(at, timeout);
            v.cause = u"A firewall or security group that drops packets, a host that is down or "
                      "blackholed, or a server whose accept backlog is full (overloaded, not "
                      "accepting)."_s;
            v.next = u"Check the firewalls and security groups on the path and that the host "
                     "is up; on the server, `ss -ltn` shows the listen queue (Recv-Q) at its "
                     "limit when the backlog is full."_s;
            break;
        case ProbeStep::Kind::Tls:
            v.sentence
                = u"Connected to %1, but the TLS handshake did not finish within %2 ms."_s.arg(
                    at, timeout);
            v.cause = u"The server does not speak TLS on this port and waits for something "
                      "else, or it is hung."_s;
            v.next = u"Check that this port serves TLS; without --tls the probe shows whether "
                     "it answers in plain text."_s;
            break;
        case ProbeStep::Kind::Response:
            v.sentence = u"Connected to %1, but the %2 request got no answer within %3 ms."_s.arg(
                at, protocol, timeout);
            v.cause = u"The server accepts connections but does not answer (hung, blackholed "
                      "or overloaded), or it does not speak %1 and waits for more."_s.arg(protocol);
            v.next = u"Check the server's health and load and that this port serves %1; "
                     "compare with a request by hand (curl, redis-cli, nc)."_s.arg(protocol);
            break;
        }
        break;
    case ProbeFailure::Reset:
        v.sentence = step == ProbeStep::Kind::Response
            ? u"%1 reset the connection (RST) instead of answering."_s.arg(at)
            : u"%1 reset the connection (RST)."_s.arg(at);
        v.cause = u"The server is at its connection limit or crashed, or a firewall, proxy or "
                  "load balancer rejects the connection."_s;
        v.next = u"Look at the server's log and its connection limit, and at any proxy or load "
                 "balancer in front of it."_s;
        break;
    case ProbeFailure::Closed:
        v.sentence = u"%1 accepted the connection and closed it without answering."_s.arg(at);
        v.cause = u"The server rejects this client (a connection limit, access rules) or "
                  "expects something else: TLS, or another protocol."_s;
        v.next = settings.tls ? u"Check the server's log and the --protocol option."_s
                              : u"Check the server's log; if it expects TLS, add --tls."_s;
        break;
    case ProbeFailure::NetworkUnreachable:
        v.sentence = u"There is no route to %1."_s.arg(at);
        v.cause = u"No network or route for that address (often IPv6 on a host without it), a "
                  "VPN that is down, or a router that reports the host unreachable."_s;
        v.next = u"Check `ip route get ADDRESS` and the VPN; if the name also has an IPv4 "
                 "address, use that."_s;
        break;
    case ProbeFailure::TlsUntrusted:
        v.sentence = u"The certificate of %1 is not trusted: it is self-signed or issued by an "
                     "authority this machine does not know."_s.arg(at);
        v.cause = u"A self-signed or internal-CA certificate, or a server that does not send "
                  "its intermediate certificates."_s;
        v.next = u"Trust the issuing CA (--ca-file, or the pool's ca_file) or fix the server's "
                 "certificate chain; --insecure skips the check, for testing only."_s;
        break;
    case ProbeFailure::TlsExpired: {
        const QString expires = evidence && evidence->tls.expires.isValid()
            ? evidence->tls.expires.toUTC().toString(u"yyyy-MM-dd"_s)
            : u"its expiry date"_s;
        v.sentence = u"The certificate of %1 is not valid now: it expires %2 (or is not valid "
                     "yet)."_s.arg(at, expires);
        v.cause = u"A certificate renewal that failed, or a wrong clock on this machine or on "
                  "the server."_s;
        v.next = u"Renew the server's certificate; check the clocks with `date`."_s;
        break;
    }
    case ProbeFailure::TlsNameMismatch:
        v.sentence = u"The certificate of %1 is not issued for %2."_s.arg(at, host);
        v.cause = u"Connecting by an address or alias the certificate does not list, or the "
                  "wrong server answers at this address."_s;
        v.next = u"Connect by a name the certificate lists (its subject alternative names), or "
                 "give the server a certificate for %1."_s.arg(host);
        break;
    case ProbeFailure::TlsFailure:
        v.sentence = u"The TLS handshake with %1 failed."_s.arg(at);
        v.cause = u"The port does not speak TLS, or client and server share no TLS version or "
                  "cipher."_s;
        v.next = u"Check that this port serves TLS; without --tls the probe shows what "
                 "answers."_s;
        break;
    case ProbeFailure::ProtocolError:
        v.sentence = u"Something at %1 answered, but not in %2."_s.arg(at, protocol);
        v.cause = settings.tls
            ? u"Another service listens on this port, or it speaks another protocol."_s
            : u"Another service listens on this port, or it speaks TLS or another protocol."_s;
        v.next = u"Check which service listens there and the --protocol option."_s;
        break;
    case ProbeFailure::Other:
        v.sentence = u"The probe of %1 failed: %2"_s.arg(at, v.detail);
        v.cause = u"An error the probe does not classify."_s;
        v.next = u"Read the message above; probe again with a higher --count to see whether it "
                 "repeats."_s;
        break;
    }
    return v;
}

ProbeVerdict ProbeVerdict::fromDialError(DialError error, const ProbeSettings &settings,
                                         const QString &message)
{
    if (error == DialError::None)
        return {};
    const ProbeFailure failure = probeFailureOf(error);
    ProbeStep::Kind step = ProbeStep::Kind::Connect;
    if (error == DialError::HostNotFound)
        step = ProbeStep::Kind::Resolve;
    else if (error == DialError::TlsFailure)
        step = ProbeStep::Kind::Tls;
    ProbeStep evidence;
    evidence.kind = step;
    evidence.failure = failure;
    evidence.message = message;
    return explain(failure, step, settings, &evidence);
}

ProbeVerdict ProbeVerdict::judge(const ProbeSettings &settings, const QList<ProbeAttempt> &attempts)
{
    const auto telling = mostTelling(attempts);
    ProbeVerdict v
        = telling ? explain(telling->failure, telling->kind, settings, &*telling) : ProbeVerdict();
    v.attempts = int(attempts.size());
    v.succeeded = int(std::count_if(attempts.begin(), attempts.end(),
                                    [](const ProbeAttempt &a) { return a.ok(); }));
    if (v.succeeded == 0) {
        v.status = Status::Unreachable;
        if (!telling) {
            v.sentence = u"No attempt of %1 finished."_s.arg(settings.target());
            v.next = u"Probe again and let at least one attempt finish."_s;
        }
        return v;
    }

    const QList<ProbeStepSummary> summaries = ProbeStepSummary::summarize(attempts);
    QString timing;
    for (const ProbeStepSummary &s : summaries) {
        if (s.kind == ProbeStep::Kind::Resolve || s.succeeded == 0)
            continue;
        if (s.kind == ProbeStep::Kind::Connect && timing.isEmpty())
            timing = u"connect %1 ms"_s.arg(milliseconds(s.meanNs));
        else if (s.kind == ProbeStep::Kind::Tls && !timing.contains(u"TLS"_s))
            timing += u", TLS handshake %1 ms"_s.arg(milliseconds(s.meanNs));
        else if (s.kind == ProbeStep::Kind::Response && !timing.contains(u"response"_s))
            timing += u", first response byte %1 ms"_s.arg(milliseconds(s.meanNs));
    }

    if (v.succeeded == v.attempts) {
        const ProbeFailure seen = v.failure;
        const QString seenAt = v.address;
        v.status = Status::Reachable;
        v.failure = ProbeFailure::None;
        v.sentence = u"%1 is reachable: %2 of %2 attempts succeeded (%3 on average)."_s.arg(
            settings.target(), QString::number(v.attempts), timing);
        v.cause.clear();
        v.next = u"If a pool still fails against it, look at the pool's settings (timeouts, "
                 "limits, idle times) rather than at the network."_s;
        if (seen != ProbeFailure::None) {
            v.notes << u"%1 failed (%2) while another address worked: clients that try it "
                       "first lose time."_s.arg(seenAt, enumName(seen));
        }
    } else {
        v.status = Status::Degraded;
        v.sentence = u"%1 is reachable, but %2 of %3 attempts failed. %4"_s.arg(
            settings.target(), QString::number(v.attempts - v.succeeded),
            QString::number(v.attempts), v.sentence);
    }
    for (const ProbeAttempt &attempt : attempts) {
        for (const ProbeStep &step : attempt.steps) {
            if (step.kind == ProbeStep::Kind::Tls && step.ok
                && step.tls.failure() != ProbeFailure::None) {
                v.notes << u"TLS works only because of --insecure. %1"_s.arg(
                    explain(step.tls.failure(), step.kind, settings, &step).sentence);
                return v;
            }
        }
    }
    return v;
}

#pragma once

#include "loadprogress.h"
#include "protocol.h"

#include <QString>

#include <array>

// When requests fail, how and what would fix it: the rules of the request-failure banner. A
// plain value in, a plain value out. Dial failures have a banner of their own, and requests
// that waited in vain for a connection are the exhaustion diagnosis's.
class FailureRules
{
public:
    enum class Fix : quint8 {
        None,
        ChooseProtocol, // the server answers in another protocol: speak that
        UseTls, // the server answers in TLS
        LabBlackholeOff, // the lab's blackhole swallows every request
        LabErrorsOff, // the lab injects errors
        RunProbe, // a real server that does not answer: the probe tells how far it gets
    };

    struct Facts
    {
        double windowS = 0;
        quint64 completed = 0; // requests that ended in the window
        // Of those, how many failed, and how, for each class the banner speaks for.
        std::array<quint64, LoadProgress::ErrorCount> failedBy{};
        // The latest message and answer seen for each class.
        std::array<QString, LoadProgress::ErrorCount> messages;
        std::array<AnswerKind, LoadProgress::ErrorCount> answers{};
        ProtocolKind protocol = ProtocolKind::Http;
        bool tls = false;
        qint64 requestTimeoutMs = 0;
        bool targetsLab = false;
        bool labBlackhole = false;
        bool labInjectsErrors = false;
    };

    struct Verdict
    {
        RequestError error = RequestError::None; // the commonest class; None: nothing to say
        quint64 failed = 0; // of that class
        quint64 failedInAll = 0; // of every class the banner speaks for
        quint64 completed = 0;
        QString message;
        AnswerKind answer = AnswerKind::Unknown;
        Fix fix = Fix::None;
        ProtocolKind protocol = ProtocolKind::Http; // ChooseProtocol: which

        bool failing() const { return error != RequestError::None; }
        friend bool operator==(const Verdict &, const Verdict &) = default;
    };

    // Whether the banner speaks for requests that ended so.
    static bool covers(RequestError error);
    static Verdict decide(const Facts &facts);

    // Failures worth a banner: this many, and this share of the requests.
    static constexpr quint64 MinFailed = 3;
    static constexpr double MinShare = 0.1;

private:
    static void chooseFix(const Facts &facts, Verdict *verdict);
};

#pragma once

#include "feedreader.h"
#include "idlecutoffresult.h"
#include "probefeed.h"
#include "proberesult.h"

#include <QJsonObject>

// The probes' part of a feed line (FeedCodec): results with every attempt and step, TLS
// details included, and the idle-cutoff finder's result with its trials.
class ProbeCodec
{
public:
    static QJsonObject encode(const ProbeSettings &settings);
    static QJsonObject encode(const ProbeTlsInfo &tls);
    static QJsonObject encode(const ProbeStep &step);
    static QJsonObject encode(const ProbeAttempt &attempt);
    static QJsonObject encode(const ProbeResult &result);
    static QJsonObject encode(const ProbeVerdict &verdict);
    static QJsonObject encode(const IdleCutoffResult::Trial &trial);
    static QJsonObject encode(const IdleCutoffResult &result);
    static QJsonObject encode(const ProbeFeed &feed);

    static ProbeSettings decodeSettings(const FeedReader &in);
    static ProbeTlsInfo decodeTls(const FeedReader &in);
    static ProbeStep decodeStep(const FeedReader &in);
    static ProbeAttempt decodeAttempt(const FeedReader &in);
    static ProbeResult decodeResult(const FeedReader &in);
    static ProbeVerdict decodeVerdict(const FeedReader &in);
    static IdleCutoffResult::Trial decodeTrial(const FeedReader &in);
    static IdleCutoffResult decodeCutoff(const FeedReader &in);
    static ProbeFeed decodeFeed(const FeedReader &in);
};

#pragma once

#include "feedreader.h"
#include "labsettings.h"
#include "loadsettings.h"
#include "poolconfig.h"
#include "poolsettings.h"
#include "protocol.h"

#include <QJsonObject>

// Settings in a feed line (FeedCodec): each value's own JSON (the keys of its toJson, read by
// its fromJson) without the keys that hold their default. A recording ignores keys this
// version does not know, where a settings file refuses them: those are left out before the
// value's reader sees them.
class SettingsCodec
{
public:
    static QJsonObject encode(const Protocol &protocol);
    static QJsonObject encode(const PoolSettings &settings);
    static QJsonObject encode(const LoadSettings &settings);
    // The knobs, and the address and port it listens on.
    static QJsonObject encode(const LabSettings &settings);
    static QJsonObject encode(const PoolConfig &config);

    static Protocol decodeProtocol(const FeedReader &in);
    static PoolSettings decodePoolSettings(const FeedReader &in);
    static LoadSettings decodeLoadSettings(const FeedReader &in);
    static LabSettings decodeLabSettings(const FeedReader &in);
    static PoolConfig decodePoolConfig(const FeedReader &in);
};

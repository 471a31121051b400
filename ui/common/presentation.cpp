#include "presentation.h"

#include <array>

using namespace Qt::StringLiterals;

Presentation::Activity Presentation::activityOf(ConnectionState state)
{
    switch (state) {
    case ConnectionState::Resolving:
    case ConnectionState::Connecting:
    case ConnectionState::TlsHandshake:
        return Activity::Dialing;
    case ConnectionState::Idle:
        return Activity::Idle;
    case ConnectionState::InUse:
        return Activity::InUse;
    case ConnectionState::Closing:
    case ConnectionState::Closed:
        return Activity::Closed;
    }
    return Activity::Closed;
}

QColor Presentation::activityColor(Activity activity)
{
    switch (activity) {
    case Activity::Dialing:
        return QColor(0xE8, 0xA3, 0x3D);
    case Activity::Idle:
        return QColor(0x7F, 0xB2, 0xE5);
    case Activity::InUse:
        return QColor(0x2E, 0x9E, 0x62);
    case Activity::Closed:
        return QColor(0xA3, 0xA9, 0xB0);
    }
    return Qt::gray;
}

QString Presentation::activityLabel(Activity activity)
{
    switch (activity) {
    case Activity::Dialing:
        return tr("dialing");
    case Activity::Idle:
        return tr("idle");
    case Activity::InUse:
        return tr("in use");
    case Activity::Closed:
        return tr("closed");
    }
    return {};
}

QColor Presentation::stateColor(ConnectionState state)
{
    return activityColor(activityOf(state));
}

QString Presentation::stateLabel(ConnectionState state)
{
    switch (state) {
    case ConnectionState::Resolving:
        return tr("resolving");
    case ConnectionState::Connecting:
        return tr("connecting");
    case ConnectionState::TlsHandshake:
        return tr("TLS handshake");
    case ConnectionState::Idle:
        return tr("idle");
    case ConnectionState::InUse:
        return tr("in use");
    case ConnectionState::Closing:
        return tr("closing");
    case ConnectionState::Closed:
        return tr("closed");
    }
    return {};
}

QColor Presentation::waiterColor()
{
    return QColor(0xD9, 0x53, 0x4F);
}

QColor Presentation::closeMarkColor()
{
    return QColor(0xC0, 0x39, 0x2B);
}

QColor Presentation::handshakeColor()
{
    return QColor(0xB9, 0x77, 0x0E);
}

QColor Presentation::reasonColor(EvictionReason reason)
{
    // Reasons that happen together (a restart: peer closed, broken, socket error; settings
    // changes: shrink, address changed) sit far apart in hue and lightness: every pair is at
    // least 30 apart in CIELAB (tst_timelinecharts checks 25; "none" is never drawn), and each
    // reads as text on white.
    static const auto colors = std::to_array<QColor>({
        QColor(0x99, 0x99, 0x99), // none
        QColor(0xAA, 0x77, 0xEE), // idle timeout: lavender
        QColor(0x00, 0x99, 0xEE), // max lifetime: sky blue
        QColor(0xFF, 0x22, 0x55), // peer closed: red
        QColor(0xEE, 0x33, 0xAA), // socket error: magenta
        QColor(0x00, 0x99, 0x88), // keepalive timeout: teal
        QColor(0x99, 0x44, 0x44), // stale check failed: brick
        QColor(0x77, 0x99, 0x00), // unexpected data: olive
        QColor(0x00, 0x00, 0x88), // broken: navy
        QColor(0xCC, 0x66, 0x99), // request timeout: rose
        QColor(0x00, 0xAA, 0x55), // not reusable: green
        QColor(0x7F, 0x7F, 0x7F), // single use: grey
        QColor(0xBB, 0x44, 0x00), // made room: rust
        QColor(0x11, 0x44, 0x00), // shrink: dark green
        QColor(0x66, 0x00, 0x55), // address changed: plum
        QColor(0xBB, 0x00, 0xFF), // TLS changed: violet
        QColor(0x88, 0x66, 0x11), // cleared: bronze
        QColor(0x44, 0x44, 0x66), // shutdown: slate
    });
    static_assert(std::tuple_size_v<decltype(colors)> == size_t(EvictionReason::Shutdown) + 1,
                  "a colour for every eviction reason");
    const auto index = size_t(reason);
    return index < colors.size() ? colors[index] : Qt::gray;
}

QString Presentation::reasonLabel(EvictionReason reason)
{
    switch (reason) {
    case EvictionReason::None:
        return {};
    case EvictionReason::IdleTimeout:
        return tr("idle timeout");
    case EvictionReason::MaxLifetime:
        return tr("max lifetime");
    case EvictionReason::PeerClosed:
        return tr("peer closed");
    case EvictionReason::SocketError:
        return tr("socket error");
    case EvictionReason::KeepAliveTimeout:
        return tr("keepalive timeout");
    case EvictionReason::StaleCheckFailed:
        return tr("stale check failed");
    case EvictionReason::UnexpectedData:
        return tr("unexpected data");
    case EvictionReason::Broken:
        return tr("broken");
    case EvictionReason::RequestTimeout:
        return tr("request timeout");
    case EvictionReason::NotReusable:
        return tr("not reusable");
    case EvictionReason::SingleUse:
        return tr("single use");
    case EvictionReason::MadeRoom:
        return tr("made room");
    case EvictionReason::Shrink:
        return tr("pool shrank");
    case EvictionReason::AddressChanged:
        return tr("address changed");
    case EvictionReason::TlsChanged:
        return tr("TLS changed");
    case EvictionReason::Cleared:
        return tr("flushed");
    case EvictionReason::Shutdown:
        return tr("shutdown");
    }
    return {};
}

QString Presentation::dialErrorLabel(DialError error)
{
    switch (error) {
    case DialError::None:
        return {};
    case DialError::HostNotFound:
        return tr("host not found");
    case DialError::Refused:
        return tr("connection refused");
    case DialError::TimedOut:
        return tr("connect timed out");
    case DialError::Reset:
        return tr("reset while connecting");
    case DialError::NetworkUnreachable:
        return tr("network unreachable");
    case DialError::TlsFailure:
        return tr("TLS handshake failed");
    case DialError::Other:
        return tr("dial failed");
    }
    return {};
}

QString Presentation::kindLabel(EventKind kind)
{
    switch (kind) {
    case EventKind::DialStarted:
        return tr("dial started");
    case EventKind::DialSucceeded:
        return tr("dial succeeded");
    case EventKind::DialFailed:
        return tr("dial failed");
    case EventKind::Acquired:
        return tr("acquired");
    case EventKind::Released:
        return tr("released");
    case EventKind::Evicted:
        return tr("evicted");
    case EventKind::WaiterQueued:
        return tr("waiter queued");
    case EventKind::WaiterTimedOut:
        return tr("waiter timed out");
    case EventKind::WaiterCancelled:
        return tr("waiter cancelled");
    case EventKind::WaiterFailed:
        return tr("waiter failed");
    case EventKind::Resolved:
        return tr("resolved");
    case EventKind::Cleared:
        return tr("flushed");
    case EventKind::SettingsChanged:
        return tr("settings changed");
    case EventKind::Misuse:
        return tr("misuse");
    case EventKind::AcquireStarted:
        return tr("acquire started");
    case EventKind::PoolCreated:
        return tr("pool created");
    case EventKind::PoolReady:
        return tr("pool ready");
    case EventKind::PoolPaused:
        return tr("pool paused");
    case EventKind::PoolClosed:
        return tr("pool closed");
    }
    return {};
}

QString Presentation::duration(qint64 ns)
{
    if (ns < 0)
        return {};
    if (ns < 1'000)
        return tr("%1 ns").arg(ns);
    if (ns < 1'000'000)
        return tr("%1 µs").arg(double(ns) / 1e3, 0, 'f', ns < 100'000 ? 1 : 0);
    if (ns < 1'000'000'000)
        return milliseconds(double(ns) / 1e6);
    const double seconds = double(ns) / 1e9;
    if (seconds < 60)
        return tr("%1 s").arg(seconds, 0, 'f', 1);
    const qint64 whole = qint64(seconds);
    if (whole < 3600)
        return tr("%1 min %2 s").arg(whole / 60).arg(whole % 60, 2, 10, QChar(u'0'));
    return tr("%1 h %2 min").arg(whole / 3600).arg((whole / 60) % 60, 2, 10, QChar(u'0'));
}

QString Presentation::milliseconds(double ms)
{
    const int decimals = ms < 10 ? 2 : (ms < 100 ? 1 : 0);
    return tr("%1 ms").arg(ms, 0, 'f', decimals);
}

QString Presentation::bytes(qint64 bytes)
{
    if (bytes < 0)
        return {};
    if (bytes < 1024)
        return tr("%1 B").arg(bytes);
    if (bytes < 1024 * 1024)
        return tr("%1 KiB").arg(double(bytes) / 1024.0, 0, 'f', 1);
    if (bytes < qint64(1024) * 1024 * 1024)
        return tr("%1 MiB").arg(double(bytes) / (1024.0 * 1024.0), 0, 'f', 1);
    return tr("%1 GiB").arg(double(bytes) / (1024.0 * 1024.0 * 1024.0), 0, 'f', 2);
}

QString Presentation::sessionTime(qint64 timeNs, qint64 epochNs)
{
    return tr("%1 s").arg(double(timeNs - epochNs) / 1e9, 0, 'f', 3);
}

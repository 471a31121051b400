#pragma once

#include "connectioninfo.h"
#include "poolevent.h"

#include <QColor>
#include <QCoreApplication>
#include <QString>

// How the window shows poolcore's raw values: the colours, words and number formats every view
// shares, so a state has one colour and a reason one name wherever it appears.
class Presentation
{
    Q_DECLARE_TR_FUNCTIONS(Presentation)
public:
    // What a lane or a table row can be doing; the connection states collapse onto these.
    enum class Activity : quint8 { Dialing, Idle, InUse, Closed };

    static Activity activityOf(ConnectionState state);
    static QColor activityColor(Activity activity);
    static QString activityLabel(Activity activity);
    static QColor stateColor(ConnectionState state);
    static QString stateLabel(ConnectionState state);

    static QColor waiterColor();
    static QColor closeMarkColor();
    static QColor handshakeColor(); // the simulated handshake, drawn over the first request
    static QColor reasonColor(EvictionReason reason);

    static QString reasonLabel(EvictionReason reason);
    static QString dialErrorLabel(DialError error);
    static QString kindLabel(EventKind kind);

    // "850 ns", "12.4 µs", "3.21 ms", "4.5 s", "2 min 05 s".
    static QString duration(qint64 ns);
    static QString milliseconds(double ms);
    // "512 B", "3.4 KiB", "12.0 MiB".
    static QString bytes(qint64 bytes);
    // Seconds since the session began, "83.412 s", for event times.
    static QString sessionTime(qint64 timeNs, qint64 epochNs);
};

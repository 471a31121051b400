#pragma once

#include "requestrecord.h"

#include <QColor>
#include <QCoreApplication>
#include <QMetaType>
#include <QString>

#include <array>

// One request's time in the parts a browser's developer tools show, in the order they
// happened, with the lab's setup delay told apart from the wait for the first byte where the
// lab's configuration says it must have been there. The client cannot measure that delay: the
// lab holds a new connection's first answer, which the client sees only as a late first byte.
class RequestPhases
{
    Q_DECLARE_TR_FUNCTIONS(RequestPhases)
public:
    enum Phase { StaleAttempt, Queue, Resolve, Connect, Tls, LabSetup, Waiting, Transfer, Count };

    // labSetupNs: the lab's configured setup delay (0 when the target is not the lab). It
    // counts from the lab's accept, so what of it was left when the request was written
    // (a TLS handshake and time spent idle take from it) is carved out of the first byte, on
    // the first request on each connection.
    static RequestPhases of(const RequestRecord &record, qint64 labSetupNs);

    qint64 ns(Phase phase) const { return m_ns[size_t(phase)]; }
    qint64 totalNs() const;

    static QString name(Phase phase);
    static QString description(Phase phase);
    static QColor color(Phase phase);
    static Qt::BrushStyle style(Phase phase);
    // "closed before response", for a result column.
    static QString errorText(RequestError error);

private:
    std::array<qint64, Count> m_ns{};
};

Q_DECLARE_METATYPE(RequestPhases)

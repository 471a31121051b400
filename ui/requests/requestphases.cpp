#include "requestphases.h"

#include "presentation.h"

#include <numeric>

RequestPhases RequestPhases::of(const RequestRecord &record, qint64 labSetupNs)
{
    RequestPhases phases;
    phases.m_ns[StaleAttempt] = record.staleAttemptNs;
    phases.m_ns[Queue] = record.queueNs;
    phases.m_ns[Resolve] = record.dial.resolveNs;
    phases.m_ns[Connect] = record.dial.connectNs;
    phases.m_ns[Tls] = record.dial.tlsNs;
    qint64 setupNs = 0;
    if (labSetupNs > 0 && record.connectionUse == 1)
        setupNs = std::clamp<qint64>(labSetupNs - record.sinceConnectNs, 0, record.firstByteNs);
    phases.m_ns[LabSetup] = setupNs;
    phases.m_ns[Waiting] = record.firstByteNs - setupNs;
    phases.m_ns[Transfer] = record.transferNs;
    return phases;
}

qint64 RequestPhases::totalNs() const
{
    return std::accumulate(m_ns.begin(), m_ns.end(), qint64(0));
}

QString RequestPhases::name(Phase phase)
{
    switch (phase) {
    case StaleAttempt:
        return tr("Stale try");
    case Queue:
        return tr("Queue");
    case Resolve:
        return tr("DNS");
    case Connect:
        return tr("Connect");
    case Tls:
        return tr("TLS");
    case LabSetup:
        return tr("Lab setup*");
    case Waiting:
        return tr("Waiting (TTFB)");
    case Transfer:
        return tr("Transfer");
    case Count:
        break;
    }
    return {};
}

QString RequestPhases::description(Phase phase)
{
    switch (phase) {
    case StaleAttempt:
        return tr("The try on a reused connection that turned out closed before any response "
                  "byte; the request was sent again on a new connection.");
    case Queue:
        return tr("Waiting for a connection: for one that someone else held, or for the pool's "
                  "turn, apart from a dial.");
    case Resolve:
        return tr("Looking the target's name up, for a new connection. 0 for an address, or "
                  "while the pool knows the name's addresses (it looks again on its DNS refresh "
                  "schedule).");
    case Connect:
        return tr("The TCP handshake of a new connection.");
    case Tls:
        return tr("The TLS handshake of a new connection.");
    case LabSetup:
        return tr("Not measured: the lab's configured setup delay, inferred. The lab holds a "
                  "new connection's first answer for it, counted from its accept, so the "
                  "client sees it only as a late first byte. Shown on the first request on "
                  "each connection, for the part still ahead when the request was written (the "
                  "TLS handshake and time spent idle take from it). A real server's setup cost "
                  "is in Waiting.");
    case Waiting:
        return tr("From writing the request to the first byte of the response: the network "
                  "and the server's work (time to first byte).");
    case Transfer:
        return tr("From the first response byte to the last.");
    case Count:
        break;
    }
    return {};
}

QColor RequestPhases::color(Phase phase)
{
    switch (phase) {
    case StaleAttempt:
        return QColor(0xD9, 0x30, 0x25);
    case Queue:
        return QColor(0x9A, 0xA0, 0xA6);
    case Resolve:
        return QColor(0x12, 0x9E, 0xAF);
    case Connect:
        return QColor(0xE3, 0x74, 0x00);
    case Tls:
        return QColor(0x93, 0x34, 0xE6);
    case LabSetup:
        return Presentation::handshakeColor();
    case Waiting:
        return QColor(0x1E, 0x8E, 0x3E);
    case Transfer:
        return QColor(0x1A, 0x73, 0xE8);
    case Count:
        break;
    }
    return {};
}

Qt::BrushStyle RequestPhases::style(Phase phase)
{
    // Hatched, as in the lanes: simulated, and inferred rather than measured.
    return phase == LabSetup ? Qt::BDiagPattern : Qt::SolidPattern;
}

QString RequestPhases::errorText(RequestError error)
{
    return error == RequestError::None ? tr("ok") : enumName(error).replace(u'_', u' ');
}

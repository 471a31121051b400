#pragma once

#include <QtGlobal>

#include <algorithm>
#include <initializer_list>

// Where a dial's time went, as a browser's developer tools split it. Nanoseconds.
struct DialTiming
{
    qint64 resolveNs = 0; // waiting for the target's addresses (a name lookup, when one ran)
    qint64 connectNs = 0; // the TCP handshake
    qint64 tlsNs = 0; // the TLS handshake; 0 without TLS

    qint64 totalNs() const { return resolveNs + connectNs + tlsNs; }
    // The last limitNs of it: what someone who began waiting partway through the dial saw.
    DialTiming lastPart(qint64 limitNs) const
    {
        DialTiming part = *this;
        qint64 excess = totalNs() - std::max<qint64>(limitNs, 0);
        for (qint64 *phase : {&part.resolveNs, &part.connectNs, &part.tlsNs}) {
            const qint64 cut = std::clamp<qint64>(excess, 0, *phase);
            *phase -= cut;
            excess -= cut;
        }
        return part;
    }

    friend bool operator==(const DialTiming &, const DialTiming &) = default;
};

#pragma once

#include <QString>
#include <QtGlobal>

// Where the lanes' time axis puts its ticks and what it writes under them: round session times
// (seconds since the session began), about every 90 pixels, from 1 ms apart up to an hour.
class LaneTicks
{
public:
    LaneTicks(qint64 epochNs, qint64 spanNs, int widthPx);

    qint64 stepNs() const { return m_stepNs; }
    // The first tick at or after t0 (an absolute time), in session time.
    qint64 firstAtOrAfter(qint64 t0) const;
    qint64 epochNs() const { return m_epochNs; }
    // "12.5 s", or "2:05" once a minute has passed and the ticks are whole seconds.
    QString label(qint64 sessionNs) const;

private:
    qint64 m_epochNs;
    qint64 m_stepNs;
};

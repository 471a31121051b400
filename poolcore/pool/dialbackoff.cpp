#include "dialbackoff.h"

#include <algorithm>

void DialBackoff::recordFailure(qint64 nowNs, DialError error, const QString &message,
                                qint64 initialNs, qint64 maxNs)
{
    if (m_consecutiveFailures == 0 && nowNs >= m_stepKeptUntilNs)
        m_stepNs = 0;
    ++m_consecutiveFailures;
    m_lastError = error;
    m_lastMessage = message;
    if (initialNs <= 0)
        return;
    m_stepNs = m_stepNs ? std::min(2 * m_stepNs, maxNs) : initialNs;
    m_untilNs = nowNs + m_stepNs;
}

void DialBackoff::recordSuccess(qint64 nowNs, qint64 keepStepNs)
{
    m_consecutiveFailures = 0;
    m_untilNs = 0;
    m_stepKeptUntilNs = nowNs + keepStepNs;
}

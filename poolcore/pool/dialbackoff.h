#pragma once

#include "dialerror.h"

#include <QString>

// The pool's dial back-off, all in one place: after a failed dial no dial starts before
// untilNs(), the wait doubling from the initial step up to the maximum, and the pool dials one
// at a time until a dial succeeds. A connection the server closes right after its dial counts
// as a failed dial too; so that such a server cannot reset the wait with every accept, a success
// keeps the step for a while, and a failure within it doubles the step instead of starting over.
class DialBackoff
{
public:
    // initialNs 0: no waiting between failed dials.
    void recordFailure(qint64 nowNs, DialError error, const QString &message, qint64 initialNs,
                       qint64 maxNs);
    // The step starts over only at a failure more than keepStepNs after this success.
    void recordSuccess(qint64 nowNs, qint64 keepStepNs);

    bool isFailing() const { return m_consecutiveFailures > 0; }
    int consecutiveFailures() const { return m_consecutiveFailures; }
    qint64 stepNs() const { return m_stepNs; }
    qint64 untilNs() const { return m_untilNs; }
    DialError lastError() const { return m_lastError; }
    const QString &lastMessage() const { return m_lastMessage; }

private:
    int m_consecutiveFailures = 0;
    qint64 m_stepNs = 0;
    qint64 m_untilNs = 0;
    qint64 m_stepKeptUntilNs = 0;
    DialError m_lastError = DialError::None;
    QString m_lastMessage;
};

#pragma once

#include "banner.h"
#include "poolevent.h"
#include "poolsettings.h"

// The banner for when the pool's dials fail: the same plain sentence a probe would give for
// that classification, the likely cause, and a button that asks for a probe. Hidden until
// showFailure().
class DialFailureBanner : public Banner
{
    Q_OBJECT
public:
    explicit DialFailureBanner(QWidget *parent = nullptr);

    // error and message as the pool reports them (PoolStats::lastDialError and
    // lastDialMessage); settings say which target failed; labDown: the target is the embedded
    // lab, and it does not listen. DialError::None hides the banner.
    void showFailure(DialError error, const QString &message, const PoolSettings &settings,
                     bool labDown = false);
    void dismiss();

    DialError error() const { return m_error; }

Q_SIGNALS:
    void probeRequested();

private:
    DialError m_error = DialError::None;
};

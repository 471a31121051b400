#include "dialfailurebanner.h"

#include "probeverdict.h"

#include <QPushButton>

using namespace Qt::StringLiterals;

DialFailureBanner::DialFailureBanner(QWidget *parent)
    : Banner(u"dialFailureBanner"_s, Tone::Error, parent)
{
    QPushButton *probe = addButton(u"runProbeButton"_s, tr("Run probe"));
    probe->show();
    connect(probe, &QPushButton::clicked, this, &DialFailureBanner::probeRequested);
    connect(this, &Banner::dismissed, this, [this] { m_error = DialError::None; });
}

void DialFailureBanner::showFailure(DialError error, const QString &message,
                                    const PoolSettings &settings, bool labDown)
{
    if (error == DialError::None) {
        dismiss();
        return;
    }
    m_error = error;
    if (labDown) {
        // The cause is known: not a server that is not running, but the lab between its stop
        // and its start (a restart, with its down time).
        say(tr("The embedded lab is not listening (restarting): the pool's dials fail until "
               "it is back, then it dials again on its own."),
            tr("Detail: %1").arg(message));
        return;
    }
    const ProbeVerdict verdict
        = ProbeVerdict::fromDialError(error, ProbeSettings::fromPoolSettings(settings), message);
    say(tr("The pool cannot open connections. %1").arg(verdict.sentence),
        tr("Likely cause: %1\nDetail: %2").arg(verdict.cause, message));
}

void DialFailureBanner::dismiss()
{
    m_error = DialError::None;
    clear();
}

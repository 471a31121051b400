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
                                    const PoolSettings &settings)
{
    if (error == DialError::None) {
        dismiss();
        return;
    }
    m_error = error;
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

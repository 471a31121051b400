#include "chartmarker.h"

#include "presentation.h"

QColor ChartMarker::color() const
{
    switch (kind) {
    case Kind::LabDown:
        return QColor(0x55, 0x5B, 0x63);
    case Kind::Flush:
        return Presentation::reasonColor(EvictionReason::Cleared);
    case Kind::Settings:
        return QColor(0x1F, 0x5F, 0xA8);
    case Kind::Comparison:
        return QColor(0x2E, 0x7D, 0x6B);
    }
    return Qt::gray;
}

QString ChartMarker::label() const
{
    switch (kind) {
    case Kind::LabDown:
        return tr("lab restart");
    case Kind::Flush:
        return tr("flush");
    case Kind::Settings:
        return tr("settings");
    case Kind::Comparison:
        return tr("comparison");
    }
    return {};
}

QString ChartMarker::description() const
{
    switch (kind) {
    case Kind::LabDown:
        return std::isnan(endX) ? tr("lab restarted, not listening yet")
                                : tr("lab not listening for %1 s").arg(endX - x, 0, 'f', 1);
    case Kind::Flush:
        return detail.isEmpty() ? tr("pool flushed") : tr("pool flushed: %1").arg(detail);
    case Kind::Settings:
        return detail.isEmpty() ? tr("settings changed") : tr("settings changed: %1").arg(detail);
    case Kind::Comparison:
        // Its requests are in the Compare tab, not in these charts.
        return std::isnan(endX)
            ? tr("comparison running: the workload waits, its charts pause")
            : tr("comparison for %1 s: the workload waited (results in Compare)")
                  .arg(endX - x, 0, 'f', 0);
    }
    return {};
}

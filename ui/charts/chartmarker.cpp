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
    }
    return {};
}

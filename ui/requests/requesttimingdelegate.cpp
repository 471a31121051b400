#include "requesttimingdelegate.h"

#include "requestlistmodel.h"

#include <QPainter>

void RequestTimingDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                  const QModelIndex &index) const
{
    QStyledItemDelegate::paint(painter, option, index);
    const auto phases = index.data(RequestListModel::PhasesRole).value<RequestPhases>();
    const qint64 scale = index.data(RequestListModel::ScaleRole).toLongLong();
    if (scale <= 0)
        return;
    const QRectF area = QRectF(option.rect).adjusted(4, 3, -4, -3);
    const double perNs = area.width() / double(scale);
    double x = area.left();
    painter->save();
    painter->setPen(Qt::NoPen);
    for (int p = 0; p < RequestPhases::Count; ++p) {
        const auto phase = RequestPhases::Phase(p);
        const qint64 ns = phases.ns(phase);
        if (ns <= 0)
            continue;
        // Each part at least a pixel: a short TLS handshake still shows that there was one.
        const double width = std::max(1.0, double(ns) * perNs);
        const QRectF part(x, area.top(), std::min(width, area.right() - x), area.height());
        if (RequestPhases::style(phase) != Qt::SolidPattern)
            painter->fillRect(part, RequestPhases::color(phase).lighter(170));
        painter->fillRect(part, QBrush(RequestPhases::color(phase), RequestPhases::style(phase)));
        x += width;
        if (x >= area.right())
            break;
    }
    painter->restore();
}

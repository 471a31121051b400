#include "legend.h"

#include <QPainter>

namespace {

constexpr int Swatch = 12;
constexpr int Gap = 4;
constexpr int Spacing = 12;

} // namespace

Legend::Legend(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

void Legend::addSwatch(const QColor &color, const QString &text, Qt::BrushStyle style,
                       const QColor &background)
{
    m_items.append({color, background, text, style, false});
    updateGeometry();
    update();
}

void Legend::addMark(const QColor &color, const QString &text)
{
    m_items.append({color, {}, text, Qt::SolidPattern, true});
    updateGeometry();
    update();
}

int Legend::itemWidth(const Item &item) const
{
    return Swatch + Gap + fontMetrics().horizontalAdvance(item.text);
}

QSize Legend::sizeHint() const
{
    int width = 0;
    for (const Item &item : m_items)
        width += itemWidth(item) + Spacing;
    return QSize(width, std::max(Swatch, fontMetrics().height()) + 4);
}

QSize Legend::minimumSizeHint() const
{
    return QSize(0, sizeHint().height());
}

void Legend::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    int x = 0;
    const int y = (height() - Swatch) / 2;
    for (const Item &item : m_items) {
        const int width = itemWidth(item);
        // Keys that do not fit are left out whole rather than cut.
        if (x + width > this->width())
            break;
        const QRect swatch(x, y, Swatch, Swatch);
        if (item.mark) {
            painter.fillRect(QRect(x + Swatch / 2 - 1, y - 1, 3, Swatch + 2), item.color);
        } else {
            if (item.background.isValid())
                painter.fillRect(swatch, item.background);
            painter.fillRect(swatch, QBrush(item.color, item.style));
            painter.setPen(item.color.darker(130));
            painter.drawRect(swatch.adjusted(0, 0, -1, -1));
        }
        painter.setPen(palette().text().color());
        painter.drawText(QRect(x + Swatch + Gap, 0, width, height()), Qt::AlignVCenter, item.text);
        x += width + Spacing;
    }
}

#include "legend.h"

#include <QPainter>

namespace {

constexpr int Swatch = 12;
constexpr int LineSample = 18;
constexpr int Gap = 4;
constexpr int Spacing = 8;
constexpr int RowGap = 2;

} // namespace

Legend::Legend(QWidget *parent)
    : QWidget(parent)
{
    // Not Fixed: a layout would then hold the legend to one row's height.
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

int Legend::add(const Item &item)
{
    m_items.append(item);
    changed();
    return int(m_items.size()) - 1;
}

int Legend::addSwatch(const QColor &color, const QString &text, Qt::BrushStyle style,
                      const QColor &background)
{
    Item item;
    item.color = color;
    item.background = background;
    item.text = text;
    item.brush = style;
    return add(item);
}

int Legend::addMark(const QColor &color, const QString &text)
{
    Item item;
    item.shape = Shape::Mark;
    item.color = color;
    item.text = text;
    return add(item);
}

int Legend::addLine(const QColor &color, const QString &text, Qt::PenStyle style)
{
    Item item;
    item.shape = Shape::Line;
    item.color = color;
    item.text = text;
    item.pen = style;
    return add(item);
}

void Legend::setText(int key, const QString &text)
{
    if (m_items[key].text == text)
        return;
    m_items[key].text = text;
    changed();
}

void Legend::setShown(int key, bool shown)
{
    if (m_items[key].shown == shown)
        return;
    m_items[key].shown = shown;
    changed();
}

void Legend::setValue(int key, const QString &value)
{
    if (m_items[key].value == value)
        return;
    m_items[key].value = value;
    changed();
}

void Legend::changed()
{
    updateGeometry();
    update();
}

QFont Legend::valueFont() const
{
    QFont bold = font();
    bold.setBold(true);
    return bold;
}

int Legend::itemWidth(const Item &item) const
{
    const int key = item.shape == Shape::Line ? LineSample : Swatch;
    int width = key + Gap + fontMetrics().horizontalAdvance(item.text);
    if (!item.value.isEmpty())
        width += QFontMetrics(valueFont()).horizontalAdvance(QLatin1Char(' ') + item.value);
    return width;
}

int Legend::rowHeight() const
{
    return std::max(Swatch, fontMetrics().height()) + RowGap;
}

QList<QRect> Legend::layout(int width) const
{
    QList<QRect> rects;
    rects.reserve(m_items.size());
    int x = 0;
    int y = 0;
    const int row = rowHeight();
    for (const Item &item : m_items) {
        if (!item.shown) {
            rects.append(QRect());
            continue;
        }
        const int itemW = itemWidth(item);
        if (x > 0 && x + itemW > width) {
            x = 0;
            y += row;
        }
        rects.append(QRect(x, y, itemW, row));
        x += itemW + Spacing;
    }
    return rects;
}

QRect Legend::keyRect(int key) const
{
    return layout(width()).value(key);
}

int Legend::heightForWidth(int width) const
{
    int bottom = 0;
    for (const QRect &rect : layout(width)) {
        if (!rect.isNull())
            bottom = std::max(bottom, rect.bottom() + 1);
    }
    return bottom;
}

QSize Legend::sizeHint() const
{
    int width = 0;
    for (const Item &item : m_items) {
        if (item.shown)
            width += itemWidth(item) + Spacing;
    }
    return QSize(width, rowHeight());
}

QSize Legend::minimumSizeHint() const
{
    // As narrow as the widest key: narrower would cut its words.
    int widest = 0;
    for (const Item &item : m_items) {
        if (item.shown)
            widest = std::max(widest, itemWidth(item));
    }
    return QSize(widest, rowHeight());
}

void Legend::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const QList<QRect> rects = layout(width());
    for (qsizetype i = 0; i < m_items.size(); ++i) {
        if (rects[i].isNull())
            continue;
        const Item &item = m_items[i];
        const QRect &rect = rects[i];
        paintKey(painter, item, rect);
        const int keyWidth = item.shape == Shape::Line ? LineSample : Swatch;
        painter.setPen(palette().text().color());
        const QRect words = rect.adjusted(keyWidth + Gap, 0, 0, 0);
        painter.drawText(words, Qt::AlignVCenter | Qt::AlignLeft, item.text);
        if (!item.value.isEmpty()) {
            painter.setFont(valueFont());
            painter.drawText(words.adjusted(fontMetrics().horizontalAdvance(item.text), 0, 0, 0),
                             Qt::AlignVCenter | Qt::AlignLeft, QLatin1Char(' ') + item.value);
            painter.setFont(font());
        }
    }
}

void Legend::paintKey(QPainter &painter, const Item &item, const QRect &rect) const
{
    const int top = rect.top() + (rect.height() - Swatch) / 2;
    const QRect swatch(rect.left(), top, Swatch, Swatch);
    switch (item.shape) {
    case Shape::Mark:
        painter.fillRect(QRect(swatch.left() + Swatch / 2 - 1, top - 1, 3, Swatch + 2), item.color);
        break;
    case Shape::Line: {
        painter.save();
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(QPen(item.color, 2, item.pen, Qt::FlatCap));
        const int y = rect.top() + rect.height() / 2;
        painter.drawLine(rect.left(), y, rect.left() + LineSample, y);
        painter.restore();
        break;
    }
    case Shape::Swatch:
        if (item.background.isValid())
            painter.fillRect(swatch, item.background);
        painter.fillRect(swatch, QBrush(item.color, item.brush));
        painter.setPen(item.color.darker(130));
        painter.drawRect(swatch.adjusted(0, 0, -1, -1));
        break;
    }
}

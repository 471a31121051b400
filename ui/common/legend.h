#pragma once

#include <QColor>
#include <QList>
#include <QRect>
#include <QWidget>

// Colour keys, each with its words: a swatch (solid or hatched), a thin mark or a line sample,
// and optionally a value after the words (a chart's reading at its crosshair). Keys that do not
// fit in one row wrap into more rows (the legend asks its layout for the height it needs), so a
// key's words are never cut or left out.
class Legend : public QWidget
{
    Q_OBJECT
public:
    explicit Legend(QWidget *parent = nullptr);

    // Each returns the key's number for setText() and setShown().
    int addSwatch(const QColor &color, const QString &text, Qt::BrushStyle style = Qt::SolidPattern,
                  const QColor &background = {});
    int addMark(const QColor &color, const QString &text);
    int addLine(const QColor &color, const QString &text, Qt::PenStyle style = Qt::SolidLine);
    void setText(int key, const QString &text);
    // Shown in bold after the words; empty for none.
    void setValue(int key, const QString &value);
    // A key not shown takes no room.
    void setShown(int key, bool shown);

    int count() const { return int(m_items.size()); }
    QString text(int key) const { return m_items[key].text; }
    QString value(int key) const { return m_items[key].value; }
    bool isShown(int key) const { return m_items[key].shown; }
    // Where the key and its words are drawn at the current width; empty when not shown.
    QRect keyRect(int key) const;

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    enum class Shape : quint8 { Swatch, Mark, Line };
    struct Item
    {
        Shape shape = Shape::Swatch;
        QColor color;
        QColor background;
        QString text;
        QString value;
        Qt::BrushStyle brush = Qt::SolidPattern;
        Qt::PenStyle pen = Qt::SolidLine;
        bool shown = true;
    };
    int add(const Item &item);
    void changed();
    int itemWidth(const Item &item) const;
    QFont valueFont() const;
    int rowHeight() const;
    // Each key's place when the legend is width wide; empty rectangles for keys not shown.
    QList<QRect> layout(int width) const;
    void paintKey(QPainter &painter, const Item &item, const QRect &key) const;

    QList<Item> m_items;
};

#pragma once

#include <QColor>
#include <QList>
#include <QWidget>

// A row of colour keys: a swatch (solid or hatched) or a thin mark, each with its words.
class Legend : public QWidget
{
    Q_OBJECT
public:
    explicit Legend(QWidget *parent = nullptr);

    void addSwatch(const QColor &color, const QString &text,
                   Qt::BrushStyle style = Qt::SolidPattern, const QColor &background = {});
    void addMark(const QColor &color, const QString &text);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    struct Item
    {
        QColor color;
        QColor background;
        QString text;
        Qt::BrushStyle style = Qt::SolidPattern;
        bool mark = false;
    };
    int itemWidth(const Item &item) const;

    QList<Item> m_items;
};

#pragma once

#include <QStyledItemDelegate>

// Draws a request's timing as one bar of coloured parts (RequestListModel::PhasesRole), every
// row on the same scale (ScaleRole), so a request that dialed reads as longer at a glance.
class RequestTimingDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
};

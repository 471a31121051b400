#pragma once

#include <QHash>
#include <QIcon>
#include <QIdentityProxyModel>

// What the connection table shows: ConnectionModel's raw values as text, state colours, closed
// rows greyed, translated headers and tooltips that say what a column means. Any model with
// ConnectionModel's columns and roles can be its source (a sorting proxy, typically).
class ConnectionPresentationModel : public QIdentityProxyModel
{
    Q_OBJECT
public:
    explicit ConnectionPresentationModel(QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    // The state's colour as an icon, made once per colour: a colour as the decoration makes the
    // view paint a new pixmap each time, and each new one takes a place in Qt's pixmap cache
    // until that is full (10 MB).
    QIcon swatch(const QColor &color) const;

    mutable QHash<QRgb, QIcon> m_swatches;
};

#pragma once

#include <QColor>
#include <QCoreApplication>
#include <QString>

#include <cmath>

// Something that happened to the whole pool or its backend, drawn across every timeline at its
// time: a lab restart (shaded while the lab did not listen), a flush, a settings change.
struct ChartMarker
{
    Q_DECLARE_TR_FUNCTIONS(ChartMarker)
public:
    enum class Kind : quint8 { LabDown, Flush, Settings, Comparison };

    Kind kind = Kind::Flush;
    double x = 0; // seconds since the session began
    double endX = NAN; // a span's end: the lab listening again, the comparison over; NaN till then
    QString detail; // what changed, for the crosshair's readout

    bool isSpan() const { return kind == Kind::LabDown || kind == Kind::Comparison; }
    QColor color() const;
    // The short word written at the top of its line.
    QString label() const;
    // One line for the crosshair's readout: "settings changed: max_connections".
    QString description() const;
};

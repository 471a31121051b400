#pragma once

#include "connectionledger.h"

#include <QImage>

#include <vector>

// The lane area as one opaque image, written row by row and copied to the screen without
// blending: each lane's bar rendered per pixel column, the colours of what happened in a column
// mixed by how much of it each covered.
class LaneImage
{
public:
    // Keeps the pixels when the size stays.
    void resize(const QSize &size);
    QImage &image() { return m_image; }

    // Rows begin to end (not included) in one colour.
    void fillRows(int begin, int end, QRgb color);
    // The lane's bar, rows top to top + height, over its row's background colour, from t0 at
    // nsPerPx; what still goes on is drawn up to knownNs.
    void renderLane(const ConnectionLedger::Entry &lane, int top, int height, QRgb background,
                    qint64 t0, double nsPerPx, qint64 knownNs);

private:
    QImage m_image;
    std::vector<float> m_cover; // per pixel column: dialing, idle, in-use coverage
};

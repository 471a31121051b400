#include "laneimage.h"

#include "presentation.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace {

using Activity = Presentation::Activity;

struct Rgb
{
    float r, g, b;
};

std::array<Rgb, 3> activityRgb()
{
    std::array<Rgb, 3> colors{};
    for (int i = 0; i < 3; ++i) {
        const QColor c = Presentation::activityColor(Activity(i));
        colors[size_t(i)] = {float(c.red()), float(c.green()), float(c.blue())};
    }
    return colors;
}

} // namespace

void LaneImage::resize(const QSize &size)
{
    if (m_image.size() != size)
        m_image = QImage(size, QImage::Format_RGB32);
}

void LaneImage::fillRows(int begin, int end, QRgb color)
{
    if (begin >= end)
        return;
    // A 32-bit image's rows follow each other without padding.
    auto *first = reinterpret_cast<QRgb *>(m_image.scanLine(begin));
    std::fill_n(first, size_t(end - begin) * size_t(m_image.width()), color);
}

void LaneImage::renderLane(const ConnectionLedger::Entry &lane, int top, int height,
                           QRgb background, qint64 t0, double nsPerPx, qint64 knownNs)
{
    const auto &marks = lane.marks;
    if (marks.empty())
        return;
    const int width = m_image.width();
    const qint64 t1 = t0 + qint64(double(width) * nsPerPx);
    m_cover.assign(size_t(width) * 3, 0.0f);
    int firstColumn = width;
    int lastColumn = -1;

    auto it = std::upper_bound(
        marks.begin(), marks.end(), t0,
        [](qint64 t, const ConnectionLedger::Mark &m) { return t < m.timeNs(); });
    if (it != marks.begin())
        --it;
    for (; it != marks.end(); ++it) {
        const Activity activity = it->activity();
        qint64 start = it->timeNs();
        if (start >= t1 || activity == Activity::Closed)
            break;
        const auto next = it + 1;
        qint64 end = next != marks.end() ? next->timeNs() : (lane.closed ? lane.closedNs : knownNs);
        start = std::max(start, t0);
        end = std::min(end, t1);
        if (end <= start)
            continue;
        const double x0 = double(start - t0) / nsPerPx;
        const double x1 = double(end - t0) / nsPerPx;
        const int c0 = std::clamp(int(x0), 0, width - 1);
        const int c1 = std::clamp(int(x1), 0, width - 1);
        float *cover = m_cover.data() + int(activity);
        if (c0 == c1) {
            cover[c0 * 3] += float(x1 - x0);
        } else {
            cover[c0 * 3] += float(c0 + 1 - x0);
            for (int c = c0 + 1; c < c1; ++c)
                cover[c * 3] += 1.0f;
            cover[c1 * 3] += float(x1 - c1);
        }
        firstColumn = std::min(firstColumn, c0);
        lastColumn = std::max(lastColumn, c1);
    }
    if (lastColumn < firstColumn)
        return;

    static const std::array<Rgb, 3> colors = activityRgb();
    const int rowBegin = std::max(0, top);
    const int rowEnd = std::min(m_image.height(), top + height);
    if (rowBegin >= rowEnd)
        return;
    auto *line = reinterpret_cast<QRgb *>(m_image.scanLine(rowBegin));
    const float bgR = float(qRed(background));
    const float bgG = float(qGreen(background));
    const float bgB = float(qBlue(background));
    for (int c = firstColumn; c <= lastColumn; ++c) {
        const float *k = m_cover.data() + c * 3;
        const float total = k[0] + k[1] + k[2];
        // A column mixes what happened in it; a partly covered edge shows the row behind it.
        const float alpha = std::min(1.0f, total);
        const float scale = total > 0 ? alpha / total : 0;
        const float rest = 1.0f - alpha;
        const float r = (k[0] * colors[0].r + k[1] * colors[1].r + k[2] * colors[2].r) * scale;
        const float g = (k[0] * colors[0].g + k[1] * colors[1].g + k[2] * colors[2].g) * scale;
        const float b = (k[0] * colors[0].b + k[1] * colors[1].b + k[2] * colors[2].b) * scale;
        line[c] = qRgb(int(r + bgR * rest), int(g + bgG * rest), int(b + bgB * rest));
    }
    const size_t bytes = size_t(lastColumn - firstColumn + 1) * sizeof(QRgb);
    for (int row = rowBegin + 1; row < rowEnd; ++row) {
        std::memcpy(reinterpret_cast<QRgb *>(m_image.scanLine(row)) + firstColumn,
                    line + firstColumn, bytes);
    }
}

#include "closedlanes.h"

#include <QFontMetrics>
#include <QImage>
#include <QPainter>
#include <QWidget>

#include <algorithm>

using namespace Qt::StringLiterals;

void ClosedLanes::clear()
{
    m_lanes.clear();
    m_reasons.fill(0);
    m_dialErrors.fill(0);
}

void ClosedLanes::add(int laneIndex, const ConnectionLedger::Entry &lane)
{
    m_lanes.push_back(laneIndex);
    if (lane.reason != EvictionReason::None)
        ++m_reasons[size_t(lane.reason)];
    else
        ++m_dialErrors[size_t(lane.dialError)];
}

void ClosedLanes::sortNewestFirst(const ConnectionLedger &ledger)
{
    std::sort(m_lanes.begin(), m_lanes.end(), [&ledger](int a, int b) {
        const ConnectionLedger::Entry &x = ledger.at(a);
        const ConnectionLedger::Entry &y = ledger.at(b);
        return x.closedNs != y.closedNs ? x.closedNs > y.closedNs : x.id > y.id;
    });
}

QString ClosedLanes::reasonOf(const ConnectionLedger::Entry &lane)
{
    if (lane.reason != EvictionReason::None)
        return Presentation::reasonLabel(lane.reason);
    if (lane.dialError != DialError::None)
        return Presentation::dialErrorLabel(lane.dialError);
    return tr("closed, reason not seen");
}

QColor ClosedLanes::colorOf(const ConnectionLedger::Entry &lane)
{
    return lane.reason != EvictionReason::None ? Presentation::reasonColor(lane.reason)
                                               : Presentation::closeMarkColor();
}

std::vector<std::pair<int, QString>> ClosedLanes::byReason() const
{
    std::vector<std::pair<int, QString>> counts;
    for (int i = 1; i < ReasonCount; ++i) {
        if (m_reasons[size_t(i)])
            counts.emplace_back(m_reasons[size_t(i)], Presentation::reasonLabel(EvictionReason(i)));
    }
    for (int i = 1; i < DialErrorCount; ++i) {
        if (m_dialErrors[size_t(i)])
            counts.emplace_back(m_dialErrors[size_t(i)],
                                Presentation::dialErrorLabel(DialError(i)));
    }
    if (m_dialErrors[0])
        counts.emplace_back(m_dialErrors[0], tr("closed, reason not seen"));
    std::stable_sort(counts.begin(), counts.end(),
                     [](const auto &a, const auto &b) { return a.first > b.first; });
    return counts;
}

QString ClosedLanes::summary(const QFontMetrics &metrics, int width, bool expanded) const
{
    const auto counts = byReason();
    const QString head = count() == 1 ? tr("1 closed") : tr("%1 closed").arg(count());
    const QString action = expanded ? tr("(click to fold them)") : tr("(click to show them)");
    if (counts.empty())
        return head + u"  "_s + action;
    const auto more = [](size_t n) {
        return u" · "_s + (n == 1 ? tr("1 more reason") : tr("%1 more reasons").arg(n));
    };
    // Reasons are added while they fit; what does not fit is counted, never cut off.
    QString text = head + u": "_s + u"%1 %2"_s.arg(counts.front().first).arg(counts.front().second);
    size_t shown = 1;
    for (; shown < counts.size(); ++shown) {
        const QString longer
            = text + u" · "_s + u"%1 %2"_s.arg(counts[shown].first).arg(counts[shown].second);
        const size_t left = counts.size() - shown - 1;
        if (metrics.horizontalAdvance(longer + (left ? more(left) : QString()) + u"  "_s + action)
            > width)
            break;
        text = longer;
    }
    if (shown < counts.size())
        text += more(counts.size() - shown);
    return text + u"  "_s + action;
}

QString ClosedLanes::toolTip(bool expanded) const
{
    QString text = u"<b>%1</b>"_s.arg(count() == 1 ? tr("1 closed connection")
                                                   : tr("%1 closed connections").arg(count()));
    for (const auto &[n, label] : byReason())
        text += u"<br>%1 %2"_s.arg(n).arg(label.toHtmlEscaped());
    text += u"<br><i>%1</i>"_s.arg(
        expanded ? tr("Click to fold their lanes into this row again.")
                 : tr("Live connections come first; the closed ones are folded into this row, "
                      "a tick where each closed. Click to show their lanes, newest close "
                      "first."));
    return text;
}

void ClosedLanes::renderTicks(QImage &image, int rowBegin, int rowEnd, qint64 t0, double nsPerPx,
                              const ConnectionLedger &ledger) const
{
    rowBegin = std::max(0, rowBegin);
    rowEnd = std::min(image.height(), rowEnd);
    if (rowBegin >= rowEnd)
        return;
    const int width = image.width();
    for (const int index : m_lanes) {
        const ConnectionLedger::Entry &lane = ledger.at(index);
        const double x = double(lane.closedNs - t0) / nsPerPx;
        if (x < 0 || x >= width)
            continue;
        const QRgb color = colorOf(lane).rgb();
        const int column = int(x);
        const int last = std::min(width - 1, column + 1);
        for (int row = rowBegin; row < rowEnd; ++row) {
            auto *line = reinterpret_cast<QRgb *>(image.scanLine(row));
            std::fill(line + column, line + last + 1, color);
        }
    }
}

void ClosedLanes::paintRow(QPainter &painter, const QRect &gutter, const QRect &bar, bool expanded,
                           const QWidget &widget) const
{
    const QPalette palette = widget.palette();
    QFont small = widget.font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    painter.setFont(small);
    painter.setPen(palette.text().color());
    painter.drawText(gutter, Qt::AlignVCenter | Qt::AlignRight,
                     (expanded ? u"▾ "_s : u"▸ "_s) + QString::number(count()));
    const QFontMetrics metrics = painter.fontMetrics();
    const QString text = summary(metrics, bar.width() - 20, expanded);
    const QRect plate(bar.left() + 4, bar.top() + 1,
                      std::min(bar.width() - 8, metrics.horizontalAdvance(text) + 10),
                      bar.height() - 2);
    QColor back = palette.window().color();
    back.setAlpha(230);
    painter.fillRect(plate, back);
    painter.drawText(plate.adjusted(5, 0, -5, 0), Qt::AlignVCenter | Qt::AlignLeft, text);
}

#include "laneview.h"

#include "connectionledger.h"
#include "laneticks.h"
#include "lanetooltip.h"
#include "monotonicclock.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHelpEvent>
#include <QPainter>
#include <QScrollBar>
#include <QToolTip>

#include <algorithm>
#include <array>
#include <cmath>

using namespace Qt::StringLiterals;

namespace {

constexpr int GutterWidth = 64;
constexpr int AxisHeight = 22;
// Lanes are at least this tall; with few connections they grow to fill the view, up to twice.
constexpr int MinLaneHeight = 16;
constexpr int MaxLaneHeight = 32;
constexpr int BarTop = 2;
constexpr qint64 ScrollUnitNs = 10'000'000; // the horizontal scroll bar counts 10 ms steps
constexpr qint64 MinSpanNs = 2'000'000;
// A live view moves at most ten times a second and a pixel per frame at most, and spends at
// most a two-hundredth of the time painting (half a percent of a core): a frame that took a
// millisecond waits 200 ms for the next. A software rasteriser takes one to two milliseconds
// for a large view, and more frames only move it in smaller steps. Still or paused, it
// repaints for new lanes and its "closed ... ago" texts.
constexpr int MinFrameIntervalMs = 100;
constexpr int StillFrameIntervalMs = 1000;
constexpr qint64 PaintShare = 200;
// While following, the scroll bar's range grows every frame by far less than a pixel of it.
constexpr qint64 ScrollBarIntervalNs = 1'000'000'000;
constexpr qsizetype MaxCachedTexts = 512;

using Activity = Presentation::Activity;

// How long ago, to the second: "4 s", "2 min 05 s".
QString secondsAgo(qint64 ns)
{
    if (ns < 60'000'000'000)
        return QCoreApplication::translate("LaneView", "%1 s").arg(ns / 1'000'000'000);
    return Presentation::duration(ns);
}

} // namespace

LaneView::LaneView(const ConnectionLedger *ledger, QWidget *parent)
    : QAbstractScrollArea(parent)
    , m_ledger(ledger)
{
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setMouseTracking(true);
    viewport()->setAttribute(Qt::WA_OpaquePaintEvent);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    verticalScrollBar()->setSingleStep(MinLaneHeight);
    connect(horizontalScrollBar(), &QScrollBar::valueChanged, this, &LaneView::onHorizontalScroll);
    connect(&m_tick, &QTimer::timeout, this, &LaneView::tick);
    updateFonts();
}

void LaneView::updateFonts()
{
    m_laneFont = font();
    m_laneFont.setPointSizeF(m_laneFont.pointSizeF() * 0.85);
    m_laneBoldFont = m_laneFont;
    m_laneBoldFont.setBold(true);
    for (auto &cache : m_texts)
        cache.clear();
}

void LaneView::changeEvent(QEvent *event)
{
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        updateFonts();
}

void LaneView::setEpochNs(qint64 epochNs)
{
    m_epochNs = epochNs;
    viewport()->update();
}

void LaneView::setSpanNs(qint64 spanNs)
{
    spanNs = std::clamp(spanNs, MinSpanNs, m_ledger->horizonNs());
    if (spanNs == m_spanNs)
        return;
    m_spanNs = spanNs;
    Q_EMIT spanChanged(spanNs);
    relayout();
}

void LaneView::setFollowing(bool following)
{
    if (following == m_following)
        return;
    m_following = following;
    if (!following)
        m_endNs = nowNs();
    Q_EMIT followingChanged(following);
    relayout();
}

void LaneView::setPaused(bool paused)
{
    if (paused == isPaused())
        return;
    m_pausedAtNs = paused ? MonotonicClock::nowNs() : 0;
    relayout();
}

void LaneView::setClockNs(qint64 timeNs)
{
    m_clockNs = timeNs;
    relayout();
}

void LaneView::setHideClosed(bool hide)
{
    m_hideClosed = hide;
    m_shownRevision = ~quint64(0);
    relayout();
}

void LaneView::setClosedExpanded(bool expanded)
{
    if (expanded == m_closedExpanded)
        return;
    m_closedExpanded = expanded;
    m_shownRevision = ~quint64(0);
    relayout();
    Q_EMIT closedExpandedChanged(expanded);
}

quint64 LaneView::rowConnection(int row) const
{
    if (row < 0 || row >= int(m_shown.size()) || m_shown[size_t(row)] == SummaryRow)
        return 0;
    return m_ledger->at(m_shown[size_t(row)]).id;
}

int LaneView::summaryRow() const
{
    const auto it = std::find(m_shown.begin(), m_shown.end(), SummaryRow);
    return it == m_shown.end() ? -1 : int(it - m_shown.begin());
}

void LaneView::setHandshakeNs(qint64 ns)
{
    m_handshakeNs = ns;
    viewport()->update();
}

void LaneView::setHighlightedConnection(quint64 connectionId)
{
    m_highlighted = connectionId;
    // A closed connection asked for is shown, not left folded away.
    const int ledgerIndex = connectionId ? m_ledger->indexOf(connectionId) : -1;
    if (ledgerIndex >= 0 && m_ledger->at(ledgerIndex).closed && !m_hideClosed)
        setClosedExpanded(true);
    rebuildShown();
    const auto it = std::find_if(m_shown.begin(), m_shown.end(), [&](int index) {
        return index != SummaryRow && m_ledger->at(index).id == connectionId;
    });
    if (connectionId && it != m_shown.end()) {
        const int top = int(it - m_shown.begin()) * laneHeight();
        const int height = laneArea().height();
        QScrollBar *bar = verticalScrollBar();
        if (top < bar->value() || top + laneHeight() > bar->value() + height)
            bar->setValue(top - height / 2);
    }
    viewport()->update();
}

void LaneView::refresh()
{
    const quint64 revision = m_shownRevision;
    rebuildShown();
    m_changed = true;
    if (revision != m_shownRevision)
        updateScrollBars();
}

void LaneView::relayout()
{
    rebuildShown();
    updateScrollBars();
    viewport()->update();
    m_tick.setInterval(frameIntervalMs());
}

int LaneView::frameIntervalMs() const
{
    if (!m_following || isPaused())
        return StillFrameIntervalMs;
    const qint64 pixelMs = m_spanNs / std::max(1, laneArea().width()) / 1'000'000;
    const qint64 paintMs = m_paintNs * PaintShare / 1'000'000;
    return int(
        std::clamp<qint64>(std::max(pixelMs, paintMs), MinFrameIntervalMs, StillFrameIntervalMs));
}

void LaneView::tick()
{
    // A replay's clock moves only when it is set, and setting it lays the view out.
    const bool still = isPaused() || m_clockNs;
    const bool moving = m_following && !still;
    if (!moving && !m_changed && still)
        return;
    m_changed = false;
    const qint64 now = MonotonicClock::nowNs();
    if (now - m_scrollBarsNs >= ScrollBarIntervalNs)
        updateScrollBars();
    viewport()->update();
    m_tick.setInterval(frameIntervalMs());
}

qint64 LaneView::nowNs() const
{
    if (m_pausedAtNs)
        return m_pausedAtNs;
    return m_clockNs ? m_clockNs : MonotonicClock::nowNs();
}

qint64 LaneView::viewEndNs() const
{
    return m_following ? nowNs() : m_endNs;
}

int LaneView::laneHeight() const
{
    const int fit = laneArea().height() / std::max(1, int(m_shown.size()));
    return std::clamp(fit, MinLaneHeight, MaxLaneHeight);
}

QRect LaneView::laneArea() const
{
    const QRect r = viewport()->rect();
    return QRect(GutterWidth, AxisHeight, std::max(1, r.width() - GutterWidth),
                 std::max(1, r.height() - AxisHeight));
}

int LaneView::shownAt(int y) const
{
    if (y < AxisHeight)
        return -1;
    const int index = (y - AxisHeight + verticalScrollBar()->value()) / laneHeight();
    return index < int(m_shown.size()) ? index : -1;
}

qint64 LaneView::timeAt(double x) const
{
    const QRect area = laneArea();
    return viewEndNs() - m_spanNs
        + qint64((x - area.left()) * double(m_spanNs) / double(area.width()));
}

double LaneView::xOf(qint64 timeNs) const
{
    const QRect area = laneArea();
    return area.left()
        + double(timeNs - (viewEndNs() - m_spanNs)) * double(area.width()) / double(m_spanNs);
}

void LaneView::rebuildShown()
{
    // Closes only add up between two layout revisions (a connection leaves only with a new
    // one), so the revision and the count of closes say whether the rows are still right.
    int closes = 0;
    for (int i = 0; i < m_ledger->count(); ++i)
        closes += m_ledger->at(i).closed;
    if (m_shownRevision == m_ledger->layoutRevision() && m_shownClosed == closes)
        return;
    m_shownRevision = m_ledger->layoutRevision();
    m_shownClosed = closes;
    m_shown.clear();
    m_shown.reserve(size_t(m_ledger->count()) + 1);
    m_closed.clear();
    for (int i = 0; i < m_ledger->count(); ++i) {
        if (m_ledger->at(i).closed)
            m_closed.add(i, m_ledger->at(i));
        else
            m_shown.push_back(i);
    }
    if (m_hideClosed || m_closed.count() == 0)
        return;
    m_shown.push_back(SummaryRow);
    if (m_closedExpanded) {
        m_closed.sortNewestFirst(*m_ledger);
        m_shown.insert(m_shown.end(), m_closed.lanes().begin(), m_closed.lanes().end());
    }
}

void LaneView::updateScrollBars()
{
    m_scrollBarsNs = MonotonicClock::nowNs();
    m_settingScrollBars = true;
    const QRect area = laneArea();
    QScrollBar *vertical = verticalScrollBar();
    vertical->setRange(0, std::max(0, int(m_shown.size()) * laneHeight() - area.height()));
    vertical->setPageStep(area.height());

    const qint64 now = nowNs();
    const qint64 oldest = m_ledger->oldestNs() ? std::min(m_ledger->oldestNs(), now) : now;
    QScrollBar *horizontal = horizontalScrollBar();
    const int maximum = int(std::max<qint64>(0, now - oldest - m_spanNs) / ScrollUnitNs);
    horizontal->setRange(0, maximum);
    horizontal->setPageStep(int(std::max<qint64>(1, m_spanNs / ScrollUnitNs)));
    horizontal->setSingleStep(std::max(1, horizontal->pageStep() / 10));
    horizontal->setValue(
        m_following
            ? maximum
            : int(std::clamp<qint64>((m_endNs - m_spanNs - oldest) / ScrollUnitNs, 0, maximum)));
    m_settingScrollBars = false;
}

void LaneView::onHorizontalScroll(int value)
{
    if (m_settingScrollBars)
        return;
    const qint64 now = nowNs();
    const qint64 oldest = m_ledger->oldestNs() ? std::min(m_ledger->oldestNs(), now) : now;
    const bool following = value >= horizontalScrollBar()->maximum();
    m_endNs = oldest + qint64(value) * ScrollUnitNs + m_spanNs;
    if (following != m_following) {
        m_following = following;
        m_tick.setInterval(frameIntervalMs());
        Q_EMIT followingChanged(following);
    }
    viewport()->update();
}

void LaneView::zoom(double factor, double anchorX)
{
    const QRect area = laneArea();
    const qint64 newSpan
        = std::clamp(qint64(double(m_spanNs) * factor), MinSpanNs, m_ledger->horizonNs());
    if (newSpan == m_spanNs)
        return;
    if (!m_following) {
        // Keep the time under the cursor where it is.
        const double x = std::clamp(anchorX, double(area.left()), double(area.right()));
        const qint64 anchor = timeAt(x);
        m_endNs = anchor + qint64(double(m_endNs - anchor) * double(newSpan) / double(m_spanNs));
    }
    m_spanNs = newSpan;
    Q_EMIT spanChanged(newSpan);
    relayout();
}

void LaneView::paintEvent(QPaintEvent *)
{
    QElapsedTimer clock;
    clock.start();
    paint();
    // What a frame costs, smoothed over the last few: it sets the pace of the next ones.
    m_paintNs = m_paintNs ? (m_paintNs * 3 + clock.nsecsElapsed()) / 4 : clock.nsecsElapsed();
}

void LaneView::paint()
{
    rebuildShown();
    QPainter painter(viewport());
    const QPalette pal = palette();
    const QRect full = viewport()->rect();
    const QRect area = laneArea();

    const qint64 now = nowNs();
    // What a connection does now arrives with the next feed: a lane is drawn as far as the
    // feed has told, not its last state stretched to now and put right a frame later.
    const qint64 known = std::min(now, m_ledger->knownUntilNs());
    const qint64 t1 = viewEndNs();
    const qint64 t0 = t1 - m_spanNs;
    const double nsPerPx = double(m_spanNs) / double(area.width());
    const int scroll = verticalScrollBar()->value();
    const int first = scroll / laneHeight();
    const int last = std::min(int(m_shown.size()), (scroll + area.height()) / laneHeight() + 1);

    // Each row has its background, so the lanes read as rows; the lane area is one opaque
    // image, written once and copied to the screen without blending.
    const QColor base = pal.base().color();
    const QColor band = pal.alternateBase().color();
    QColor highlight = pal.highlight().color();
    highlight = QColor::fromRgbF(base.redF() * 0.75f + highlight.redF() * 0.25f,
                                 base.greenF() * 0.75f + highlight.greenF() * 0.25f,
                                 base.blueF() * 0.75f + highlight.blueF() * 0.25f);
    m_image.resize(area.size());
    painter.fillRect(QRect(0, area.top(), GutterWidth, area.height()), base);
    int filled = 0; // image rows that have their background
    for (int i = first; i < last; ++i) {
        const int y = i * laneHeight() - scroll;
        const int index = m_shown[size_t(i)];
        const bool summary = index == SummaryRow;
        const QColor color = !summary && m_ledger->at(index).id == m_highlighted ? highlight
            : summary || i % 2                                                   ? band
                                                                                 : base;
        if (color != base)
            painter.fillRect(QRect(0, area.top() + y, GutterWidth, laneHeight()), color);
        const int rowEnd = std::min(m_image.image().height(), y + laneHeight());
        m_image.fillRows(filled, rowEnd, color.rgb());
        filled = std::max(filled, rowEnd);
        if (summary)
            m_closed.renderTicks(m_image.image(), y + BarTop, y + laneHeight() - BarTop, t0,
                                 nsPerPx, *m_ledger);
        else
            m_image.renderLane(m_ledger->at(index), y + BarTop, laneHeight() - 2 * BarTop,
                               color.rgb(), t0, nsPerPx, known);
    }
    m_image.fillRows(filled, m_image.image().height(), base.rgb());
    painter.drawImage(area.topLeft(), m_image.image());

    painter.save();
    painter.setClipRect(QRect(0, area.top(), full.width(), area.height()));
    paintGrid(painter, t0, t1);
    for (int i = first; i < last; ++i) {
        const int y = area.top() + i * laneHeight() - scroll;
        if (m_shown[size_t(i)] == SummaryRow)
            m_closed.paintRow(painter, QRect(4, y, GutterWidth - 10, laneHeight()),
                              QRect(area.left(), y, area.width(), laneHeight()), m_closedExpanded,
                              *this);
        else
            paintOverlays(painter, m_shown[size_t(i)], y, t0, t1, now);
    }
    painter.restore();
    paintAxis(painter, t0, t1);

    if (m_ledger->count() == m_closed.count()) {
        // Below the summary row, if there is one.
        const int top = int(m_shown.size()) * laneHeight() - scroll;
        painter.setPen(pal.placeholderText().color());
        painter.drawText(area.adjusted(0, std::max(0, top), 0, 0), Qt::AlignCenter,
                         m_ledger->count() || m_clockNs ? tr("No connection is open now.")
                                           : tr("No connections yet: start the workload (F5)."));
    }
}

void LaneView::drawStaticText(QPainter &painter, TextFont font, const QRect &rect,
                              Qt::Alignment alignment, const QString &text)
{
    QHash<QString, QStaticText> &cache = m_texts[size_t(font)];
    auto it = cache.find(text);
    if (it == cache.end()) {
        // Tick labels keep coming as time passes: start over rather than grow.
        if (cache.size() >= MaxCachedTexts)
            cache.clear();
        QStaticText laidOut(text);
        laidOut.setTextFormat(Qt::PlainText);
        laidOut.prepare(QTransform(), painter.font());
        it = cache.insert(text, laidOut);
    }
    const QSizeF size = it->size();
    double x = rect.left();
    if (alignment & Qt::AlignRight)
        x = rect.right() + 1 - size.width();
    else if (alignment & Qt::AlignHCenter)
        x = rect.left() + (rect.width() - size.width()) / 2;
    painter.drawStaticText(QPointF(x, rect.top() + (rect.height() - size.height()) / 2), *it);
}

double LaneView::staticTextWidth(TextFont font, const QString &text, const QFontMetrics &metrics)
{
    const auto it = m_texts[size_t(font)].constFind(text);
    return it != m_texts[size_t(font)].constEnd() ? it->size().width()
                                                  : metrics.horizontalAdvance(text);
}

void LaneView::paintGrid(QPainter &painter, qint64 t0, qint64 t1)
{
    const QRect area = laneArea();
    QColor grid = palette().mid().color();
    grid.setAlpha(70);
    painter.setPen(grid);
    const LaneTicks ticks(m_epochNs, m_spanNs, area.width());
    for (qint64 tick = ticks.firstAtOrAfter(t0); tick + m_epochNs <= t1; tick += ticks.stepNs()) {
        const int x = int(std::lround(xOf(tick + m_epochNs)));
        if (x >= area.left())
            painter.drawLine(x, area.top(), x, area.bottom());
    }
}

void LaneView::paintAxis(QPainter &painter, qint64 t0, qint64 t1)
{
    const QRect area = laneArea();
    const QPalette pal = palette();
    const QRect axis(0, 0, viewport()->width(), AxisHeight);
    painter.fillRect(axis, pal.window());
    painter.setPen(pal.mid().color());
    painter.drawLine(axis.bottomLeft(), axis.bottomRight());
    painter.setPen(pal.text().color());
    painter.setFont(font());
    drawStaticText(painter, TextFont::Axis, QRect(4, 0, GutterWidth - 8, AxisHeight), Qt::AlignLeft,
                   tr("Lane"));
    const LaneTicks ticks(m_epochNs, m_spanNs, area.width());
    for (qint64 tick = ticks.firstAtOrAfter(t0); tick + m_epochNs <= t1; tick += ticks.stepNs()) {
        const int x = int(std::lround(xOf(tick + m_epochNs)));
        if (x < area.left())
            continue;
        painter.drawLine(x, AxisHeight - 5, x, AxisHeight - 1);
        const QString label = ticks.label(tick);
        const int w = int(std::ceil(staticTextWidth(TextFont::Axis, label, fontMetrics())));
        if (x + w / 2 + 2 < viewport()->width())
            drawStaticText(painter, TextFont::Axis, QRect(x - w / 2 - 2, 0, w + 4, AxisHeight - 5),
                           Qt::AlignHCenter, label);
    }
    if (!m_following) {
        const QString note = tr("scrolled back (End: live)");
        const int w = painter.fontMetrics().horizontalAdvance(note) + 12;
        const QRect box(area.right() - w, 1, w, AxisHeight - 3);
        painter.fillRect(box, pal.window());
        painter.setPen(Presentation::handshakeColor());
        painter.drawText(box, Qt::AlignCenter, note);
    }
}

void LaneView::paintOverlays(QPainter &painter, int laneIndex, int y, qint64 t0, qint64 t1,
                             qint64 nowNs)
{
    const ConnectionLedger::Entry &lane = m_ledger->at(laneIndex);
    const QRect area = laneArea();
    const QPalette pal = palette();
    const bool bold = lane.id == m_highlighted;
    const TextFont laneFont = bold ? TextFont::LaneBold : TextFont::Lane;
    painter.setFont(bold ? m_laneBoldFont : m_laneFont);
    painter.setPen(lane.closed ? pal.placeholderText().color() : pal.text().color());
    drawStaticText(painter, laneFont, QRect(4, y, GutterWidth - 10, laneHeight()), Qt::AlignRight,
                   u"#%1"_s.arg(lane.id));

    const QRect bar(area.left(), y + BarTop, area.width(), laneHeight() - 2 * BarTop);
    if (m_handshakeNs > 0 && lane.firstUseNs && lane.firstUseNs < t1) {
        // The lab holds back a new connection's first answer: that part of the first request
        // is the simulated handshake.
        const auto next = std::upper_bound(
            lane.marks.begin(), lane.marks.end(), lane.firstUseNs,
            [](qint64 t, const ConnectionLedger::Mark &m) { return t < m.timeNs(); });
        const qint64 useEnd
            = next != lane.marks.end() ? next->timeNs() : std::min(nowNs, m_ledger->knownUntilNs());
        const qint64 end = std::min(lane.firstUseNs + m_handshakeNs, useEnd);
        const double x0 = std::max(xOf(lane.firstUseNs), double(area.left()));
        const double x1 = std::min(xOf(end), double(area.right()));
        if (end > t0 && x1 - x0 >= 2) {
            const QRectF hatch(x0, bar.top(), x1 - x0, bar.height());
            painter.fillRect(hatch, QColor(0xFF, 0xF4, 0xD6));
            painter.fillRect(hatch, QBrush(Presentation::handshakeColor(), Qt::BDiagPattern));
        }
    }
    const QString reason = ClosedLanes::reasonOf(lane);
    if (lane.closed && lane.closedNs < t0) {
        // Its whole life is left of the view: say how it ended, so the row is not a blank. In
        // whole seconds, so the text is laid out once a second, not every frame.
        painter.setPen(pal.placeholderText().color());
        drawStaticText(painter, laneFont,
                       QRect(area.left() + 6, y, area.width() - 12, laneHeight()), Qt::AlignLeft,
                       tr("◂ closed %1 ago: %2").arg(secondsAgo(nowNs - lane.closedNs), reason));
    }
    if (lane.closed && lane.closedNs >= t0 && lane.closedNs <= t1) {
        const int x = int(std::lround(xOf(lane.closedNs)));
        const QColor mark = Presentation::closeMarkColor();
        painter.fillRect(QRect(x - 1, y + 1, 3, laneHeight() - 2), mark);
        const int w = int(std::ceil(staticTextWidth(laneFont, reason, painter.fontMetrics())));
        if (!reason.isEmpty() && x + 6 + w < area.right()) {
            painter.setPen(mark);
            drawStaticText(painter, laneFont, QRect(x + 5, y, w + 2, laneHeight()), Qt::AlignLeft,
                           reason);
        }
    }
    if (lane.id == m_highlighted) {
        painter.setPen(QPen(pal.highlight().color(), 1));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(QRect(0, y, viewport()->width() - 1, laneHeight() - 1));
    }
}

void LaneView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
    m_tick.setInterval(frameIntervalMs());
}

void LaneView::scrollContentsBy(int, int)
{
    viewport()->update();
}

void LaneView::showEvent(QShowEvent *event)
{
    QAbstractScrollArea::showEvent(event);
    m_tick.start(frameIntervalMs());
    relayout();
}

void LaneView::hideEvent(QHideEvent *event)
{
    m_tick.stop();
    QAbstractScrollArea::hideEvent(event);
}

bool LaneView::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        const auto *help = static_cast<QHelpEvent *>(event);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, viewport());
        return true;
    }
    return QAbstractScrollArea::viewportEvent(event);
}

QString LaneView::toolTipAt(const QPoint &pos) const
{
    if (pos.y() < AxisHeight)
        return tr("Time since the session began. Wheel here or Ctrl+wheel to zoom.");
    const int shown = shownAt(pos.y());
    if (shown < 0)
        return {};
    if (m_shown[size_t(shown)] == SummaryRow)
        return m_closed.toolTip(m_closedExpanded);
    const std::optional<qint64> atNs
        = pos.x() >= GutterWidth ? std::optional(timeAt(pos.x())) : std::nullopt;
    return LaneToolTip::text(m_ledger->at(m_shown[size_t(shown)]), atNs, nowNs(), m_epochNs,
                             m_handshakeNs);
}

void LaneView::wheelEvent(QWheelEvent *event)
{
    const QPoint angle = event->angleDelta();
    const int delta = angle.y() ? angle.y() : angle.x();
    if ((event->modifiers() & Qt::ControlModifier) || event->position().y() < AxisHeight) {
        zoom(std::pow(1.25, -double(delta) / 120.0), event->position().x());
        event->accept();
        return;
    }
    if (event->modifiers() & Qt::ShiftModifier || (!angle.y() && angle.x())) {
        QScrollBar *bar = horizontalScrollBar();
        bar->setValue(bar->value() - delta * bar->singleStep() / 40);
        event->accept();
        return;
    }
    QAbstractScrollArea::wheelEvent(event);
}

void LaneView::mousePressEvent(QMouseEvent *event)
{
    const int shown = shownAt(int(event->position().y()));
    if (shown >= 0 && m_shown[size_t(shown)] == SummaryRow) {
        setClosedExpanded(!m_closedExpanded);
        event->accept();
        return;
    }
    if (shown >= 0) {
        const quint64 id = m_ledger->at(m_shown[size_t(shown)]).id;
        m_highlighted = id;
        viewport()->update();
        Q_EMIT connectionClicked(id);
    }
    QAbstractScrollArea::mousePressEvent(event);
}

void LaneView::keyPressEvent(QKeyEvent *event)
{
    const double right = laneArea().right();
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoom(0.8, right);
        return;
    case Qt::Key_Minus:
        zoom(1.25, right);
        return;
    case Qt::Key_End:
        setFollowing(true);
        return;
    default:
        QAbstractScrollArea::keyPressEvent(event);
    }
}

#pragma once

#include "closedlanes.h"
#include "laneimage.h"

#include <QAbstractScrollArea>
#include <QHash>
#include <QImage>
#include <QStaticText>
#include <QTimer>

#include <array>
#include <vector>

class ConnectionLedger;

// One horizontal lane per connection across time: dialing, idle and in-use segments in their
// colours, a mark and the reason where it closed, the simulated handshake hatched over the
// first request. Hover for details, click to select, Ctrl+wheel (or wheel over the time axis,
// or +/-) to zoom, Shift+wheel or the scroll bar to go back in time, End to follow again.
//
// Live connections come first, by id; the closed ones are folded into one summary row (how
// many, by reason, a tick where each closed) until it is clicked, and then follow it, newest
// close first. Hide closed drops them and the row.
//
// Painting costs what is visible, not what is stored: only the lanes in view are touched, each
// from a binary search to its first visible mark, and every lane is rendered into one opaque
// image a pixel column at a time (a column mixes the colours of what happened in it), which is
// then copied to the screen once.
class LaneView : public QAbstractScrollArea
{
    Q_OBJECT
public:
    explicit LaneView(const ConnectionLedger *ledger, QWidget *parent = nullptr);

    void setEpochNs(qint64 epochNs);
    void setSpanNs(qint64 spanNs);
    qint64 spanNs() const { return m_spanNs; }
    // Following: the right edge is now and the view scrolls with time.
    void setFollowing(bool following);
    bool isFollowing() const { return m_following; }
    // Paused: time stands still in the view (the ledger keeps recording).
    void setPaused(bool paused);
    bool isPaused() const { return m_pausedAtNs != 0; }
    // A replay's moment: the view's now, in place of the clock (0: the clock again).
    void setClockNs(qint64 timeNs);
    void setHideClosed(bool hide);
    // Whether the closed lanes are shown below their summary row, or folded into it.
    void setClosedExpanded(bool expanded);
    bool isClosedExpanded() const { return m_closedExpanded; }
    // The lab's setup delay, hatched at the start of each connection's first request.
    void setHandshakeNs(qint64 ns);
    // Highlights the lane and scrolls it into view; 0 for none.
    void setHighlightedConnection(quint64 connectionId);
    quint64 highlightedConnection() const { return m_highlighted; }
    // The rows shown: lanes, and the closed connections' summary row when there is one.
    int shownLaneCount() const { return int(m_shown.size()); }
    // The connection of a row; 0 for the summary row or none.
    quint64 rowConnection(int row) const;
    // The row of the closed connections' summary, -1 when none is shown.
    int summaryRow() const;
    int closedCount() const { return m_closed.count(); }

    // The ledger changed: shown within a frame (a tenth of a second while live).
    void refresh();

Q_SIGNALS:
    void connectionClicked(quint64 connectionId);
    void followingChanged(bool following);
    void closedExpandedChanged(bool expanded);
    void spanChanged(qint64 spanNs);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    bool viewportEvent(QEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    // Text painted frame after frame (lane numbers, tick labels, close reasons) is laid out
    // once, for the font it is painted in.
    enum class TextFont { Axis, Lane, LaneBold, Count };

    qint64 nowNs() const;
    qint64 viewEndNs() const;
    QRect laneArea() const;
    int laneHeight() const;
    int shownAt(int y) const; // index into m_shown, -1 for none
    qint64 timeAt(double x) const;
    double xOf(qint64 timeNs) const;
    void zoom(double factor, double anchorX);
    void rebuildShown();
    void updateScrollBars();
    // Now: what is shown, the scroll bars and the picture.
    void relayout();
    int frameIntervalMs() const;
    void tick();
    void paint();
    void onHorizontalScroll(int value);
    // The painter's font must be the one font stands for; alignment is left, right or centred,
    // and always centred vertically.
    void drawStaticText(QPainter &painter, TextFont font, const QRect &rect,
                        Qt::Alignment alignment, const QString &text);
    double staticTextWidth(TextFont font, const QString &text, const QFontMetrics &metrics);
    void updateFonts();
    void paintGrid(QPainter &painter, qint64 t0, qint64 t1);
    void paintAxis(QPainter &painter, qint64 t0, qint64 t1);
    void paintOverlays(QPainter &painter, int laneIndex, int y, qint64 t0, qint64 t1, qint64 nowNs);
    QString toolTipAt(const QPoint &pos) const;

    const ConnectionLedger *m_ledger;
    static constexpr int SummaryRow = -1; // in m_shown: the closed connections' summary
    std::vector<int> m_shown; // lane indexes in view order
    quint64 m_shownRevision = ~quint64(0);
    int m_shownClosed = -1; // closes counted when m_shown was built
    ClosedLanes m_closed;
    bool m_hideClosed = false;
    bool m_closedExpanded = false;
    qint64 m_epochNs = 0;
    qint64 m_spanNs = 2'000'000'000;
    qint64 m_endNs = 0; // right edge when not following
    qint64 m_pausedAtNs = 0;
    qint64 m_clockNs = 0;
    bool m_following = true;
    qint64 m_handshakeNs = 0;
    quint64 m_highlighted = 0;
    bool m_settingScrollBars = false;
    bool m_changed = false; // the ledger changed since the last frame
    qint64 m_scrollBarsNs = 0; // when the scroll bars were last set
    qint64 m_paintNs = 0; // what a frame took to paint, smoothed
    LaneImage m_image;
    QFont m_laneFont;
    QFont m_laneBoldFont;
    std::array<QHash<QString, QStaticText>, size_t(TextFont::Count)> m_texts;
    QTimer m_tick;
};

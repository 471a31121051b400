#pragma once

#include "connectionledger.h"

#include <QColor>
#include <QCoreApplication>
#include <QString>

#include <array>
#include <vector>

class QFontMetrics;
class QImage;
class QPainter;
class QRect;
class QWidget;

// The closed connections of the lanes view, folded into one summary row: how many closed and
// why, and a tick where each closed in time. After an unpooled run there are thousands of
// single-use lanes; folded, the live connections stay in view and the closes still show as a
// burst of ticks (a restart) or a steady rain (unpooled).
class ClosedLanes
{
    Q_DECLARE_TR_FUNCTIONS(ClosedLanes)
public:
    void clear();
    void add(int laneIndex, const ConnectionLedger::Entry &lane);
    // Newest close first: the lanes of what just happened come first when unfolded.
    void sortNewestFirst(const ConnectionLedger &ledger);

    int count() const { return int(m_lanes.size()); }
    const std::vector<int> &lanes() const { return m_lanes; }

    // "1200 closed: 1180 single use · 15 peer closed · 2 more reasons", as much as fits in
    // width, and what a click does.
    QString summary(const QFontMetrics &metrics, int width, bool expanded) const;
    // Every reason with its count, for the tooltip.
    QString toolTip(bool expanded) const;
    // A tick in its reason's colour where each lane closed, over rows [rowBegin, rowEnd) of
    // image, whose column 0 is t0.
    void renderTicks(QImage &image, int rowBegin, int rowEnd, qint64 t0, double nsPerPx,
                     const ConnectionLedger &ledger) const;

    // The row's words in widget's font and palette: the count in gutter, the summary on a
    // plate of its own at the left of bar, so the ticks under it do not garble it.
    void paintRow(QPainter &painter, const QRect &gutter, const QRect &bar, bool expanded,
                  const QWidget &widget) const;

    // Why a lane closed: its eviction reason, or why its dial failed.
    static QString reasonOf(const ConnectionLedger::Entry &lane);
    static QColor colorOf(const ConnectionLedger::Entry &lane);

private:
    static constexpr int ReasonCount = int(EnumNames<EvictionReason>::last) + 1;
    static constexpr int DialErrorCount = int(EnumNames<DialError>::last) + 1;

    // (count, label), most first.
    std::vector<std::pair<int, QString>> byReason() const;

    std::vector<int> m_lanes; // ledger indexes
    std::array<int, ReasonCount> m_reasons{};
    // Closed with no eviction reason: the dial failed (DialError::None: closed as of a snapshot,
    // its event not seen).
    std::array<int, DialErrorCount> m_dialErrors{};
};

#include "statisticsview.h"

#include "presentation.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

// Statistics are read, not watched: twice a second is plenty and costs nothing.
constexpr int RefreshIntervalMs = 500;

QString row(const QString &name, const QString &value, const QString &note = {})
{
    return u"<tr><td>%1</td><td align=right><b>%2</b></td><td style='color:#6b7280'>%3</td>"
           "</tr>"_s.arg(name, value, note);
}

} // namespace

StatisticsView::StatisticsView(QWidget *parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_evictions(new QLabel(this))
    , m_percentiles(new QTableWidget(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);

    auto *pays = new QGroupBox(tr("Does pooling pay off?"), this);
    auto *paysLayout = new QVBoxLayout(pays);
    m_summary->setObjectName(u"statisticsSummary"_s);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    paysLayout->addWidget(m_summary);
    paysLayout->addStretch();
    layout->addWidget(pays, 3);

    auto *durations = new QGroupBox(tr("Durations"), this);
    auto *durationsLayout = new QVBoxLayout(durations);
    m_percentiles->setObjectName(u"statisticsPercentiles"_s);
    m_percentiles->setColumnCount(5);
    m_percentiles->setHorizontalHeaderLabels(
        {tr("count"), tr("p50"), tr("p90"), tr("p99"), tr("max")});
    const QStringList rows{tr("Request (workload)"), tr("Acquire wait"), tr("Dial (TCP)"),
                           tr("TLS handshake"),      tr("Lease held"),   tr("Idle before reuse"),
                           tr("Age at close")};
    m_percentiles->setRowCount(int(rows.size()));
    m_percentiles->setVerticalHeaderLabels(rows);
    m_percentiles->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_percentiles->setSelectionMode(QAbstractItemView::NoSelection);
    m_percentiles->setFocusPolicy(Qt::NoFocus);
    m_percentiles->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_percentiles->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_percentiles->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    for (int r = 0; r < m_percentiles->rowCount(); ++r) {
        for (int c = 0; c < m_percentiles->columnCount(); ++c) {
            auto *item = new QTableWidgetItem;
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_percentiles->setItem(r, c, item);
        }
    }
    m_percentiles->setToolTip(tr("Request: what the workload's callers waited, connection "
                                 "included. Dial: resolve and TCP connect, measured by the "
                                 "pool; the lab's simulated handshake is not in it (it delays "
                                 "the first answer)."));
    durationsLayout->addWidget(m_percentiles);
    layout->addWidget(durations, 4);

    auto *closes = new QGroupBox(tr("Closes and failures"), this);
    auto *closesLayout = new QVBoxLayout(closes);
    m_evictions->setObjectName(u"statisticsEvictions"_s);
    m_evictions->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_evictions->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    closesLayout->addWidget(m_evictions);
    closesLayout->addStretch();
    layout->addWidget(closes, 2);

    m_refresh.setInterval(RefreshIntervalMs);
    connect(&m_refresh, &QTimer::timeout, this, [this] {
        if (m_dirty && isVisible())
            refresh();
    });
    m_refresh.start();
    refresh();
}

void StatisticsView::setStats(const PoolStats &stats)
{
    m_stats = stats;
    m_dirty = true;
}

void StatisticsView::addProgress(const LoadProgress &progress)
{
    m_requestLatency.merge(progress.intervalLatency);
    m_dirty = true;
}

void StatisticsView::setSimulatedHandshakeMs(qint64 ms)
{
    m_simulatedHandshakeMs = ms;
    m_dirty = true;
}

QString StatisticsView::summaryText() const
{
    return m_summary->text();
}

void StatisticsView::refresh()
{
    m_dirty = false;
    const PoolStats &s = m_stats;
    const qint64 medianDialNs = s.dialTime.percentile(50);
    const qint64 savedNs = qint64(s.handshakesSaved()) * medianDialNs;
    QString html = u"<table cellspacing=0 cellpadding=2>"_s;
    html += row(tr("Handshakes saved"), QString::number(s.handshakesSaved()),
                tr("leases served by an idle connection"));
    html += row(tr("Reuse ratio"), u"%1 %"_s.arg(s.reuseRatio() * 100, 0, 'f', 1),
                tr("%1 of %2 leases").arg(s.reuses).arg(s.acquisitions));
    html += row(
        tr("Time saved"), Presentation::duration(savedNs),
        tr("handshakes saved × median dial time (%1)").arg(Presentation::duration(medianDialNs)));
    if (m_simulatedHandshakeMs > 0)
        html += row(
            tr("…and simulated"),
            Presentation::duration(qint64(s.handshakesSaved()) * m_simulatedHandshakeMs
                                   * 1'000'000),
            tr("handshakes saved × the lab's %1 ms setup delay").arg(m_simulatedHandshakeMs));
    html += row(tr("Dials"), QString::number(s.dials),
                s.earlyCloses ? tr("%1 failed, %2 closed by the server right after the dial")
                                    .arg(s.dialFailures)
                                    .arg(s.earlyCloses)
                              : tr("%1 failed").arg(s.dialFailures));
    html += row(tr("Open now"), QString::number(s.open),
                tr("%1 in use, %2 idle, %3 dialing; peak %4")
                    .arg(s.inUse)
                    .arg(s.idle)
                    .arg(s.dialing)
                    .arg(s.peakOpen));
    html += row(tr("Waited for a connection"), QString::number(s.waits),
                tr("%1 waiting now").arg(s.waiting));
    html += row(tr("Acquire timeouts"), QString::number(s.acquireTimeouts),
                tr("callers that gave up waiting"));
    html += row(tr("Generation"), QString::number(s.generation), tr("flushes start a new one"));
    html += u"</table>"_s;
    m_summary->setText(html);

    const LatencyHistogram *histograms[]
        = {&m_requestLatency, &s.acquireWait, &s.dialTime,  &s.tlsTime,
           &s.holdTime,       &s.idleAtReuse, &s.ageAtClose};
    for (int r = 0; r < m_percentiles->rowCount(); ++r) {
        const LatencyHistogram &h = *histograms[r];
        const bool empty = !h.count();
        m_percentiles->item(r, 0)->setText(QString::number(h.count()));
        m_percentiles->item(r, 1)->setText(empty ? QString()
                                                 : Presentation::duration(h.percentile(50)));
        m_percentiles->item(r, 2)->setText(empty ? QString()
                                                 : Presentation::duration(h.percentile(90)));
        m_percentiles->item(r, 3)->setText(empty ? QString()
                                                 : Presentation::duration(h.percentile(99)));
        m_percentiles->item(r, 4)->setText(empty ? QString() : Presentation::duration(h.max()));
    }

    QString closes = u"<table cellspacing=0 cellpadding=2>"_s;
    bool any = false;
    for (int reason = 1; reason < PoolStats::ReasonCount; ++reason) {
        const quint64 count = s.evictions[size_t(reason)];
        if (!count)
            continue;
        any = true;
        const auto r = EvictionReason(reason);
        closes
            += u"<tr><td><span style='color:%1'>■</span> %2</td><td align=right><b>%3</b>"
               "</td></tr>"_s.arg(Presentation::reasonColor(r).name(), Presentation::reasonLabel(r))
                   .arg(count);
    }
    for (int error = 1; error < PoolStats::DialErrorCount; ++error) {
        const quint64 count = s.dialFailuresByError[size_t(error)];
        if (!count)
            continue;
        any = true;
        closes += u"<tr><td style='color:#b02a1e'>%1</td><td align=right><b>%2</b></td></tr>"_s
                      .arg(Presentation::dialErrorLabel(DialError(error)))
                      .arg(count);
    }
    closes += u"</table>"_s;
    m_evictions->setText(any ? closes : tr("No connection closed yet."));
}

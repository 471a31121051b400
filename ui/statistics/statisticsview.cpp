#include "statisticsview.h"

#include "presentation.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

// Statistics are read, not watched: twice a second is plenty and costs nothing.
constexpr int RefreshIntervalMs = 500;
// As many rows as the other columns have, so the view stays as low as they are.
constexpr qsizetype ClosesPerColumn = 6;

QString row(const QString &name, const QString &value, const QString &note = {})
{
    return u"<tr><td>%1</td><td align=right><b>%2</b></td><td style='color:#6b7280'>%3</td>"
           "</tr>"_s.arg(name, value, note);
}

QString heading(const QString &text)
{
    return u"<tr><td colspan=3><b>%1</b></td></tr>"_s.arg(text);
}

QLabel *htmlLabel(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setTextFormat(Qt::RichText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    return label;
}

} // namespace

StatisticsView::StatisticsView(QWidget *parent)
    : QWidget(parent)
    , m_since(new QLabel(this))
    , m_reset(new QPushButton(tr("Reset statistics"), this))
    , m_startFromZero(new QPushButton(tr("Start from zero"), this))
    , m_summary(htmlLabel(u"statisticsSummary"_s, this))
    , m_requests(htmlLabel(u"statisticsRequests"_s, this))
    , m_percentiles(new QTableWidget(this))
    , m_evictions(htmlLabel(u"statisticsEvictions"_s, this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->setSpacing(2);

    auto *top = new QHBoxLayout;
    m_since->setObjectName(u"statisticsSince"_s);
    m_since->setToolTip(tr("Every number here counts from the same moment: when the pool "
                           "started, or when the statistics were last reset."));
    top->addWidget(m_since, 1);
    m_reset->setObjectName(u"statisticsReset"_s);
    m_reset->setToolTip(tr("Zero the pool's counters and histograms and the workload's totals. "
                           "Open connections, the gauges and the generation stay."));
    m_startFromZero->setObjectName(u"statisticsStartFromZero"_s);
    m_startFromZero->setToolTip(tr("Reset the statistics and also clear the charts, the closed "
                                   "lanes and rows, the event log and the request list: one "
                                   "lesson's numbers do not mix into the next."));
    connect(m_reset, &QPushButton::clicked, this, &StatisticsView::resetRequested);
    connect(m_startFromZero, &QPushButton::clicked, this, &StatisticsView::startFromZeroRequested);
    top->addWidget(m_reset);
    top->addWidget(m_startFromZero);
    layout->addLayout(top);

    auto *columns = new QHBoxLayout;
    columns->setSpacing(10);
    m_summary->setToolTip(
        tr("Handshakes saved: leases served by a connection that was already open. Time saved: "
           "handshakes saved × what a new connection costs, the median dial (resolve and TCP "
           "connect) plus the median TLS handshake, plus on the lab its setup delay (which the "
           "pool's dial time does not contain: it delays the first answer)."));
    columns->addWidget(m_summary);
    m_requests->setToolTip(
        tr("Requests: the workload's, those that completed and those that failed; a "
           "comparison's requests are counted in the Compare tab (the pool's own counts, such "
           "as leases and dials, include them). Stale "
           "retries: requests that failed on a reused connection the server had closed, and "
           "were sent again on a new one. Waited for a busy pool: acquires that found every one "
           "of max connections in use and waited for one to come back. Waited for a dial: "
           "acquires that waited for a new connection to be dialed, as every unpooled request "
           "does."));
    columns->addWidget(m_requests);

    m_percentiles->setObjectName(u"statisticsPercentiles"_s);
    // Two-line names, so each column is as wide as its values: the closes beside need the room
    // at 1280 pixels.
    const QStringList durations{tr("Request"),      tr("Acquire"),     tr("Dial"),
                                tr("TLS"),          tr("Lease\nheld"), tr("Idle at\nreuse"),
                                tr("Age at\nclose")};
    m_percentiles->setColumnCount(int(durations.size()));
    m_percentiles->setHorizontalHeaderLabels(durations);
    // How many each column measured is in its header's tooltip: the row it took is the room
    // the two-line names need.
    m_percentiles->setRowCount(4);
    m_percentiles->setVerticalHeaderLabels({tr("p50"), tr("p90"), tr("p99"), tr("max")});
    m_percentiles->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_percentiles->setSelectionMode(QAbstractItemView::NoSelection);
    m_percentiles->setFocusPolicy(Qt::NoFocus);
    m_percentiles->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_percentiles->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_percentiles->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_percentiles->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_percentiles->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
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
                                 "the first answer). Lease held: from acquire to release."));
    m_percentiles->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    m_percentiles->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    columns->addWidget(m_percentiles, 0, Qt::AlignTop);

    // Unwrapped: a reason broken over two lines ("made / room") took rows the dock lacks.
    m_evictions->setWordWrap(false);
    m_evictions->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    columns->addWidget(m_evictions, 1);
    layout->addLayout(columns, 1);

    m_refresh.setInterval(RefreshIntervalMs);
    connect(&m_refresh, &QTimer::timeout, this, [this] {
        if (m_dirty && isVisible())
            refresh();
    });
    m_refresh.start();
    refresh();
}

bool StatisticsView::follow(qint64 sinceNs)
{
    if (sinceNs < m_sinceNs)
        return false;
    if (sinceNs > m_sinceNs) {
        m_wasReset = m_sinceNs != 0;
        m_sinceNs = sinceNs;
        m_requestLatency.reset();
        m_ok = 0;
        m_failed = 0;
        m_staleRetries = 0;
    }
    return true;
}

void StatisticsView::setStats(const PoolStats &stats, qint64 nowNs)
{
    if (!follow(stats.sinceNs))
        return;
    m_stats = stats;
    m_nowNs = nowNs;
    m_dirty = true;
}

void StatisticsView::addProgress(const LoadProgress &progress)
{
    if (!follow(progress.statisticsSinceNs))
        return;
    // The totals start again with each run and at each reset; a report that continues the
    // one before adds what its total grew by.
    const bool continues = progress.timeNs - progress.intervalNs == m_lastProgressEndNs;
    m_staleRetries += continues && progress.staleRetries >= m_lastStaleTotal
        ? progress.staleRetries - m_lastStaleTotal
        : progress.staleRetries;
    m_lastStaleTotal = progress.staleRetries;
    m_lastProgressEndNs = progress.timeNs;
    m_ok += progress.intervalOk();
    m_failed += progress.intervalFailed;
    m_requestLatency.merge(progress.intervalLatency);
    m_dirty = true;
}

void StatisticsView::clear()
{
    m_stats = {};
    m_nowNs = 0;
    m_sinceNs = 0;
    m_wasReset = false;
    m_requestLatency.reset();
    m_ok = 0;
    m_failed = 0;
    m_staleRetries = 0;
    m_lastStaleTotal = 0;
    m_lastProgressEndNs = 0;
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

QString StatisticsView::requestsText() const
{
    return m_requests->text();
}

QString StatisticsView::summaryHtml() const
{
    const PoolStats &s = m_stats;
    const qint64 medianDialNs = s.dialTime.percentile(50);
    const qint64 medianTlsNs = s.tlsTime.percentile(50);
    // What one new connection costs, so what each reuse saved.
    const qint64 perHandshakeNs = medianDialNs + medianTlsNs + m_simulatedHandshakeMs * 1'000'000;
    // Right after a reset no dial may have been measured yet: say so rather than count 0.
    QString parts = s.dialTime.count() ? tr("dial %1").arg(Presentation::duration(medianDialNs))
                                       : tr("dial not measured yet");
    if (s.tlsTime.count())
        parts += tr(" + TLS %1").arg(Presentation::duration(medianTlsNs));
    if (m_simulatedHandshakeMs > 0)
        parts += tr(" + lab setup %1 ms").arg(m_simulatedHandshakeMs);
    QString html = u"<table cellspacing=0 cellpadding=1>"_s + heading(tr("Does pooling pay off?"));
    html += row(tr("Handshakes saved"), QString::number(s.handshakesSaved()),
                tr("%1 % of %2 leases").arg(s.reuseRatio() * 100, 0, 'f', 1).arg(s.acquisitions));
    html += row(tr("Time saved"),
                Presentation::duration(qint64(s.handshakesSaved()) * perHandshakeNs));
    html += u"<tr><td colspan=3 style='color:#6b7280'>&nbsp;&nbsp;= %1 × (%2)</td></tr>"_s
                .arg(s.handshakesSaved())
                .arg(parts);
    html += row(tr("Dials"), QString::number(s.dials),
                s.earlyCloses
                    ? tr("%1 failed, %2 closed at once").arg(s.dialFailures).arg(s.earlyCloses)
                    : tr("%1 failed").arg(s.dialFailures));
    QString open = tr("%1 in use, %2 idle").arg(s.inUse).arg(s.idle);
    if (s.dialing)
        open += tr(", %1 dialing").arg(s.dialing);
    html += row(tr("Open now"), QString::number(s.open), open + tr("; peak %1").arg(s.peakOpen));
    html += row(tr("Generation"), QString::number(s.generation));
    return html + u"</table>"_s;
}

QString StatisticsView::requestsHtml() const
{
    const PoolStats &s = m_stats;
    QString html = u"<table cellspacing=0 cellpadding=1>"_s + heading(tr("Requests and waits"));
    html += row(tr("Requests"), QString::number(m_ok));
    html += row(tr("Failed"),
                m_failed ? u"<span style='color:#b02a1e'>%1</span>"_s.arg(m_failed) : u"0"_s);
    html += row(tr("Stale retries"), QString::number(m_staleRetries));
    html += row(tr("Waited for a busy pool"), QString::number(s.waits));
    html += row(tr("Waited for a dial"), QString::number(s.dialWaits));
    html += row(tr("Acquire timeouts"), QString::number(s.acquireTimeouts));
    return html + u"</table>"_s;
}

QString StatisticsView::closesHtml() const
{
    const PoolStats &s = m_stats;
    QStringList cells; // a name and a count each
    for (int reason = 1; reason < PoolStats::ReasonCount; ++reason) {
        const quint64 count = s.evictions[size_t(reason)];
        if (!count)
            continue;
        const auto r = EvictionReason(reason);
        cells
            << u"<td nowrap><span style='color:%1'>■</span> %2</td><td align=right><b>%3</b></td>"_s
                   .arg(Presentation::reasonColor(r).name(), Presentation::reasonLabel(r))
                   .arg(count);
    }
    for (int error = 1; error < PoolStats::DialErrorCount; ++error) {
        const quint64 count = s.dialFailuresByError[size_t(error)];
        if (!count)
            continue;
        cells << u"<td nowrap style='color:#b02a1e'>%1</td><td align=right><b>%2</b></td>"_s
                     .arg(Presentation::dialErrorLabel(DialError(error)))
                     .arg(count);
    }
    if (cells.isEmpty())
        cells << u"<td colspan=2>%1</td>"_s.arg(tr("No connection closed yet."));
    // Column after column of a few rows, so that many reasons make it wider, not taller.
    const qsizetype rows = std::min<qsizetype>(cells.size(), ClosesPerColumn);
    const qsizetype columns = (cells.size() + rows - 1) / rows;
    QString html = u"<table cellspacing=0 cellpadding=1><tr><td colspan=%1><b>%2</b></td></tr>"_s
                       .arg(columns * 3)
                       .arg(tr("Closes and failures"));
    for (qsizetype r = 0; r < rows; ++r) {
        html += u"<tr>"_s;
        for (qsizetype c = 0; c < columns; ++c) {
            const qsizetype i = c * rows + r;
            html += (i < cells.size() ? cells[i] : u"<td></td><td></td>"_s)
                + u"<td width=12></td>"_s;
        }
        html += u"</tr>"_s;
    }
    return html + u"</table>"_s;
}

void StatisticsView::refresh()
{
    m_dirty = false;
    const QString since
        = m_wasReset ? tr("since the statistics were reset") : tr("since the pool started");
    m_since->setText(
        m_sinceNs && m_nowNs >= m_sinceNs
            ? tr("Counting for %1, %2.").arg(Presentation::duration(m_nowNs - m_sinceNs), since)
            : tr("Counting %1.").arg(since));
    m_summary->setText(summaryHtml());
    m_requests->setText(requestsHtml());
    m_evictions->setText(closesHtml());

    const PoolStats &s = m_stats;
    const LatencyHistogram *histograms[]
        = {&m_requestLatency, &s.acquireWait, &s.dialTime,  &s.tlsTime,
           &s.holdTime,       &s.idleAtReuse, &s.ageAtClose};
    for (int c = 0; c < m_percentiles->columnCount(); ++c) {
        const LatencyHistogram &h = *histograms[c];
        const bool empty = !h.count();
        const auto at
            = [&](double q) { return empty ? QString() : Presentation::duration(h.percentile(q)); };
        m_percentiles->horizontalHeaderItem(c)->setToolTip(
            tr("%n measured", nullptr, int(h.count())));
        m_percentiles->item(0, c)->setText(at(50));
        m_percentiles->item(1, c)->setText(at(90));
        m_percentiles->item(2, c)->setText(at(99));
        m_percentiles->item(3, c)->setText(empty ? QString() : Presentation::duration(h.max()));
    }
}

#include "requestsview.h"

#include "legend.h"
#include "presentation.h"
#include "requestlistmodel.h"
#include "requestphases.h"
#include "requesttimingdelegate.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

RequestsView::RequestsView(QWidget *parent)
    : QWidget(parent)
    , m_model(new RequestListModel(this))
    , m_table(new QTableView(this))
    , m_detail(new QLabel(this))
    , m_note(new QLabel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);

    auto *legend = new Legend(this);
    legend->setObjectName(u"requestsLegend"_s);
    QString legendTip;
    for (int p = 0; p < RequestPhases::Count; ++p) {
        const auto phase = RequestPhases::Phase(p);
        legend->addSwatch(RequestPhases::color(phase), RequestPhases::name(phase),
                          RequestPhases::style(phase),
                          RequestPhases::style(phase) == Qt::SolidPattern
                              ? QColor()
                              : RequestPhases::color(phase).lighter(170));
        legendTip += u"<p><b>%1</b>: %2</p>"_s.arg(RequestPhases::name(phase),
                                                   RequestPhases::description(phase));
    }
    legend->setToolTip(legendTip);
    auto *top = new QHBoxLayout;
    top->addWidget(legend);
    top->addStretch();
    m_note->setObjectName(u"requestsNote"_s);
    m_note->setForegroundRole(QPalette::PlaceholderText);
    m_note->setText(tr("The last %1 requests, sampled · * inferred, not measured")
                        .arg(RequestListModel::Capacity));
    m_note->setToolTip(tr("The last %1 requests of the workload: all of them up to %2 every "
                          "quarter of a second, then only those that dialed, failed or were "
                          "retried.<p>%3</p>")
                           .arg(RequestListModel::Capacity)
                           .arg(LoadProgress::RecentAll)
                           .arg(RequestPhases::description(RequestPhases::LabSetup)));
    top->addWidget(m_note);
    layout->addLayout(top);

    auto *body = new QHBoxLayout;
    body->setSpacing(6);
    m_table->setObjectName(u"requestsTable"_s);
    m_table->setModel(m_model);
    m_table->setItemDelegateForColumn(RequestListModel::TimingColumn,
                                      new RequestTimingDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    QHeaderView *header = m_table->horizontalHeader();
    header->setMinimumSectionSize(60);
    fitColumns();
    header->setSectionResizeMode(RequestListModel::TimingColumn, QHeaderView::Stretch);
    body->addWidget(m_table, 3);

    m_detail->setObjectName(u"requestDetail"_s);
    m_detail->setTextFormat(Qt::RichText);
    m_detail->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_detail->setWordWrap(true);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detail->setMinimumWidth(fontMetrics().horizontalAdvance(u"M"_s) * 22);
    m_detail->setToolTip(
        tr("The parts of the selected request, or of the newest when none is selected.")
        + legendTip);
    body->addWidget(m_detail, 1);
    layout->addLayout(body, 1);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &RequestsView::showDetail);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &RequestsView::showDetail);
    connect(m_model, &QAbstractItemModel::modelReset, this, &RequestsView::showDetail);
    showDetail();
}

void RequestsView::fitColumns()
{
    // Widths from the widest text each column can hold, once: sizing to the rows' contents
    // would lay out every row's text again each time requests arrive, four times a second.
    QStringList results{tr("ok, retried")};
    for (int error = 0; error < LoadProgress::ErrorCount; ++error)
        results << RequestPhases::errorText(RequestError(error));
    QFont bold = font();
    bold.setBold(true);
    const QStringList samples[] = {
        {Presentation::sessionTime(99 * 3'600'000'000'000, 0)},
        {tr("#%1 reused").arg(99'999), tr("#%1 new").arg(99'999)},
        results,
        {Presentation::duration(9'999'000'000), Presentation::duration(999'900'000)},
    };
    const int padding
        = 2 * style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, m_table) + 12;
    QHeaderView *header = m_table->horizontalHeader();
    for (int column = 0; column < RequestListModel::TimingColumn; ++column) {
        const QFontMetrics metrics(column == RequestListModel::ConnectionColumn ? bold : font());
        int width = header->fontMetrics().horizontalAdvance(
                        m_model->headerData(column, Qt::Horizontal).toString())
            + padding;
        for (const QString &text : samples[column])
            width = std::max(width, metrics.horizontalAdvance(text) + padding);
        header->resizeSection(column, width);
    }
}

void RequestsView::setEpochNs(qint64 epochNs)
{
    m_epochNs = epochNs;
    m_model->setEpochNs(epochNs);
}

void RequestsView::setLabSetupMs(qint64 ms)
{
    m_model->setLabSetupNs(ms * 1'000'000);
}

void RequestsView::addProgress(const LoadProgress &progress)
{
    m_model->addRequests(progress.recentRequests);
}

void RequestsView::setPaused(bool paused)
{
    m_model->setPaused(paused);
}

void RequestsView::clear()
{
    m_model->clear();
}

QString RequestsView::detailText() const
{
    return m_detail->text();
}

void RequestsView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    showDetail();
}

void RequestsView::showDetail()
{
    if (!isVisible())
        return;
    if (!m_model->rowCount()) {
        m_detail->setText(tr("No request yet: start the workload (F5) and each request shows "
                             "here with where its time went."));
        return;
    }
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    const int row = current.isValid() ? current.row() : 0;
    const RequestRecord &r = m_model->record(row);
    const RequestPhases &phases = m_model->phases(row);
    QString html = u"<b>%1</b><br>"_s.arg(
        current.isValid()
            ? tr("Ended at %1").arg(Presentation::sessionTime(r.startNs + r.totalNs, m_epochNs))
            : tr("The newest request"));
    if (!r.connectionId)
        html += tr("no connection: %1").arg(RequestPhases::errorText(r.error));
    else if (r.reused)
        html
            += tr("connection #%1, reused (its lease %2)").arg(r.connectionId).arg(r.connectionUse);
    else
        html += tr("connection #%1, <b>new</b>: dialed for this request").arg(r.connectionId);
    html += u"<table cellspacing=0 cellpadding=1 width='100%'>"_s;
    for (int p = 0; p < RequestPhases::Count; ++p) {
        const auto phase = RequestPhases::Phase(p);
        const qint64 ns = phases.ns(phase);
        if (!ns && phase != RequestPhases::Queue && phase != RequestPhases::Waiting)
            continue;
        html
            += u"<tr><td><span style='color:%1'>■</span> %2</td><td align=right>%3</td></tr>"_s.arg(
                RequestPhases::color(phase).name(), RequestPhases::name(phase),
                Presentation::duration(ns));
    }
    html += u"<tr><td><b>%1</b></td><td align=right><b>%2</b></td></tr></table>"_s.arg(
        tr("Total"), Presentation::duration(r.totalNs));
    if (!r.ok())
        html += u"<span style='color:%1'>%2</span>"_s.arg(Presentation::closeMarkColor().name(),
                                                          r.message.toHtmlEscaped());
    m_detail->setText(html);
}

#include "connectionspanel.h"

#include "connectionfiltermodel.h"
#include "connectionmodel.h"
#include "connectionpresentationmodel.h"
#include "legend.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

using Activity = Presentation::Activity;

struct Filter
{
    const char *label;
    QList<Activity> activities;
};

const QList<Filter> &filters()
{
    static const QList<Filter> list{
        {QT_TRANSLATE_NOOP("ConnectionsPanel", "All connections"), {}},
        {QT_TRANSLATE_NOOP("ConnectionsPanel", "Open"),
         {Activity::Dialing, Activity::Idle, Activity::InUse}},
        {QT_TRANSLATE_NOOP("ConnectionsPanel", "Dialing"), {Activity::Dialing}},
        {QT_TRANSLATE_NOOP("ConnectionsPanel", "Idle"), {Activity::Idle}},
        {QT_TRANSLATE_NOOP("ConnectionsPanel", "In use"), {Activity::InUse}},
        {QT_TRANSLATE_NOOP("ConnectionsPanel", "Closed"), {Activity::Closed}},
    };
    return list;
}

} // namespace

ConnectionsPanel::ConnectionsPanel(const ConnectionLedger *ledger, QWidget *parent)
    : QWidget(parent)
    , m_model(new ConnectionModel(ledger, this))
    , m_filter(new ConnectionFilterModel(this))
    , m_presentation(new ConnectionPresentationModel(this))
    , m_stateFilter(new QComboBox(this))
    , m_count(new QLabel(this))
    , m_view(new QTableView(this))
{
    m_filter->setSourceModel(m_model);
    m_presentation->setSourceModel(m_filter);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    auto *bar = new QHBoxLayout;
    m_stateFilter->setObjectName(u"connectionFilter"_s);
    for (const Filter &filter : filters())
        m_stateFilter->addItem(tr(filter.label));
    m_stateFilter->setToolTip(tr("Show only connections in this state."));
    connect(m_stateFilter, &QComboBox::currentIndexChanged, this, &ConnectionsPanel::applyFilter);
    bar->addWidget(m_stateFilter);
    auto *legend = new Legend(this);
    for (const Activity activity :
         {Activity::Dialing, Activity::Idle, Activity::InUse, Activity::Closed})
        legend->addSwatch(Presentation::activityColor(activity),
                          Presentation::activityLabel(activity));
    bar->addWidget(legend, 1);
    m_count->setObjectName(u"connectionCount"_s);
    bar->addWidget(m_count);
    layout->addLayout(bar);

    m_view->setObjectName(u"connectionTable"_s);
    m_view->setModel(m_presentation);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(ConnectionModel::IdColumn, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(false);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    QHeaderView *header = m_view->horizontalHeader();
    header->setStretchLastSection(true);
    header->setHighlightSections(false);
    const int digit = m_view->fontMetrics().horizontalAdvance(u'0');
    const int widths[ConnectionModel::ColumnCount] = {11, 13, 17, 9, 9, 11, 7, 9, 9, 11, 9, 6, 12};
    for (int column = 0; column < ConnectionModel::ColumnCount; ++column)
        header->resizeSection(column, widths[column] * digit + 12);
    layout->addWidget(m_view);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (!m_selecting && current.isValid())
                    Q_EMIT connectionSelected(
                        current.data(ConnectionModel::ConnectionIdRole).toULongLong());
            });
    showCount();
}

void ConnectionsPanel::refresh()
{
    m_model->refresh();
    showCount();
}

void ConnectionsPanel::selectConnection(quint64 connectionId)
{
    const int row = m_model->rowOf(connectionId);
    if (row < 0)
        return;
    const QModelIndex index
        = m_presentation->mapFromSource(m_filter->mapFromSource(m_model->index(row, 0)));
    if (!index.isValid())
        return;
    m_selecting = true;
    m_view->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index);
    m_selecting = false;
}

void ConnectionsPanel::applyFilter(int index)
{
    if (index >= 0 && index < filters().size())
        m_filter->setActivities(filters()[index].activities);
    showCount();
}

void ConnectionsPanel::showCount()
{
    const int closed = m_model->closedRowCount();
    m_count->setText(tr("%n connection(s) open", nullptr, m_model->rowCount() - closed)
                     + (closed ? tr(", %n recently closed", nullptr, closed) : QString()));
}

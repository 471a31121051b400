#include "eventlogpanel.h"

#include "eventlogmodel.h"
#include "eventpresentationmodel.h"
#include "presentation.h"

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

struct KindFilter
{
    const char *label;
    QList<EventKind> kinds;
    bool problems = false; // only what EventLogModel::isProblem() counts
};

QList<KindFilter> kindFilters()
{
    QList<KindFilter> list{
        {QT_TRANSLATE_NOOP("EventLogPanel", "All events"), {}},
        {QT_TRANSLATE_NOOP("EventLogPanel", "Dials and closes"),
         {EventKind::DialStarted, EventKind::DialSucceeded, EventKind::DialFailed,
          EventKind::Evicted, EventKind::Cleared, EventKind::PoolCreated, EventKind::PoolReady,
          EventKind::PoolPaused, EventKind::PoolClosed}},
        {QT_TRANSLATE_NOOP("EventLogPanel", "Leases (acquire, release)"),
         {EventKind::AcquireStarted, EventKind::Acquired, EventKind::Released}},
        {QT_TRANSLATE_NOOP("EventLogPanel", "Waiters"),
         {EventKind::WaiterQueued, EventKind::WaiterTimedOut, EventKind::WaiterCancelled,
          EventKind::WaiterFailed}},
        {QT_TRANSLATE_NOOP("EventLogPanel", "Problems"), {}, true},
    };
    return list;
}

constexpr int AllKinds = int(EnumNames<EventKind>::last) + 1;

} // namespace

EventLogPanel::EventLogPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new EventLogModel(this))
    , m_presentation(new EventPresentationModel(this))
    , m_kinds(new QComboBox(this))
    , m_connection(new QLineEdit(this))
    , m_pause(new QPushButton(tr("Pause"), this))
    , m_count(new QLabel(this))
    , m_view(new QTableView(this))
{
    m_presentation->setSourceModel(m_model);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    auto *bar = new QHBoxLayout;

    m_kinds->setObjectName(u"eventKindFilter"_s);
    const QList<KindFilter> filters = kindFilters();
    for (const KindFilter &filter : filters)
        m_kinds->addItem(tr(filter.label));
    m_kinds->insertSeparator(m_kinds->count());
    for (int kind = 0; kind < AllKinds; ++kind)
        m_kinds->addItem(Presentation::kindLabel(EventKind(kind)), kind);
    m_kinds->setToolTip(tr("Show only events of these kinds. Problems: failed dials, "
                           "connections lost to the server or the network (peer closed, "
                           "socket error, keepalive timeout, stale check, unexpected data, "
                           "broken), acquire timeouts, failed waiters and misuse; not the "
                           "pool's routine closes (idle timeout, max lifetime, single use)."));
    connect(m_kinds, &QComboBox::currentIndexChanged, this, &EventLogPanel::applyKindFilter);
    bar->addWidget(m_kinds);

    m_connection->setObjectName(u"eventConnectionFilter"_s);
    m_connection->setPlaceholderText(tr("connection #"));
    m_connection->setClearButtonEnabled(true);
    m_connection->setMaximumWidth(130);
    m_connection->setToolTip(tr("Show only the events of one connection (its number); empty "
                                "for all."));
    connect(m_connection, &QLineEdit::textChanged, this, &EventLogPanel::applyConnectionFilter);
    bar->addWidget(m_connection);

    m_pause->setObjectName(u"eventPause"_s);
    m_pause->setCheckable(true);
    m_pause->setToolTip(tr("Freeze the list to read it; events are still recorded (F8 pauses "
                           "every view)."));
    connect(m_pause, &QPushButton::toggled, this, &EventLogPanel::setPaused);
    bar->addWidget(m_pause);

    auto *json = new QPushButton(tr("Export JSON lines…"), this);
    json->setToolTip(tr("Save the events the filter shows, oldest first, one JSON object per "
                        "line (the format of poolscope run --events)."));
    connect(json, &QPushButton::clicked, this, [this] { exportInteractively(false); });
    bar->addWidget(json);
    auto *csv = new QPushButton(tr("Export CSV…"), this);
    csv->setToolTip(tr("Save the events the filter shows, oldest first, as CSV."));
    connect(csv, &QPushButton::clicked, this, [this] { exportInteractively(true); });
    bar->addWidget(csv);
    bar->addStretch();
    m_count->setObjectName(u"eventCount"_s);
    bar->addWidget(m_count);
    layout->addLayout(bar);

    m_view->setObjectName(u"eventTable"_s);
    m_view->setModel(m_presentation);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    QHeaderView *header = m_view->horizontalHeader();
    header->setStretchLastSection(true);
    header->setHighlightSections(false);
    const int digit = m_view->fontMetrics().horizontalAdvance(u'0');
    header->resizeSection(EventLogModel::TimeColumn, 11 * digit + 12);
    header->resizeSection(EventLogModel::KindColumn, 16 * digit + 12);
    header->resizeSection(EventLogModel::ConnectionColumn, 10 * digit + 12);
    header->resizeSection(EventLogModel::GenerationColumn, 5 * digit + 12);
    layout->addWidget(m_view);
    showCount();
}

void EventLogPanel::setEpochNs(qint64 epochNs)
{
    m_presentation->setEpochNs(epochNs);
}

void EventLogPanel::addEvents(const QList<PoolEvent> &events)
{
    m_model->addEvents(events);
    showCount();
}

void EventLogPanel::clear()
{
    m_model->clear();
    showCount();
}

void EventLogPanel::setPaused(bool paused)
{
    if (paused == m_model->isPaused())
        return;
    m_model->setPaused(paused);
    m_pause->setChecked(paused);
    m_pause->setText(paused ? tr("Resume") : tr("Pause"));
    showCount();
    Q_EMIT pausedChanged(paused);
}

bool EventLogPanel::isPaused() const
{
    return m_model->isPaused();
}

void EventLogPanel::setConnectionFilter(quint64 connectionId)
{
    m_connection->setText(connectionId ? QString::number(connectionId) : QString());
}

void EventLogPanel::applyKindFilter(int index)
{
    const QList<KindFilter> filters = kindFilters();
    if (index < filters.size()) {
        m_model->setKindFilter(filters[index].kinds, filters[index].problems);
    } else {
        const QVariant kind = m_kinds->itemData(index);
        if (kind.isValid())
            m_model->setKindFilter({EventKind(kind.toInt())});
    }
    showCount();
}

void EventLogPanel::applyConnectionFilter()
{
    QString text = m_connection->text().trimmed();
    if (text.startsWith(u'#'))
        text.remove(0, 1);
    bool ok = false;
    const quint64 id = text.toULongLong(&ok);
    const bool valid = text.isEmpty() || ok;
    m_connection->setStyleSheet(valid ? QString() : u"border: 1px solid #c0392b;"_s);
    m_connection->setToolTip(valid ? tr("Show only the events of one connection (its number); "
                                        "empty for all.")
                                   : tr("\"%1\" is not a connection number.").arg(text));
    if (valid)
        m_model->setConnectionFilter(text.isEmpty() ? 0 : id);
    showCount();
}

void EventLogPanel::showCount()
{
    m_count->setText(tr("%1 shown · %2 kept (last %3)")
                         .arg(m_model->rowCount())
                         .arg(m_model->storedCount())
                         .arg(m_model->capacity()));
}

QString EventLogPanel::exportTo(const QString &path, bool csv) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return file.errorString();
    if (csv)
        m_model->writeCsv(&file);
    else
        m_model->writeJsonLines(&file);
    if (!file.commit())
        return file.errorString();
    return {};
}

void EventLogPanel::exportInteractively(bool csv)
{
    const QString path = QFileDialog::getSaveFileName(
        this, csv ? tr("Export events as CSV") : tr("Export events as JSON lines"),
        csv ? u"poolscope-events.csv"_s : u"poolscope-events.jsonl"_s,
        csv ? tr("CSV (*.csv)") : tr("JSON lines (*.jsonl *.json)"));
    if (path.isEmpty())
        return;
    if (const QString error = exportTo(path, csv); !error.isEmpty())
        QMessageBox::warning(this, tr("Export events"),
                             tr("%1 could not be written: %2").arg(path, error));
}

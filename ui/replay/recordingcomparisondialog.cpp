#include "recordingcomparisondialog.h"

#include "presentation.h"
#include "recordingcomparison.h"
#include "replay.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

using namespace Qt::StringLiterals;

RecordingComparisonDialog::RecordingComparisonDialog(const QString &first, QWidget *parent)
    : QDialog(parent)
    , m_first(new QLineEdit(first, this))
    , m_second(new QLineEdit(this))
    , m_message(new QLabel(this))
    , m_table(new QTableWidget(0, 4, this))
{
    setWindowTitle(tr("Compare recordings"));
    auto *files = new QFormLayout;
    files->addRow(tr("First:"), fileRow(m_first, tr("The first recording")));
    files->addRow(tr("Second:"), fileRow(m_second, tr("The second recording")));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_table->setHorizontalHeaderLabels(
        {tr("Figure"), tr("First"), tr("Second"), tr("Second ÷ first")});
    m_table->verticalHeader()->hide();
    // Every figure in view at once, at 1280x720 too.
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->setToolTip(tr("Each recording's first pool over the whole recording: the requests "
                           "of its workload and runs, and what its pool did meanwhile. A ratio "
                           "is left out where either figure is zero."));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *compare = buttons->addButton(tr("&Compare"), QDialogButtonBox::ActionRole);
    compare->setDefault(true);
    connect(compare, &QPushButton::clicked, this, &RecordingComparisonDialog::compare);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(files);
    layout->addWidget(m_message);
    layout->addWidget(m_table, 1);
    layout->addWidget(buttons);
    resize(620, 560);
}

QWidget *RecordingComparisonDialog::fileRow(QLineEdit *field, const QString &title)
{
    auto *row = new QWidget(this);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    field->setPlaceholderText(tr("a recording (.jsonl)"));
    auto *browse = new QPushButton(tr("Browse…"), row);
    connect(browse, &QPushButton::clicked, this, [this, field, title] {
        const QString path = QFileDialog::getOpenFileName(
            this, title, field->text(), tr("PoolScope recordings (*.jsonl *.json);;All files (*)"));
        if (!path.isEmpty())
            field->setText(path);
    });
    layout->addWidget(field, 1);
    layout->addWidget(browse);
    return row;
}

bool RecordingComparisonDialog::compare()
{
    RecordingComparison comparison;
    QStringList notices;
    for (auto [field, name, summary] :
         {std::tuple(m_first, &comparison.firstName, &comparison.first),
          std::tuple(m_second, &comparison.secondName, &comparison.second)}) {
        const QString path = field->text().trimmed();
        if (path.isEmpty()) {
            m_message->setText(tr("Give two recordings to compare."));
            return false;
        }
        QString error;
        QApplication::setOverrideCursor(Qt::WaitCursor);
        auto recording = Recording::readFile(path, &error);
        if (recording) {
            if (!recording->notice().isEmpty())
                notices << recording->notice();
            *summary = RecordingSummary::of(Replay(std::move(*recording)));
        }
        QApplication::restoreOverrideCursor();
        if (!recording) {
            m_message->setText(error);
            return false;
        }
        *name = QFileInfo(path).fileName();
    }
    m_message->setText(tr("First: %1 (%2, %3 s). Second: %4 (%5, %6 s).")
                           .arg(comparison.firstName, comparison.first.target)
                           .arg(comparison.first.seconds, 0, 'f', 1)
                           .arg(comparison.secondName, comparison.second.target)
                           .arg(comparison.second.seconds, 0, 'f', 1)
                       + (notices.isEmpty() ? QString() : u"\n"_s + notices.join(u'\n')));
    const QList<RecordingComparison::Row> rows = comparison.rows();
    m_table->setRowCount(int(rows.size()));
    for (int r = 0; r < rows.size(); ++r) {
        const RecordingComparison::Row &row = rows[r];
        const auto value = [&row](double v) {
            if (row.whole)
                return QString::number(qint64(v));
            return row.key.endsWith(u"_ms"_s) ? Presentation::milliseconds(v)
                                              : QString::number(v, 'f', 1);
        };
        const double ratio = row.ratio();
        const QStringList cells{
            figureName(row.key), value(row.first), value(row.second),
            std::isnan(ratio) ? u"–"_s : tr("%1×").arg(ratio, 0, 'f', ratio < 10 ? 2 : 1)};
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem(cells[c]);
            if (c > 0)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(r, c, item);
        }
    }
    for (int c = 1; c < m_table->columnCount(); ++c)
        m_table->resizeColumnToContents(c);
    return true;
}

QString RecordingComparisonDialog::figureName(const QString &key)
{
    static const QHash<QString, QString> names{
        {u"requests_per_second"_s, tr("requests/s")},
        {u"latency_p50_ms"_s, tr("latency p50")},
        {u"latency_p99_ms"_s, tr("latency p99")},
        {u"acquire_wait_p99_ms"_s, tr("acquire wait p99")},
        {u"requests"_s, tr("requests")},
        {u"failed"_s, tr("failed requests")},
        {u"stale_retries"_s, tr("stale retries")},
        {u"acquire_timeouts"_s, tr("acquire timeouts")},
        {u"request_timeouts"_s, tr("request timeouts")},
        {u"dials"_s, tr("handshakes (dials)")},
        {u"dial_failures"_s, tr("failed dials")},
        {u"reuses"_s, tr("reuses (handshakes saved)")},
        {u"evictions"_s, tr("closes")},
        {u"peak_open"_s, tr("peak open connections")},
        {u"load_seconds"_s, tr("seconds under load")},
        {u"seconds"_s, tr("recorded seconds")},
    };
    return names.value(key, key);
}

#include "probetablemodel.h"

#include <QColor>

using namespace Qt::StringLiterals;

namespace {

QString milliseconds(double ns)
{
    const double ms = ns / 1e6;
    return QString::number(ms, 'f', ms < 10 ? 2 : (ms < 100 ? 1 : 0));
}

QString detailOf(const ProbeStep &step)
{
    if (step.kind == ProbeStep::Kind::Resolve && step.ok) {
        QStringList addresses;
        for (const QHostAddress &address : step.addresses)
            addresses << address.toString();
        return u"%1: %2"_s.arg(step.source, addresses.join(u", "_s));
    }
    if (step.kind == ProbeStep::Kind::Tls && step.tls.valid) {
        QString text = u"%1 %2; \"%3\" by \"%4\", until %5; name %6; %7"_s.arg(
            step.tls.protocol, step.tls.cipher, step.tls.subject, step.tls.issuer,
            step.tls.expires.toUTC().toString(u"yyyy-MM-dd"_s),
            step.tls.nameMatches ? u"matches"_s : u"does not match"_s,
            step.tls.trusted ? u"trusted"_s : u"not trusted"_s);
        if (!step.message.isEmpty())
            text += u" (%1)"_s.arg(step.message);
        return text;
    }
    if (step.kind == ProbeStep::Kind::Response && step.ok && step.message.isEmpty())
        return u"%1 bytes, complete after %2 ms"_s.arg(step.responseBytes)
            .arg(milliseconds(double(step.completeNs)));
    return step.message;
}

} // namespace

ProbeTableModel::ProbeTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void ProbeTableModel::setResult(const ProbeResult &result)
{
    QList<Row> rows;
    for (const ProbeStepSummary &summary : result.summaries()) {
        Row row;
        row.summary = summary;
        for (const ProbeAttempt &attempt : result.attempts) {
            for (const ProbeStep &step : attempt.steps) {
                if (step.kind == summary.kind && step.address == summary.address)
                    row.last = step;
            }
        }
        rows << row;
    }
    // Rows only ever grow within one probe (a new address or step), so a reset is rare; the
    // usual update keeps the view's selection and scroll position.
    const bool sameRows
        = rows.size() == m_rows.size()
        && std::equal(rows.begin(), rows.end(), m_rows.begin(), [](const Row &a, const Row &b) {
               return a.summary.kind == b.summary.kind && a.summary.address == b.summary.address;
           });
    if (!sameRows) {
        beginResetModel();
        m_rows = rows;
        endResetModel();
        return;
    }
    m_rows = rows;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

void ProbeTableModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

int ProbeTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ProbeTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProbeTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const ProbeStepSummary &s = row.summary;
    if (role == Qt::ForegroundRole && index.column() == ResultColumn)
        return row.last.ok ? QColor(0x2e, 0x7d, 0x32) : QColor(0xc6, 0x28, 0x28);
    if (role == Qt::ToolTipRole && index.column() == DetailColumn)
        return detailOf(row.last);
    if (role == Qt::TextAlignmentRole && index.column() >= SentColumn
        && index.column() <= MaxColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    const bool timed = s.succeeded > 0;
    switch (Column(index.column())) {
    case AddressColumn:
        return s.address.isEmpty() ? u"-"_s : s.address;
    case StepColumn:
        return enumName(s.kind);
    case ResultColumn:
        return row.last.ok ? u"ok"_s : enumName(row.last.failure);
    case SentColumn:
        return u"%1/%2"_s.arg(s.succeeded).arg(s.sent);
    case LossColumn:
        return u"%1 %"_s.arg(QString::number(s.lossPercent(), 'f', 0));
    case MinColumn:
        return timed ? milliseconds(double(s.minNs)) : QString();
    case MeanColumn:
        return timed ? milliseconds(s.meanNs) : QString();
    case MaxColumn:
        return timed ? milliseconds(double(s.maxNs)) : QString();
    case DetailColumn:
        return detailOf(row.last);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant ProbeTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case AddressColumn:
        return tr("Address");
    case StepColumn:
        return tr("Step");
    case ResultColumn:
        return tr("Last result");
    case SentColumn:
        return tr("OK/sent");
    case LossColumn:
        return tr("Loss");
    case MinColumn:
        return tr("Min ms");
    case MeanColumn:
        return tr("Mean ms");
    case MaxColumn:
        return tr("Max ms");
    case DetailColumn:
        return tr("Detail");
    case ColumnCount:
        break;
    }
    return {};
}

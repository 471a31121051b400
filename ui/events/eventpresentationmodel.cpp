#include "eventpresentationmodel.h"

#include "eventlogmodel.h"
#include "presentation.h"

using namespace Qt::StringLiterals;

namespace {

QString detail(const PoolEvent &e)
{
    using P = Presentation;
    QString text;
    switch (e.kind) {
    case EventKind::DialStarted:
        text = EventPresentationModel::tr("new connection");
        break;
    case EventKind::DialSucceeded:
        text = EventPresentationModel::tr("connected to %1 in %2")
                   .arg(e.address, P::duration(e.dialNs));
        if (e.tlsNs)
            text += EventPresentationModel::tr(", TLS handshake %1").arg(P::duration(e.tlsNs));
        break;
    case EventKind::DialFailed:
        text = P::dialErrorLabel(e.dialError);
        break;
    case EventKind::Acquired:
        text = e.reused ? EventPresentationModel::tr("reused after %1 idle: a handshake saved")
                              .arg(P::duration(e.idleNs))
                        : EventPresentationModel::tr("fresh connection");
        if (e.waitNs > 0)
            text += EventPresentationModel::tr(", waited %1").arg(P::duration(e.waitNs));
        break;
    case EventKind::Released:
        text = EventPresentationModel::tr("held %1").arg(P::duration(e.holdNs));
        break;
    case EventKind::Evicted:
        text = EventPresentationModel::tr("%1, age %2")
                   .arg(P::reasonLabel(e.reason), P::duration(e.ageNs));
        if (e.idleNs)
            text += EventPresentationModel::tr(", idle %1").arg(P::duration(e.idleNs));
        break;
    case EventKind::WaiterQueued:
        // The pool says why it waits; a recording made before it did says nothing.
        text = EventPresentationModel::tr("waiter %1 queued").arg(e.waiterId);
        if (!e.message.isEmpty())
            text += u": "_s + e.message;
        if (e.dialError != DialError::None)
            text += EventPresentationModel::tr(" (last dial: %1)")
                        .arg(P::dialErrorLabel(e.dialError));
        return text;
    case EventKind::WaiterTimedOut:
        text = EventPresentationModel::tr("waiter %1 gave up after %2")
                   .arg(e.waiterId)
                   .arg(P::duration(e.waitNs));
        break;
    case EventKind::WaiterCancelled:
        text = EventPresentationModel::tr("waiter %1 cancelled after %2")
                   .arg(e.waiterId)
                   .arg(P::duration(e.waitNs));
        break;
    case EventKind::WaiterFailed:
        text = EventPresentationModel::tr("waiter %1 failed after %2")
                   .arg(e.waiterId)
                   .arg(P::duration(e.waitNs));
        break;
    case EventKind::Cleared:
        text = EventPresentationModel::tr("new generation %1").arg(e.generation);
        break;
    case EventKind::AcquireStarted:
        text = EventPresentationModel::tr("waiter %1 asks").arg(e.waiterId);
        break;
    case EventKind::Resolved:
    case EventKind::SettingsChanged:
    case EventKind::Misuse:
    case EventKind::PoolCreated:
    case EventKind::PoolReady:
    case EventKind::PoolPaused:
    case EventKind::PoolClosed:
        break;
    }
    if (!e.message.isEmpty())
        text = text.isEmpty() ? e.message : text + u": "_s + e.message;
    return text;
}

} // namespace

EventPresentationModel::EventPresentationModel(QObject *parent)
    : QIdentityProxyModel(parent)
{ }

QVariant EventPresentationModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    if (role != Qt::DisplayRole && role != Qt::ForegroundRole && role != Qt::TextAlignmentRole
        && role != Qt::ToolTipRole && role != Qt::DecorationRole)
        return QIdentityProxyModel::data(index, role);
    const auto event
        = QIdentityProxyModel::data(index, EventLogModel::EventRole).value<PoolEvent>();
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case EventLogModel::TimeColumn:
            return Presentation::sessionTime(event.timeNs, m_epochNs);
        case EventLogModel::KindColumn:
            return Presentation::kindLabel(event.kind);
        case EventLogModel::ConnectionColumn:
            return event.connectionId ? u"#%1"_s.arg(event.connectionId) : tr("pool");
        case EventLogModel::GenerationColumn:
            return event.generation;
        case EventLogModel::DetailColumn:
            return detail(event);
        }
        return {};
    case Qt::DecorationRole:
        if (column == EventLogModel::KindColumn && event.kind == EventKind::Evicted)
            return Presentation::reasonColor(event.reason);
        return {};
    case Qt::ForegroundRole:
        if (EventLogModel::isProblem(event))
            return Presentation::closeMarkColor();
        return {};
    case Qt::TextAlignmentRole:
        return int(Qt::AlignVCenter
                   | (column == EventLogModel::TimeColumn ? Qt::AlignRight : Qt::AlignLeft));
    case Qt::ToolTipRole:
        if (column == EventLogModel::DetailColumn)
            return detail(event);
        return {};
    }
    return {};
}

QVariant EventPresentationModel::headerData(int section, Qt::Orientation orientation,
                                            int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QIdentityProxyModel::headerData(section, orientation, role);
    switch (section) {
    case EventLogModel::TimeColumn:
        return tr("Time");
    case EventLogModel::KindColumn:
        return tr("Event");
    case EventLogModel::ConnectionColumn:
        return tr("Connection");
    case EventLogModel::GenerationColumn:
        return tr("Gen.");
    case EventLogModel::DetailColumn:
        return tr("Detail");
    }
    return {};
}

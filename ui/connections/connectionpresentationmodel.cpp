#include "connectionpresentationmodel.h"

#include "connectionmodel.h"
#include "presentation.h"

#include <QPalette>
#include <QPixmap>

using namespace Qt::StringLiterals;

namespace {

// Qt's small icon size, what the view draws a decoration at.
constexpr int SwatchSize = 16;

QString header(int column)
{
    switch (column) {
    case ConnectionModel::IdColumn:
        return ConnectionPresentationModel::tr("Connection");
    case ConnectionModel::StateColumn:
        return ConnectionPresentationModel::tr("State");
    case ConnectionModel::PeerColumn:
        return ConnectionPresentationModel::tr("Peer");
    case ConnectionModel::LocalPortColumn:
        return ConnectionPresentationModel::tr("Local port");
    case ConnectionModel::AgeColumn:
        return ConnectionPresentationModel::tr("Age");
    case ConnectionModel::StateTimeColumn:
        return ConnectionPresentationModel::tr("In state for");
    case ConnectionModel::UsesColumn:
        return ConnectionPresentationModel::tr("Uses");
    case ConnectionModel::BytesInColumn:
        return ConnectionPresentationModel::tr("Bytes in");
    case ConnectionModel::BytesOutColumn:
        return ConnectionPresentationModel::tr("Bytes out");
    case ConnectionModel::LastRequestColumn:
        return ConnectionPresentationModel::tr("Last request");
    case ConnectionModel::RttColumn:
        return ConnectionPresentationModel::tr("TCP RTT");
    case ConnectionModel::GenerationColumn:
        return ConnectionPresentationModel::tr("Gen.");
    case ConnectionModel::CloseReasonColumn:
        return ConnectionPresentationModel::tr("Closed because");
    }
    return {};
}

QString headerTip(int column)
{
    switch (column) {
    case ConnectionModel::IdColumn:
        return ConnectionPresentationModel::tr("The pool's number for the connection, in the "
                                               "order they were dialed.");
    case ConnectionModel::StateColumn:
        return ConnectionPresentationModel::tr(
            "Dialing (resolving, connecting, TLS), idle (parked, ready for reuse), in use (lent "
            "to a request) or closed.");
    case ConnectionModel::PeerColumn:
        return ConnectionPresentationModel::tr("The server address the connection goes to.");
    case ConnectionModel::LocalPortColumn:
        return ConnectionPresentationModel::tr("This side's port: it tells connections apart "
                                               "in tcpdump or ss.");
    case ConnectionModel::AgeColumn:
        return ConnectionPresentationModel::tr("Time since the dial began (until it closed, for "
                                               "closed connections).");
    case ConnectionModel::StateTimeColumn:
        return ConnectionPresentationModel::tr("How long it has been idle, in use or dialing; "
                                               "for closed connections, time since it closed.");
    case ConnectionModel::UsesColumn:
        return ConnectionPresentationModel::tr("How many times it was lent out. Every use after "
                                               "the first saved a handshake.");
    case ConnectionModel::BytesInColumn:
    case ConnectionModel::BytesOutColumn:
        return ConnectionPresentationModel::tr("Bytes the kernel counted on this connection "
                                               "(TCP_INFO), headers and TLS included.");
    case ConnectionModel::LastRequestColumn:
        return ConnectionPresentationModel::tr("How long the last lease was held: the latency "
                                               "of the last request on this connection.");
    case ConnectionModel::RttColumn:
        return ConnectionPresentationModel::tr("The kernel's smoothed round-trip time (TCP_INFO): "
                                               "the real network cost, without the server.");
    case ConnectionModel::GenerationColumn:
        return ConnectionPresentationModel::tr("The pool generation it was dialed in; flushing "
                                               "the pool starts a new one.");
    case ConnectionModel::CloseReasonColumn:
        return ConnectionPresentationModel::tr("Why the pool closed it, or why its dial failed.");
    }
    return {};
}

bool isNumeric(int column)
{
    return column != ConnectionModel::StateColumn && column != ConnectionModel::PeerColumn
        && column != ConnectionModel::CloseReasonColumn;
}

QString rtt(qint64 us)
{
    if (us < 0)
        return {};
    if (us < 1000)
        return ConnectionPresentationModel::tr("%1 µs").arg(us);
    return Presentation::milliseconds(double(us) / 1000.0);
}

} // namespace

ConnectionPresentationModel::ConnectionPresentationModel(QObject *parent)
    : QIdentityProxyModel(parent)
{ }

QVariant ConnectionPresentationModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const int column = index.column();
    const auto state
        = ConnectionState(QIdentityProxyModel::data(index, ConnectionModel::StateRole).toInt());
    const bool closed = state == ConnectionState::Closed;
    switch (role) {
    case Qt::DisplayRole: {
        const QVariant raw = QIdentityProxyModel::data(index, Qt::DisplayRole);
        switch (column) {
        case ConnectionModel::IdColumn:
            return u"#%1"_s.arg(raw.toULongLong());
        case ConnectionModel::StateColumn:
            return Presentation::stateLabel(ConnectionState(raw.toInt()));
        case ConnectionModel::PeerColumn:
            return raw;
        case ConnectionModel::LocalPortColumn:
            return raw.toInt() ? raw : QVariant();
        case ConnectionModel::AgeColumn:
        case ConnectionModel::StateTimeColumn:
        case ConnectionModel::LastRequestColumn:
            return Presentation::duration(raw.toLongLong());
        case ConnectionModel::UsesColumn:
        case ConnectionModel::GenerationColumn:
            return raw;
        case ConnectionModel::BytesInColumn:
        case ConnectionModel::BytesOutColumn:
            return Presentation::bytes(raw.toLongLong());
        case ConnectionModel::RttColumn:
            return rtt(raw.toLongLong());
        case ConnectionModel::CloseReasonColumn: {
            const auto reason = EvictionReason(raw.toInt());
            if (reason != EvictionReason::None)
                return Presentation::reasonLabel(reason);
            const auto info = QIdentityProxyModel::data(index, ConnectionModel::InfoRole)
                                  .value<ConnectionInfo>();
            return Presentation::dialErrorLabel(info.dialError);
        }
        }
        return raw;
    }
    case Qt::DecorationRole:
        if (column == ConnectionModel::StateColumn)
            return swatch(Presentation::stateColor(state));
        return {};
    case Qt::ForegroundRole:
        if (closed)
            return QColor(0x8A, 0x8F, 0x96);
        if (column == ConnectionModel::CloseReasonColumn)
            return Presentation::closeMarkColor();
        return {};
    case Qt::BackgroundRole: {
        if (closed)
            return QColor(0xF1, 0xF2, 0xF4);
        const Presentation::Activity activity = Presentation::activityOf(state);
        if (activity == Presentation::Activity::Idle)
            return {};
        QColor tint = Presentation::activityColor(activity);
        tint.setAlpha(40);
        return tint;
    }
    case Qt::TextAlignmentRole:
        return int(Qt::AlignVCenter | (isNumeric(column) ? Qt::AlignRight : Qt::AlignLeft));
    case Qt::ToolTipRole: {
        const auto info
            = QIdentityProxyModel::data(index, ConnectionModel::InfoRole).value<ConnectionInfo>();
        if (column == ConnectionModel::RttColumn && info.rttUs >= 0)
            return tr("Round trip %1 ± %2, %3 retransmits")
                .arg(rtt(info.rttUs), rtt(info.rttVarUs))
                .arg(info.retransmits);
        if (closed && !info.closeMessage.isEmpty())
            return info.closeMessage;
        return headerTip(column);
    }
    default:
        return QIdentityProxyModel::data(index, role);
    }
}

QIcon ConnectionPresentationModel::swatch(const QColor &color) const
{
    QIcon &icon = m_swatches[color.rgba()];
    if (icon.isNull()) {
        QPixmap pixmap(SwatchSize, SwatchSize);
        pixmap.fill(color);
        icon = QIcon(pixmap);
    }
    return icon;
}

QVariant ConnectionPresentationModel::headerData(int section, Qt::Orientation orientation,
                                                 int role) const
{
    if (orientation != Qt::Horizontal)
        return QIdentityProxyModel::headerData(section, orientation, role);
    switch (role) {
    case Qt::DisplayRole:
        return header(section);
    case Qt::ToolTipRole:
        return headerTip(section);
    case Qt::TextAlignmentRole:
        return int(Qt::AlignVCenter | (isNumeric(section) ? Qt::AlignRight : Qt::AlignLeft));
    default:
        return QIdentityProxyModel::headerData(section, orientation, role);
    }
}

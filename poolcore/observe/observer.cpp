#include "observer.h"

#include "monotonicclock.h"

#include <algorithm>

using namespace Qt::StringLiterals;

Observer::Observer(const ObserveSelection &selection, QObject *parent)
    : QObject(parent)
    , m_selection(selection)
    , m_tracker(selection)
{
    if (selection.byPid())
        m_process = std::make_unique<ProcessSockets>(selection.pid);
    // Both ends of the destination's port: its connections, its TIME_WAITs and, when the
    // server is on this host, their peers and its listener.
    m_table.setPort(selection.port);
    m_timer.setInterval(DefaultIntervalMs);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        QString error;
        if (!poll(&error)) {
            m_timer.stop();
            Q_EMIT failed(error);
        }
    });
}

Observer::~Observer() = default;

bool Observer::start(QString *error)
{
    if (!poll(error))
        return false;
    if (m_process && !m_processGone && m_process->otherNetworkNamespace()) {
        *error = u"process %1 runs in another network namespace (a container, say), whose "
                 "sockets this one's table does not list; run poolscope observe inside it: "
                 "nsenter --net=/proc/%1/ns/net poolscope observe --pid %1"_s.arg(m_selection.pid);
        return false;
    }
    m_timer.start();
    return true;
}

void Observer::finish()
{
    if (!m_timer.isActive())
        return;
    m_timer.stop();
    if (QString error; !poll(&error))
        Q_EMIT failed(error);
}

bool Observer::poll(QString *error)
{
    if (!m_table.read(&m_rows)) {
        *error = m_table.error();
        return false;
    }
    const QSet<quint64> *inodes = nullptr;
    if (m_process && !m_processGone) {
        switch (readProcess()) {
        case ProcessSockets::Status::Ok:
            inodes = &m_process->inodes();
            break;
        case ProcessSockets::Status::NoSuchProcess:
            // Gone while observed: its connections are still followed by cookie to their end.
            if (!m_timer.isActive()) {
                *error = m_process->error();
                return false;
            }
            m_processGone = true;
            break;
        case ProcessSockets::Status::Refused:
        case ProcessSockets::Status::Failed:
            *error = m_process->error();
            return false;
        }
    }
    const ObservedFeed feed = m_tracker.update(m_rows, inodes, MonotonicClock::nowNs());
    Q_EMIT observed(feed);
    if (m_processGone && feed.findings.open == 0) {
        m_timer.stop();
        Q_EMIT processEnded();
    }
    return true;
}

ProcessSockets::Status Observer::readProcess()
{
    const bool unknown = !m_processRead
        || std::any_of(m_rows.cbegin(), m_rows.cend(), [this](const ObservedSocket &row) {
               return row.inode != 0 && row.state != TcpState::Listen
                   && !m_process->inodes().contains(row.inode)
                   && !m_foreignInodes.contains(row.inode);
           });
    if (!unknown)
        return m_process->check();
    const ProcessSockets::Status status = m_process->read();
    if (status != ProcessSockets::Status::Ok)
        return status;
    m_processRead = true;
    m_foreignInodes.clear();
    for (const ObservedSocket &row : std::as_const(m_rows)) {
        if (row.inode != 0 && !m_process->inodes().contains(row.inode))
            m_foreignInodes.insert(row.inode);
    }
    return status;
}

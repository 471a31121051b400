#pragma once

#include "poolevent.h"

#include <QAbstractTableModel>
#include <QList>

#include <deque>
#include <vector>

class QIODevice;

// The pool's events, newest first, as raw values; EventPresentationModel turns them into
// text. It keeps the last capacity() events in a ring: memory stays bounded however long it
// runs. A filter by kind and connection decides which of them are rows; while paused the rows
// stay as they were and new events are only stored.
//
// A batch is applied in bulk: one remove for the events that fell out of the ring, one insert
// for the new ones.
class EventLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        TimeColumn,
        KindColumn,
        ConnectionColumn,
        GenerationColumn,
        DetailColumn,
        ColumnCount
    };
    enum Role {
        EventRole = Qt::UserRole + 1, // PoolEvent
    };
    static constexpr int DefaultCapacity = 100'000;

    explicit EventLogModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void addEvents(const QList<PoolEvent> &events);
    // Forgets every event, paused rows included.
    void clear();

    void setCapacity(int capacity);
    int capacity() const { return m_capacity; }
    int storedCount() const;
    quint64 receivedCount() const { return m_nextSeq; }

    // Whether an event tells of something wrong: a dial that failed, a connection lost to the
    // peer, the network or a bad stream (peer closed, socket error, keepalive timeout, stale
    // check, unexpected data, broken), an acquire that timed out or failed, a misuse. The pool's
    // routine is not: idle-timeout and lifetime closes, single use, not reusable, made room,
    // shrink, a changed target, a flush, a shutdown, queued and cancelled waiters.
    static bool isProblem(const PoolEvent &event);

    // kinds empty: every kind; problemsOnly: of those, only what isProblem() counts.
    void setKindFilter(const QList<EventKind> &kinds, bool problemsOnly = false);
    bool isProblemsOnly() const { return m_problemsOnly; }
    // 0: every connection, pool-level events included.
    void setConnectionFilter(quint64 connectionId);
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }

    const PoolEvent &event(int row) const;

    // The events the filter lets through, oldest first: what is in the ring, not only what a
    // paused view shows.
    void writeJsonLines(QIODevice *device) const;
    void writeCsv(QIODevice *device) const;

private:
    bool accepts(const PoolEvent &event) const;
    const PoolEvent &stored(quint64 seq) const { return m_ring[size_t(seq % quint64(m_capacity))]; }
    quint64 firstSeq() const;
    void rebuild();

    int m_capacity = DefaultCapacity;
    std::vector<PoolEvent> m_ring; // event seq lives at seq % capacity
    quint64 m_nextSeq = 0;
    std::deque<quint64> m_rows; // seqs shown, newest first
    std::vector<PoolEvent> m_frozen; // while paused: the rows as they were, newest first
    QList<EventKind> m_kinds;
    quint64 m_connectionId = 0;
    bool m_problemsOnly = false;
    bool m_paused = false;
};

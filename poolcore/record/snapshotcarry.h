#pragma once

#include "sessionfeed.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <map>
#include <vector>

// What keeps a recording's snapshots short (docs/recording.md, "Snapshots"). A pool's snapshot
// lists up to 256 closed connections, which never change once closed, and statistics whose
// histograms only ever gain counts, ten times a second: written out in full, a long recording
// would be mostly those. In a recording, a snapshot leaves out the closed connections the
// pool's previous snapshot already listed, and gives each histogram that only grew as the
// counts it gained; its "carried" key says so. A line stays a valid feed line.
//
// thin() is the writer's side, restore() and finish() the reader's; each keeps, per pool, what
// the previous snapshot was in full, so a line thinned, restored, decoded and finished is the
// feed that was written, for every line in order.
class SnapshotCarry
{
public:
    // feed is FeedCodec::encode()'s object.
    void thin(QJsonObject *feed);
    // Restores the line's histograms in full, before FeedCodec::decode(). False and *error
    // (naming the key's path and what was wrong) when it carries what no earlier line has.
    bool restore(QJsonObject *feed, QString *error);
    // Puts back the closed connections the line carried, after FeedCodec::decode() (restore()
    // checked them): decoded once, when a line first lists them, not in every snapshot that
    // carries them.
    void finish(SessionFeed *feed);

private:
    // A histogram's buckets as JSON and, aligned with it, as numbers: what a restore adds to.
    struct Buckets
    {
        QJsonArray json; // [[index, count], ...]
        std::vector<qint64> indexes, counts;
    };
    struct Previous
    {
        QJsonArray closed; // the closed connections it listed first, in order
        QJsonObject histograms; // by stats key, in full (the writer's side)
        std::map<QString, Buckets> buckets; // by stats key (the reader's side)
        QList<ConnectionInfo> closedRows; // closed, as decoded (the reader's side)
        qint64 carried = -1; // what the line being read carries; -1: a whole snapshot
    };

    void thinSnapshot(Previous &previous, QJsonObject *snapshot) const;
    bool restoreSnapshot(Previous *previous, QJsonObject *snapshot, const QString &path,
                         QString *error) const;
    static void remember(Previous &previous, const QJsonObject &snapshot);
    static void rememberBuckets(Previous &previous, const QJsonObject &stats);
    static void add(Buckets &buckets, const QJsonArray &gained);

    std::map<qint64, Previous> m_previous; // by pool id
};

#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <map>

// What keeps a recording's snapshots short (docs/recording.md, "Snapshots"). A pool's snapshot
// lists up to 256 closed connections, which never change once closed, and statistics whose
// histograms only ever gain counts, ten times a second: written out in full, a long recording
// would be mostly those. In a recording, a snapshot leaves out the closed connections the
// pool's previous snapshot already listed, and gives each histogram that only grew as the
// counts it gained; its "carried" key says so. A line stays a valid feed line.
//
// thin() is the writer's side and restore() the reader's; each keeps, per pool, the previous
// snapshot as it was in full, so restore(thin(line)) is the line, for every line in order.
class SnapshotCarry
{
public:
    // feed is FeedCodec::encode()'s object.
    void thin(QJsonObject *feed);
    // False and *error (naming the key's path and what was wrong) when a line carries what no
    // earlier line has.
    bool restore(QJsonObject *feed, QString *error);

private:
    struct Previous
    {
        QJsonArray closed; // its closed connections, in order
        QJsonObject histograms; // by stats key, in full
    };

    void thinSnapshot(Previous &previous, QJsonObject *snapshot) const;
    bool restoreSnapshot(const Previous *previous, QJsonObject *snapshot, const QString &path,
                         QString *error) const;
    static void remember(Previous &previous, const QJsonObject &snapshot);

    std::map<qint64, Previous> m_previous; // by pool id
};

// The shape of the code, checked on its includes: each poolcore folder includes only from the
// folders it links, each view only from common and poolcore, and nothing under ui/ reaches a
// socket, the pool's thread or a prober, directly or through another header.
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <functional>

using namespace Qt::StringLiterals;

namespace {

const QString Root = QStringLiteral(POOLSCOPE_SOURCE_DIR);

// What each poolcore folder may include from: itself and the libraries it links.
const QHash<QString, QStringList> &poolcoreRules()
{
    static const QHash<QString, QStringList> rules{
        {u"base"_s, {}},
        {u"net"_s, {u"base"_s}},
        {u"protocol"_s, {u"base"_s}},
        {u"pool"_s, {u"net"_s, u"base"_s}},
        {u"load"_s, {u"pool"_s, u"protocol"_s, u"net"_s, u"base"_s}},
        {u"probe"_s, {u"pool"_s, u"protocol"_s, u"net"_s, u"base"_s}},
        {u"lab"_s, {u"protocol"_s, u"net"_s, u"base"_s}},
        {u"session"_s,
         {u"load"_s, u"probe"_s, u"lab"_s, u"pool"_s, u"protocol"_s, u"net"_s, u"base"_s}},
        {u"record"_s,
         {u"session"_s, u"load"_s, u"probe"_s, u"lab"_s, u"pool"_s, u"protocol"_s, u"net"_s,
          u"base"_s}},
        {u"metrics"_s,
         {u"session"_s, u"observe"_s, u"load"_s, u"probe"_s, u"lab"_s, u"pool"_s, u"protocol"_s,
          u"net"_s, u"base"_s}},
        {u"observe"_s, {u"base"_s}},
        {u"script"_s,
         {u"session"_s, u"load"_s, u"probe"_s, u"lab"_s, u"pool"_s, u"protocol"_s, u"net"_s,
          u"base"_s}},
    };
    return rules;
}

// What each ui folder may include from besides itself and poolcore: a view only from common,
// the window from every view.
const QHash<QString, QStringList> &uiRules()
{
    static const QStringList views{u"common"_s,  u"connections"_s,  u"events"_s,     u"lanes"_s,
                                   u"charts"_s,  u"controls"_s,     u"statistics"_s, u"requests"_s,
                                   u"compare"_s, u"reachability"_s, u"diagnosis"_s,  u"replay"_s};
    static const QHash<QString, QStringList> rules = [] {
        QHash<QString, QStringList> r;
        for (const QString &view : views)
            r.insert(view, view == u"common"_s ? QStringList() : QStringList{u"common"_s});
        r.insert(u"window"_s, views);
        return r;
    }();
    return rules;
}

// What the window must never reach: sockets, what lives on the pool's or the lab's thread,
// and the probers.
const QSet<QString> &forbiddenInUi()
{
    static const QSet<QString> headers{
        u"QTcpSocket"_s,         u"QSslSocket"_s,
        u"QTcpServer"_s,         u"QAbstractSocket"_s,
        u"QUdpSocket"_s,         u"QLocalSocket"_s,
        u"QHostInfo"_s,          u"QSocketNotifier"_s,
        u"connectionpool.h"_s,   u"pooledconnection.h"_s,
        u"poollease.h"_s,        u"dialer.h"_s,
        u"connector.h"_s,        u"link.h"_s,
        u"socketlink.h"_s,       u"poolhost.h"_s,
        u"labhost.h"_s,          u"labserver.h"_s,
        u"labconnection.h"_s,    u"loaddriver.h"_s,
        u"loadworker.h"_s,       u"prober.h"_s,
        u"idlecutofffinder.h"_s, u"probeconnection.h"_s,
        u"proberesolver.h"_s,    u"probehost.h"_s,
        u"threadhost.h"_s,
    };
    return headers;
}

struct Source
{
    QString path; // relative to the root, "ui/lanes/laneview.cpp"
    QString area; // "poolcore" or "ui"
    QString folder; // "lanes"
    QStringList includes; // as written: "laneview.h", "QTcpSocket"
};

QStringList includesOf(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    // (moc reads this file too, and does not take raw string literals.)
    static const QRegularExpression include(u"^\\s*#\\s*include\\s*[\"<]([^\">]+)[\">]"_s,
                                            QRegularExpression::MultilineOption);
    QStringList found;
    const QString text = QString::fromUtf8(file.readAll());
    for (auto it = include.globalMatch(text); it.hasNext();)
        found << it.next().captured(1);
    return found;
}

QList<Source> sources()
{
    QList<Source> all;
    for (const QString &area : {u"poolcore"_s, u"ui"_s}) {
        QDirIterator it(Root + u'/' + area, {u"*.h"_s, u"*.cpp"_s}, QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = QDir(Root).relativeFilePath(it.next());
            const QStringList parts = path.split(u'/');
            // A file beside the folders (precompiled.cpp) belongs to no library.
            if (parts.size() < 3)
                continue;
            all.append({path, area, parts.value(1), includesOf(Root + u'/' + path)});
        }
    }
    return all;
}

} // namespace

class tst_Layering : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void headerNamesAreUnique();
    void poolcoreFoldersIncludeOnlyWhatTheyLink();
    void viewsIncludeOnlyCommonAndPoolcore();
    void theWindowNeverReachesASocketOrAPoolThread();

private:
    QList<Source> m_sources;
    QHash<QString, const Source *> m_byName; // "laneview.h" -> its source
};

void tst_Layering::initTestCase()
{
    m_sources = sources();
    QVERIFY2(m_sources.size() > 100, "the source tree was not found");
    for (const Source &source : std::as_const(m_sources)) {
        if (source.path.endsWith(u".h"_s))
            m_byName.insert(source.path.section(u'/', -1), &source);
    }
}

void tst_Layering::headerNamesAreUnique()
{
    // Includes name headers without their folder: two of one name would be ambiguous.
    QHash<QString, QString> seen;
    for (const Source &source : std::as_const(m_sources)) {
        if (!source.path.endsWith(u".h"_s))
            continue;
        const QString name = source.path.section(u'/', -1);
        QVERIFY2(!seen.contains(name),
                 qPrintable(u"%1 and %2 share a name"_s.arg(seen.value(name), source.path)));
        seen.insert(name, source.path);
    }
}

void tst_Layering::poolcoreFoldersIncludeOnlyWhatTheyLink()
{
    QStringList violations;
    for (const Source &source : std::as_const(m_sources)) {
        if (source.area != u"poolcore"_s)
            continue;
        QVERIFY2(poolcoreRules().contains(source.folder),
                 qPrintable(u"%1: a folder the rules do not know"_s.arg(source.path)));
        const QStringList allowed = poolcoreRules().value(source.folder);
        for (const QString &include : source.includes) {
            const Source *target = m_byName.value(include);
            if (!target)
                continue; // Qt or the standard library
            if (target->area == u"ui"_s
                || (target->folder != source.folder && !allowed.contains(target->folder)))
                violations << u"%1 includes %2 (%3/)"_s.arg(source.path, include, target->folder);
        }
    }
    QVERIFY2(violations.isEmpty(), qPrintable(violations.join(u'\n')));
}

void tst_Layering::viewsIncludeOnlyCommonAndPoolcore()
{
    QStringList violations;
    for (const Source &source : std::as_const(m_sources)) {
        if (source.area != u"ui"_s)
            continue;
        QVERIFY2(uiRules().contains(source.folder),
                 qPrintable(u"%1: a folder the rules do not know"_s.arg(source.path)));
        const QStringList allowed = uiRules().value(source.folder);
        for (const QString &include : source.includes) {
            const Source *target = m_byName.value(include);
            if (target && target->area == u"ui"_s && target->folder != source.folder
                && !allowed.contains(target->folder))
                violations << u"%1 includes %2 (ui/%3/)"_s.arg(source.path, include,
                                                               target->folder);
        }
    }
    QVERIFY2(violations.isEmpty(), qPrintable(violations.join(u'\n')));
}

void tst_Layering::theWindowNeverReachesASocketOrAPoolThread()
{
    QStringList violations;
    for (const Source &source : std::as_const(m_sources)) {
        if (source.area != u"ui"_s)
            continue;
        // Through every project header it includes, and the ones those include.
        QStringList chain;
        QSet<QString> visited;
        std::function<void(const Source &)> walk = [&](const Source &from) {
            for (const QString &include : from.includes) {
                if (forbiddenInUi().contains(include)) {
                    violations << u"%1 reaches %2 (%3)"_s.arg(
                        source.path, include, (chain + QStringList{include}).join(u" -> "_s));
                    continue;
                }
                const Source *next = m_byName.value(include);
                if (!next || visited.contains(include))
                    continue;
                visited.insert(include);
                chain << include;
                walk(*next);
                chain.removeLast();
            }
        };
        walk(source);
    }
    QVERIFY2(violations.isEmpty(), qPrintable(violations.join(u'\n')));
}

QTEST_GUILESS_MAIN(tst_Layering)
#include "tst_layering.moc"

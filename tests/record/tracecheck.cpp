#include "tracecheck.h"

#include <QJsonArray>
#include <QSet>

#include <algorithm>
#include <map>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

using Track = std::pair<qint64, qint64>; // pid, tid

// Adjacent slices share an end in nanoseconds; in microseconds as doubles the sum of a start
// and a duration may come out a rounding step past the next start.
constexpr double Rounding = 0.001; // µs

QString trackName(const Track &track)
{
    return u"pid %1 tid %2"_s.arg(track.first).arg(track.second);
}

struct Checker
{
    QStringList problems;
    std::map<Track, std::vector<std::pair<double, double>>> slices; // start, end
    std::map<Track, QStringList> stacks; // open B slices
    std::map<QString, std::pair<Track, double>> async; // open b slices by cat/name/id
    QSet<qint64> namedProcesses, usedProcesses;
    QSet<Track> namedThreads, usedThreads;

    void problem(const QString &what)
    {
        if (!problems.contains(what))
            problems << what;
    }
    void event(const QJsonObject &e, int at);
};

void Checker::event(const QJsonObject &e, int at)
{
    const QString where = u"traceEvents[%1]"_s.arg(at);
    const QString ph = e.value(u"ph"_s).toString();
    if (ph.isEmpty() || !e.value(u"pid"_s).isDouble())
        return problem(where + u": no ph or no numeric pid"_s);
    const qint64 pid = e.value(u"pid"_s).toInteger();
    const Track track{pid, e.value(u"tid"_s).toInteger()};
    if (ph == u"M") {
        const QString name = e.value(u"name"_s).toString();
        if (!e.value(u"args"_s)[u"name"_s].isString())
            return problem(where + u": metadata without args.name"_s);
        if (name == u"process_name")
            namedProcesses.insert(pid);
        else if (name == u"thread_name")
            namedThreads.insert(track);
        return;
    }
    const double ts = e.value(u"ts"_s).toDouble(-1);
    if (!e.value(u"ts"_s).isDouble() || ts < 0)
        return problem(where + u": ts is not a number of µs from 0"_s);
    usedProcesses.insert(pid);
    if (ph == u"C") {
        const QJsonObject args = e.value(u"args"_s).toObject();
        if (args.isEmpty())
            problem(where + u": a counter without values"_s);
        for (auto it = args.begin(); it != args.end(); ++it) {
            if (!it.value().isDouble())
                problem(where + u": counter value %1 is not a number"_s.arg(it.key()));
        }
        return;
    }
    if (!e.value(u"tid"_s).isDouble())
        return problem(where + u": no numeric tid"_s);
    usedThreads.insert(track);
    const QString name = e.value(u"name"_s).toString();
    if (ph == u"X") {
        const double dur = e.value(u"dur"_s).toDouble(-1);
        if (dur < 0)
            return problem(where + u": a complete slice without a duration"_s);
        slices[track].push_back({ts, ts + dur});
    } else if (ph == u"B") {
        stacks[track] << name;
    } else if (ph == u"E") {
        if (stacks[track].isEmpty())
            problem(where + u": E without a B on "_s + trackName(track));
        else
            stacks[track].removeLast();
    } else if (ph == u"b" || ph == u"e") {
        const QString key = e.value(u"cat"_s).toString() + u'/' + name + u'/'
            + e.value(u"id"_s).toVariant().toString();
        if (ph == u"b") {
            if (async.contains(key))
                problem(where + u": async slice begun twice: "_s + key);
            async[key] = {track, ts};
        } else if (!async.contains(key)) {
            problem(where + u": async end without its begin: "_s + key);
        } else {
            if (async[key].first != track)
                problem(where + u": async slice ends on another track: "_s + key);
            if (ts < async[key].second)
                problem(where + u": async slice ends before it begins: "_s + key);
            async.erase(key);
        }
    } else if (ph == u"i") {
        if (!QStringList{u"t"_s, u"p"_s, u"g"_s}.contains(e.value(u"s"_s).toString()))
            problem(where + u": an instant without a scope"_s);
    } else {
        problem(where + u": unexpected phase "_s + ph);
    }
}

} // namespace

QStringList traceProblems(const QJsonObject &trace)
{
    Checker c;
    if (!trace.value(u"traceEvents"_s).isArray())
        c.problem(u"no traceEvents list"_s);
    if (!QStringList{u"ms"_s, u"ns"_s}.contains(trace.value(u"displayTimeUnit"_s).toString()))
        c.problem(u"displayTimeUnit is not ms or ns"_s);
    const QJsonArray events = trace.value(u"traceEvents"_s).toArray();
    for (int i = 0; i < events.size(); ++i) {
        if (!events[i].isObject())
            c.problem(u"traceEvents[%1] is not an object"_s.arg(i));
        else
            c.event(events[i].toObject(), i);
    }
    for (auto &[track, spans] : c.slices) {
        std::sort(spans.begin(), spans.end());
        for (size_t i = 1; i < spans.size(); ++i) {
            if (spans[i].first < spans[i - 1].second - Rounding)
                c.problem(u"%1: a slice at %2 µs overlaps the one before, to %3 µs"_s
                              .arg(trackName(track))
                              .arg(spans[i].first, 0, 'f', 3)
                              .arg(spans[i - 1].second, 0, 'f', 3));
        }
    }
    for (const auto &[track, stack] : c.stacks) {
        if (!stack.isEmpty())
            c.problem(trackName(track) + u": B without an E: "_s + stack.join(u", "_s));
    }
    for (const auto &[key, begin] : c.async)
        c.problem(u"async slice never ends: "_s + key);
    for (const qint64 pid : c.usedProcesses) {
        if (!c.namedProcesses.contains(pid))
            c.problem(u"pid %1 has no process_name"_s.arg(pid));
    }
    for (const Track &track : c.usedThreads) {
        if (!c.namedThreads.contains(track))
            c.problem(trackName(track) + u" has no thread_name"_s);
    }
    return c.problems;
}

TraceSummary summarize(const QJsonObject &trace)
{
    TraceSummary s;
    const auto add = [](QStringList &names, const QString &name) {
        if (!names.contains(name))
            names << name;
    };
    for (const QJsonValue &value : trace.value(u"traceEvents"_s).toArray()) {
        const QJsonObject e = value.toObject();
        const QString ph = e.value(u"ph"_s).toString();
        const QString name = e.value(u"name"_s).toString();
        if (ph == u"X") {
            ++s.slices;
            add(s.sliceNames, name);
        } else if (ph == u"i") {
            ++s.instants;
            add(s.instantNames, name);
        } else if (ph == u"b") {
            ++s.asyncSlices;
        } else if (ph == u"C") {
            ++s.counters;
        } else if (ph == u"M") {
            add(name == u"process_name" ? s.processNames : s.threadNames,
                e.value(u"args"_s)[u"name"_s].toString());
        }
    }
    return s;
}
